import NetworkPolicyValidation

/// Which checks apply and how hard, from the `--config` file (`CheckConfiguration.parse(_:)`) or the defaults.
public struct CheckConfiguration: Hashable, Sendable {
    /// Severities the configuration sets; other checks keep their default.
    public var severities: [Check: CheckSeverity]
    /// The cluster's pod and service ranges, for `ipblock-in-cluster`.
    public var clusterCIDRs: [IPNetwork]
    /// Namespaces no check applies to, by name.
    public var exemptNamespaces: Set<String>
    /// Namespaces no check applies to, by label selector (matched against the labels that are known; see
    /// `CheckContext.namespaceLabels`).
    public var exemptNamespaceSelectors: [LabelSelector]
    /// `missing-default-deny` also asks for a policy that isolates every pod for egress.
    public var defaultDenyEgress: Bool

    public init(
        severities: [Check: CheckSeverity] = [:], clusterCIDRs: [IPNetwork] = [], exemptNamespaces: Set<String> = [],
        exemptNamespaceSelectors: [LabelSelector] = [], defaultDenyEgress: Bool = false
    ) {
        self.severities = severities
        self.clusterCIDRs = clusterCIDRs
        self.exemptNamespaces = exemptNamespaces
        self.exemptNamespaceSelectors = exemptNamespaceSelectors
        self.defaultDenyEgress = defaultDenyEgress
    }

    /// The severity that applies to `check`: the configured one, else the default, where `ipblock-in-cluster`
    /// turns `warn` when `clusterCIDRs` is given.
    public func severity(of check: Check) -> CheckSeverity {
        // An empty dictionary still hashes the key: most configurations set no severity.
        if !severities.isEmpty, let severity = severities[check] { return severity }
        if check == .ipBlockInCluster && !clusterCIDRs.isEmpty { return .warn }
        return check.defaultSeverity
    }

    /// True when no check applies to objects of `namespace`, whose known labels are `labels`. The labels are only
    /// made when a selector needs them: most configurations have none, and the admission path calls this per review.
    public func isExempt(namespace: String, labels: @autoclosure () -> [String: String]) -> Bool {
        if !exemptNamespaces.isEmpty && exemptNamespaces.contains(namespace) { return true }
        guard !exemptNamespaceSelectors.isEmpty else { return false }
        let labels = labels()
        return exemptNamespaceSelectors.contains { $0.matches(labels) }
    }
}
