import NetworkPolicyValidation

/// What the namespace-wide checks need to know about one policy, kept by `lint` while it reads the files.
public struct PolicySummary: Hashable, Sendable {
    public var namespace: String
    public var podSelector: LabelSelector
    public var isolatesIngress: Bool
    public var isolatesEgress: Bool
    public var dns: DNSAccess

    /// `policy` must be defaulted with its namespace set.
    public init(_ policy: NetworkPolicy) {
        namespace = policy.metadata.namespace ?? ""
        podSelector = policy.spec.podSelector ?? LabelSelector()
        isolatesIngress = PolicyWalk.isolates(policy.spec, .ingress)
        isolatesEgress = PolicyWalk.isolates(policy.spec, .egress)
        dns = DNSAccess(policy.spec)
    }

    /// True when every pod this policy selects is surely selected by `other` too: `other` selects all pods, or
    /// its selector has only matchLabels and they are a subset of ours, or both selectors are the same.
    /// Conservative: anything else counts as not covered.
    public func isCovered(by other: PolicySummary) -> Bool {
        guard other.namespace == namespace else { return false }
        if other.podSelector.isEmpty || other.podSelector == podSelector { return true }
        guard (other.podSelector.matchExpressions ?? []).isEmpty else { return false }
        let ours = podSelector.matchLabels ?? [:]
        return (other.podSelector.matchLabels ?? [:]).allSatisfy { ours[$0.key] == $0.value }
    }
}
