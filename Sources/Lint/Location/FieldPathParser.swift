import NetworkPolicyValidation

/// Reads a field path back from the text the apiserver puts in front of a warning
/// (`spec.ingress[0].from[0].ipBlock.cidr: CIDR value ...`), so warnings can be located like errors.
enum FieldPathParser {
    /// The path prefix of `message` and its rendering, or nil when the message does not start with a path.
    static func pathPrefix(of message: String) -> (path: FieldPath, text: String)? {
        guard let colon = message.range(of: ": ") else { return nil }
        let text = String(message[..<colon.lowerBound])
        guard let path = parse(text) else { return nil }
        return (path, text)
    }

    /// `spec.ingress[0].from` → child, child, index, child; `metadata.labels[app]` → a key. Nil on anything
    /// that is not a path (spaces, empty names).
    static func parse(_ text: String) -> FieldPath? {
        guard !text.isEmpty, !text.contains(" ") else { return nil }
        var elements: [FieldPath.Element] = []
        var name = ""
        var iterator = text.makeIterator()
        func flushName() -> Bool {
            guard !name.isEmpty else { return false }
            elements.append(.child(name))
            name = ""
            return true
        }
        while let character = iterator.next() {
            switch character {
            case ".":
                if !name.isEmpty { _ = flushName() } else if elements.isEmpty { return nil }
            case "[":
                if !name.isEmpty { _ = flushName() }
                guard !elements.isEmpty else { return nil }
                var inside = ""
                var closed = false
                while let next = iterator.next() {
                    if next == "]" {
                        closed = true
                        break
                    }
                    inside.append(next)
                }
                guard closed else { return nil }
                if let index = Int(inside), index >= 0 {
                    elements.append(.index(index))
                } else {
                    elements.append(.key(inside))
                }
            default:
                name.append(character)
            }
        }
        if !name.isEmpty { _ = flushName() }
        return elements.isEmpty ? nil : FieldPath(elements)
    }
}
