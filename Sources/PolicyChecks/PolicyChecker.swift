import NetworkPolicyValidation

/// Runs the configured checks on one NetworkPolicy. Pure: policy and context in, findings out.
public struct PolicyChecker: Sendable {
    public var configuration: CheckConfiguration

    public init(configuration: CheckConfiguration = CheckConfiguration()) {
        self.configuration = configuration
    }

    /// The findings for `policy`, which must be defaulted (`NetworkPolicyDefaulter`) with its namespace set, in
    /// `Check` order. None when the namespace is exempt; checks that are `off` or named in the object's
    /// `netpol-webhook.dev/ignore-checks` annotation are skipped. `missing-default-deny` is about namespaces and
    /// never comes from here (see `NamespacePolicies`), nor do the checks on the workloads in lint's files.
    /// `cidrs`, made from `policy.spec`, are the spec's CIDR strings already parsed for its validation; nil parses
    /// them here when a check needs them.
    public func check(_ policy: NetworkPolicy, context: CheckContext = CheckContext(), cidrs: SpecCIDRs? = nil)
        -> [CheckFinding]
    {
        let namespace = policy.metadata.namespace ?? ""
        guard
            !configuration.isExempt(
                namespace: namespace,
                labels: CheckContext.labels(ofNamespace: namespace, extra: context.namespaceLabels))
        else { return [] }
        let ignored = IgnoreAnnotation.checks(in: policy.metadata.annotations)
        let spec = policy.spec
        // Parsed on first use (unless the caller parsed them for validation), once for the four checks that read
        // ipBlocks; not at all when they are off.
        var parsedBlocks = cidrs
        func blocks() -> SpecCIDRs {
            if let parsedBlocks { return parsedBlocks }
            let blocks = SpecCIDRs(spec)
            parsedBlocks = blocks
            return blocks
        }
        var findings: [CheckFinding] = []
        for check in Check.allCases {
            let severity = configuration.severity(of: check)
            guard severity != .off, ignored.isEmpty || !ignored.contains(check) else { continue }
            let hits: [Hit]
            switch check {
            case .cidrHostBits: hits = CIDRFormRules.hostBits(blocks(), context: context)
            case .cidrNoncanonical: hits = CIDRFormRules.noncanonical(blocks(), context: context)
            case .ignoredRules: hits = RuleEffectRules.ignoredRules(spec)
            case .allowAllIngress: hits = RuleEffectRules.allowAll(spec, .ingress)
            case .allowAllEgress: hits = RuleEffectRules.allowAll(spec, .egress)
            case .egressBlocksDNS:
                hits =
                    DNSRule.hit(spec, access: DNSAccess(spec), scope: context.scope, namespace: namespace)
                    .map { [$0] } ?? []
            case .exceptOverlap: hits = IPBlockRules.exceptOverlap(blocks())
            case .duplicateEntries: hits = DuplicateRules.duplicates(spec)
            case .ipBlockInCluster: hits = IPBlockRules.inCluster(blocks(), clusterCIDRs: configuration.clusterCIDRs)
            case .missingDefaultDeny, .selectsNoPods, .peerSelectsNothing, .namedPortUnresolved: hits = []
            case .sctpProtocol: hits = ProtocolRules.sctp(spec)
            }
            // Most checks find nothing: no list is made or grown for them.
            guard !hits.isEmpty else { continue }
            findings += hits.map { CheckFinding(check: check, severity: severity, path: $0.path, detail: $0.detail) }
        }
        return findings
    }
}
