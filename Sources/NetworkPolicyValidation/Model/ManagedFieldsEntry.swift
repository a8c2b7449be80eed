/// The parts of `metav1.ManagedFieldsEntry` that validation reads (`fieldsV1` and `time` are not read).
public struct ManagedFieldsEntry: Hashable, Sendable {
    public var manager: String?
    public var operation: String?
    public var apiVersion: String?
    public var fieldsType: String?
    public var subresource: String?

    public init(
        manager: String? = nil, operation: String? = nil, apiVersion: String? = nil, fieldsType: String? = nil,
        subresource: String? = nil
    ) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.fieldsType = fieldsType
        self.subresource = subresource
    }
}
