/// The checks this webhook makes beyond the apiserver's rules, by the id users write in the configuration file,
/// in the `netpol-webhook.dev/ignore-checks` annotation and find in reports.
public enum Check: String, CaseIterable, Hashable, Sendable, Comparable {
    case cidrHostBits = "cidr-host-bits"
    case cidrNoncanonical = "cidr-noncanonical"
    case ignoredRules = "ignored-rules"
    case allowAllIngress = "allow-all-ingress"
    case allowAllEgress = "allow-all-egress"
    case egressBlocksDNS = "egress-blocks-dns"
    case exceptOverlap = "except-overlap"
    case duplicateEntries = "duplicate-entries"
    case ipBlockInCluster = "ipblock-in-cluster"
    case missingDefaultDeny = "missing-default-deny"
    case sctpProtocol = "sctp-protocol"
    case selectsNoPods = "selects-no-pods"
    case peerSelectsNothing = "peer-selects-nothing"
    case namedPortUnresolved = "named-port-unresolved"

    /// The id, as written in configuration, annotations and reports.
    public var id: String { rawValue }

    /// The severity when the configuration says nothing. `ipblock-in-cluster` is `off` here but turns `warn` as
    /// soon as `clusterCIDRs` is configured (`CheckConfiguration.severity(of:)`).
    public var defaultSeverity: CheckSeverity {
        switch self {
        case .cidrHostBits, .ignoredRules: .deny
        case .cidrNoncanonical, .allowAllIngress, .allowAllEgress, .egressBlocksDNS, .exceptOverlap,
            .duplicateEntries, .selectsNoPods, .peerSelectsNothing, .namedPortUnresolved:
            .warn
        case .ipBlockInCluster, .missingDefaultDeny, .sctpProtocol: .off
        }
    }

    /// True for checks that need every object of a namespace and so only run in `lint`.
    public var isLintOnly: Bool {
        [.missingDefaultDeny, .selectsNoPods, .peerSelectsNothing, .namedPortUnresolved].contains(self)
    }

    /// What the check catches, in one line (the `netpol-webhook checks` table, SARIF short descriptions).
    public var summary: String {
        switch self {
        case .cidrHostBits:
            "An ipBlock cidr or except has bits set beyond the prefix (10.0.0.1/8); Kubernetes 1.36 rejects it."
        case .cidrNoncanonical:
            "An ipBlock CIDR has leading zeros, is IPv4-mapped IPv6, or is IPv6 not in RFC 5952 form."
        case .ignoredRules:
            "Rules that have no effect because policyTypes leaves out their direction."
        case .allowAllIngress:
            "An ingress rule admits every source: all pods in all namespaces, or every address."
        case .allowAllEgress:
            "An egress rule admits every destination: all pods in all namespaces, or every address."
        case .egressBlocksDNS:
            "The policy isolates egress but no rule allows DNS (port 53 over UDP and TCP)."
        case .exceptOverlap:
            "ipBlock except entries that overlap or repeat each other."
        case .duplicateEntries:
            "Identical rules, peers, ports or policyTypes entries within one policy."
        case .ipBlockInCluster:
            "An ipBlock covers pod or service ranges (clusterCIDRs), where pod IPs come and go."
        case .missingDefaultDeny:
            "A namespace with workloads but no policy that selects all its pods (lint only)."
        case .sctpProtocol:
            "A port uses SCTP, which needs CNI support many clusters lack."
        case .selectsNoPods:
            "The podSelector matches no workload of its namespace in the linted files (lint only)."
        case .peerSelectsNothing:
            "A rule peer's selectors match no workload or namespace in the linted files (lint only)."
        case .namedPortUnresolved:
            "A named port that no destination workload in the linted files declares (lint only)."
        }
    }

    /// How to fix what the check reports (SARIF help text, the README table).
    public var fix: String {
        switch self {
        case .cidrHostBits:
            "Write the network (10.0.0.0/8) or the single address (10.0.0.1/32) you mean."
        case .cidrNoncanonical:
            "Write the CIDR in the suggested canonical form (no leading zeros, IPv4 as IPv4, RFC 5952 IPv6)."
        case .ignoredRules:
            "Add the direction to spec.policyTypes, or remove the rules."
        case .allowAllIngress:
            "Add from peers (podSelector, namespaceSelector with labels, or a narrower ipBlock) to the rule."
        case .allowAllEgress:
            "Add to peers (podSelector, namespaceSelector with labels, or a narrower ipBlock) to the rule."
        case .egressBlocksDNS:
            "Allow egress to kube-dns: {to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "
                + "kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{port: 53, protocol: "
                + "UDP}, {port: 53, protocol: TCP}]}, in this policy or another that selects the same pods."
        case .exceptOverlap:
            "Remove the except entry that another one already covers."
        case .duplicateEntries:
            "Remove the repeated entry."
        case .ipBlockInCluster:
            "Select in-cluster peers with podSelector and namespaceSelector; add the cluster ranges to except."
        case .missingDefaultDeny:
            "Add a policy with podSelector: {} and policyTypes: [Ingress] (and Egress) to the namespace."
        case .sctpProtocol:
            "Make sure the cluster's CNI plugin supports SCTP, or use TCP or UDP."
        case .selectsNoPods:
            "Fix the podSelector's labels to match the pod template labels of the workloads it is meant for."
        case .peerSelectsNothing:
            "Fix the selector's labels (a typo?) to match the pods or namespaces the rule is meant for."
        case .namedPortUnresolved:
            "Use the name of a container port the destination pods declare (same protocol), or the port number."
        }
    }

    public static func < (lhs: Check, rhs: Check) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
