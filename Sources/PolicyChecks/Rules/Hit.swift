import NetworkPolicyValidation

/// What one rule reports before the configuration gives it a severity: a field and the text about it.
struct Hit: Hashable, Sendable {
    var path: FieldPath
    var detail: String

    init(_ path: FieldPath, _ detail: String) {
        self.path = path
        self.detail = detail
    }
}
