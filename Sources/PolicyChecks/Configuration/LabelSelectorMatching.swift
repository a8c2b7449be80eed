import NetworkPolicyValidation

extension LabelSelector {
    /// `labels.Selector.Matches` of a `metav1.LabelSelector`: every matchLabels pair and every requirement
    /// (`In`, `NotIn`, `Exists`, `DoesNotExist`) holds. An empty selector matches everything; an unknown operator
    /// matches nothing.
    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels ?? [:] where labels[key] != value {
            return false
        }
        for requirement in matchExpressions ?? [] {
            let value = labels[requirement.key]
            let values = requirement.values ?? []
            let holds: Bool
            switch requirement.operator {
            case "In": holds = value.map(values.contains) ?? false
            case "NotIn": holds = value.map { !values.contains($0) } ?? true
            case "Exists": holds = value != nil
            case "DoesNotExist": holds = value == nil
            default: holds = false
            }
            if !holds { return false }
        }
        return true
    }
}
