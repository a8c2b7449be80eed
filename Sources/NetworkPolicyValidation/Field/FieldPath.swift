/// The location of a field inside an object, rendered the way Kubernetes' `field.Path` renders it:
/// `spec.ingress[0].from[1].ipBlock.except[2]`, `metadata.labels[app]`.
///
/// Like `field.Path` it is a chain of parent links: validation makes a path for every field it visits, so taking a
/// child must not copy the parent's elements (one small allocation, nothing else). The elements are only walked
/// when a path is rendered or compared, which happens for errors.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    /// One step from a parent to a child.
    public enum Element: Hashable, Sendable {
        case child(String)
        case index(Int)
        case key(String)
    }

    final class Link: Sendable {
        let parent: Link?
        let element: Element
        let depth: Int

        init(parent: Link?, element: Element) {
            self.parent = parent
            self.element = element
            self.depth = (parent?.depth ?? 0) + 1
        }
    }

    let last: Link?

    init(last: Link?) {
        self.last = last
    }

    public init(_ elements: [Element] = []) {
        var link: Link?
        for element in elements {
            link = Link(parent: link, element: element)
        }
        self.last = link
    }

    /// The steps from the root to this field.
    public var elements: [Element] {
        guard let last else { return [] }
        var elements = [Element]()
        elements.reserveCapacity(last.depth)
        var link: Link? = last
        while let current = link {
            elements.append(current.element)
            link = current.parent
        }
        return elements.reversed()
    }

    /// True for the empty path (the object itself).
    public var isEmpty: Bool { last == nil }

    /// A path that starts at the top-level field `name`.
    public static func root(_ name: String) -> FieldPath {
        FieldPath(last: Link(parent: nil, element: .child(name)))
    }

    public func child(_ name: String) -> FieldPath {
        FieldPath(last: Link(parent: last, element: .child(name)))
    }

    public func child(_ names: String...) -> FieldPath {
        var path = self
        for name in names { path = path.child(name) }
        return path
    }

    public func index(_ index: Int) -> FieldPath {
        FieldPath(last: Link(parent: last, element: .index(index)))
    }

    /// A map key, rendered as `[key]` after the map's name.
    public func key(_ key: String) -> FieldPath {
        FieldPath(last: Link(parent: last, element: .key(key)))
    }

    public static func == (lhs: FieldPath, rhs: FieldPath) -> Bool {
        if lhs.last === rhs.last { return true }
        return lhs.elements == rhs.elements
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(elements)
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
