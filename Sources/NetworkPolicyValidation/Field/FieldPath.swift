/// The location of a field inside an object, rendered the way Kubernetes' `field.Path` renders it:
/// `spec.ingress[0].from[1].ipBlock.except[2]`, `metadata.labels[app]`.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    /// One step from a parent to a child.
    public enum Element: Hashable, Sendable {
        case child(String)
        case index(Int)
        case key(String)
    }

    public let elements: [Element]

    public init(_ elements: [Element] = []) {
        self.elements = elements
    }

    /// A path that starts at the top-level field `name`.
    public static func root(_ name: String) -> FieldPath {
        FieldPath([.child(name)])
    }

    public func child(_ name: String) -> FieldPath {
        FieldPath(elements + [.child(name)])
    }

    public func child(_ names: String...) -> FieldPath {
        FieldPath(elements + names.map(Element.child))
    }

    public func index(_ index: Int) -> FieldPath {
        FieldPath(elements + [.index(index)])
    }

    /// A map key, rendered as `[key]` after the map's name.
    public func key(_ key: String) -> FieldPath {
        FieldPath(elements + [.key(key)])
    }

    public var description: String {
        var text = ""
        for element in elements {
            switch element {
            case .child(let name):
                if !text.isEmpty { text += "." }
                text += name
            case .index(let index):
                text += "[\(index)]"
            case .key(let key):
                text += "[\(key)]"
            }
        }
        return text
    }
}
