import NetworkPolicyValidation
import Yams

extension CheckConfiguration {
    /// The top-level keys of a configuration file.
    static let keys = ["checks", "clusterCIDRs", "exemptNamespaces", "exemptNamespaceSelectors", "defaultDenyEgress"]

    /// Parses the text of a configuration file:
    ///
    /// ```yaml
    /// checks:                       # severity per check id: deny, warn or off
    ///   allow-all-ingress: deny
    /// clusterCIDRs: [10.244.0.0/16, 10.96.0.0/12]
    /// exemptNamespaces: [kube-system]
    /// exemptNamespaceSelectors:
    /// - matchLabels: {netpol-webhook.dev/exempt: "true"}
    /// defaultDenyEgress: true       # missing-default-deny also asks for egress
    /// ```
    ///
    /// An empty file gives the defaults. Unknown keys, unknown check ids, repeated keys and bad values are
    /// refused with the line and column of the offending node.
    public static func parse(_ text: String) throws(ConfigurationError) -> CheckConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw ConfigurationError(line: 1, column: 1, reason: "not YAML: \(error)")
        }
        var configuration = CheckConfiguration()
        guard let root, !isNull(root) else { return configuration }
        for (key, value) in try entries(of: root, what: "the configuration") {
            switch key.name {
            case "checks":
                for (idNode, severityNode) in try entries(of: value, what: "checks") {
                    guard let check = Check(rawValue: idNode.name) else {
                        throw error(
                            idNode.node,
                            "unknown check \(quoted(idNode.name)) (known: \(Check.allCases.map(\.id).joined(separator: ", ")))"
                        )
                    }
                    guard let text = severityNode.scalar?.string, let severity = CheckSeverity(rawValue: text) else {
                        throw error(
                            severityNode,
                            "severity of \(check.id) must be deny, warn or off, not \(describe(severityNode))")
                    }
                    configuration.severities[check] = severity
                }
            case "clusterCIDRs":
                for (index, item) in try strings(of: value, what: "clusterCIDRs").enumerated() {
                    let path = FieldPath.root("clusterCIDRs").index(index)
                    if let problem = CIDRValidation.validateLegacyCIDR(item.text, at: path).first {
                        throw error(item.node, "\(path): \(quoted(item.text)) \(problem.detail)")
                    }
                    guard let network = IPNetwork.parseSloppy(item.text) else { continue }
                    configuration.clusterCIDRs.append(network)
                }
            case "exemptNamespaces":
                for item in try strings(of: value, what: "exemptNamespaces") {
                    configuration.exemptNamespaces.insert(item.text)
                }
            case "exemptNamespaceSelectors":
                guard case .sequence(let sequence) = value else {
                    throw error(value, "exemptNamespaceSelectors must be a list of label selectors")
                }
                for (index, item) in sequence.enumerated() {
                    configuration.exemptNamespaceSelectors.append(
                        try selector(item, path: FieldPath.root("exemptNamespaceSelectors").index(index)))
                }
            case "defaultDenyEgress":
                guard let text = value.scalar?.string, let flag = ["true": true, "false": false][text] else {
                    throw error(value, "defaultDenyEgress must be true or false, not \(describe(value))")
                }
                configuration.defaultDenyEgress = flag
            default:
                throw error(key.node, "unknown key \(quoted(key.name)) (known: \(keys.joined(separator: ", ")))")
            }
        }
        return configuration
    }

    /// A `metav1.LabelSelector` from YAML, validated with the apiserver's selector rules.
    private static func selector(_ node: Node, path: FieldPath) throws(ConfigurationError) -> LabelSelector {
        var selector = LabelSelector()
        for (key, value) in try entries(of: node, what: "\(path)") {
            switch key.name {
            case "matchLabels":
                var labels: [String: String] = [:]
                for (label, labelValue) in try entries(of: value, what: "\(path).matchLabels") {
                    guard let text = labelValue.scalar?.string else {
                        throw error(labelValue, "\(path).matchLabels[\(label.name)] must be a string")
                    }
                    labels[label.name] = text
                }
                selector.matchLabels = labels
            case "matchExpressions":
                guard case .sequence(let sequence) = value else {
                    throw error(value, "\(path).matchExpressions must be a list")
                }
                var requirements: [LabelSelectorRequirement] = []
                for (index, item) in sequence.enumerated() {
                    let itemPath = path.child("matchExpressions").index(index)
                    var requirement = LabelSelectorRequirement(key: "", operator: "")
                    for (field, fieldValue) in try entries(of: item, what: "\(itemPath)") {
                        switch field.name {
                        case "key", "operator":
                            guard let text = fieldValue.scalar?.string else {
                                throw error(fieldValue, "\(itemPath).\(field.name) must be a string")
                            }
                            if field.name == "key" { requirement.key = text } else { requirement.operator = text }
                        case "values":
                            requirement.values = try strings(of: fieldValue, what: "\(itemPath).values").map(\.text)
                        default:
                            throw error(field.node, "unknown key \(quoted(field.name)) in \(itemPath)")
                        }
                    }
                    requirements.append(requirement)
                }
                selector.matchExpressions = requirements
            default:
                throw error(
                    key.node, "unknown key \(quoted(key.name)) in \(path) (known: matchLabels, matchExpressions)")
            }
        }
        if let problem = LabelSelectorRules.validate(selector, at: path).first {
            throw error(node, problem.description)
        }
        return selector
    }

    // MARK: - Nodes

    private struct Key {
        var name: String
        var node: Node
    }

    /// The entries of a mapping with string keys, refusing repeated keys (Yams keeps them all).
    private static func entries(of node: Node, what: String) throws(ConfigurationError) -> [(Key, Node)] {
        guard case .mapping(let mapping) = node else {
            if isNull(node) { return [] }
            throw error(node, "\(what) must be a mapping, not \(describe(node))")
        }
        var seen = Set<String>()
        var result: [(Key, Node)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { throw error(key, "keys in \(what) must be strings") }
            guard seen.insert(name).inserted else { throw error(key, "\(quoted(name)) is given twice in \(what)") }
            result.append((Key(name: name, node: key), value))
        }
        return result
    }

    private static func strings(of node: Node, what: String) throws(ConfigurationError) -> [(text: String, node: Node)]
    {
        guard case .sequence(let sequence) = node else {
            if isNull(node) { return [] }
            throw error(node, "\(what) must be a list of strings, not \(describe(node))")
        }
        var result: [(String, Node)] = []
        for item in sequence {
            guard case .scalar(let scalar) = item, !isNull(item) else {
                throw error(item, "\(what) must be a list of strings, not a list holding \(describe(item))")
            }
            result.append((scalar.string, item))
        }
        return result
    }

    private static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): isNull(node) ? "null" : quoted(scalar.string)
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    private static func quoted(_ text: String) -> String {
        GoQuote.quote(text)
    }

    private static func error(_ node: Node, _ reason: String) -> ConfigurationError {
        ConfigurationError(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, reason: reason)
    }

    private static func syntaxError(_ error: YamlError) -> ConfigurationError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigurationError(line: mark.line, column: mark.column, reason: "not YAML: \(problem)")
        default:
            return ConfigurationError(line: 1, column: 1, reason: "not YAML: \(error)")
        }
    }
}
