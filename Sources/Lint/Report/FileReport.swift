/// What one file gave: its objects, or the reason it could not be read.
public struct FileReport: Hashable, Sendable {
    public var path: String
    /// Set when the file could not be read or parsed; then `objects` is empty.
    public var unreadable: Finding?
    public var objects: [ObjectReport]

    public init(path: String, unreadable: Finding? = nil, objects: [ObjectReport] = []) {
        self.path = path
        self.unreadable = unreadable
        self.objects = objects
    }

    /// Every finding of the file in report order: the unreadable finding, then each object's.
    public var findings: [Finding] {
        (unreadable.map { [$0] } ?? []) + objects.flatMap(\.findings)
    }

    /// `body` on every finding in report order, without collecting them into an array.
    func forEachFinding(_ body: (Finding) -> Void) {
        if let unreadable { body(unreadable) }
        for object in objects {
            for finding in object.findings { body(finding) }
        }
    }
}
