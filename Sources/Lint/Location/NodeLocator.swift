import NetworkPolicyValidation

/// Finds where a field path points inside an object's YAML: the value for a scalar, the key for a mapping or
/// list reached by name, and the nearest existing ancestor when the path's leaf is missing (a `Required value`).
enum NodeLocator {
    static func position(of path: FieldPath, in root: YAMLNode, value: BadValue? = nil) -> SourcePosition {
        var node = root
        var position = root.position
        for element in path.elements {
            switch element {
            case .child(let name), .key(let name):
                guard let entry = node.entry(named: name) else { return position }
                node = entry.value
                position = isCollection(node) ? entry.keyPosition : node.position
                if case .key = element { position = entry.keyPosition }
            case .index(let index):
                guard case .sequence(let items) = node.value, items.indices.contains(index) else { return position }
                node = items[index]
                position = node.position
            }
        }
        // Selector and label errors name the map (`spec.podSelector.matchLabels`) and give the bad key or value as
        // the value: point at that entry when it can be told apart.
        if case .string(let bad) = value, case .mapping(let entries) = node.value {
            if let entry = entries.last(where: { $0.key == bad }) { return entry.keyPosition }
            if let entry = entries.last(where: { $0.value.string == bad }) { return entry.value.position }
        }
        return position
    }

    private static func isCollection(_ node: YAMLNode) -> Bool {
        switch node.value {
        case .mapping, .sequence: true
        default: false
        }
    }
}
