import NetworkPolicyValidation
import Testing

@testable import PolicyChecks

/// The policy every row starts from (no check fires on it), the row type, and a runner that turns every check on.
enum CheckFixture {
    static let kubeDNS = NetworkPolicyPeer(
        podSelector: LabelSelector(matchLabels: ["k8s-app": "kube-dns"]),
        namespaceSelector: LabelSelector(matchLabels: ["kubernetes.io/metadata.name": "kube-system"]))

    /// Ingress from the frontend on 8080, egress to kube-dns on 53/UDP and 53/TCP, both policy types.
    static var valid: NetworkPolicy {
        NetworkPolicy(
            metadata: ObjectMeta(name: "web", namespace: "shop"),
            spec: NetworkPolicySpec(
                podSelector: LabelSelector(matchLabels: ["app": "web"]),
                ingress: [
                    NetworkPolicyIngressRule(
                        ports: [NetworkPolicyPort(protocol: "TCP", port: .int(8080))],
                        from: [NetworkPolicyPeer(podSelector: LabelSelector(matchLabels: ["role": "frontend"]))])
                ],
                egress: [
                    NetworkPolicyEgressRule(
                        ports: [
                            NetworkPolicyPort(protocol: "UDP", port: .int(53)),
                            NetworkPolicyPort(protocol: "TCP", port: .int(53)),
                        ],
                        to: [kubeDNS])
                ],
                policyTypes: ["Ingress", "Egress"]))
    }

    /// Every check on (`warn`, or `deny` where that is the default), with cluster ranges for `ipblock-in-cluster`.
    static let everything = CheckConfiguration(
        severities: Dictionary(
            uniqueKeysWithValues: Check.allCases.map { ($0, $0.defaultSeverity == .deny ? .deny : .warn) }),
        clusterCIDRs: [IPNetwork.parseSloppy("10.244.0.0/16")!, IPNetwork.parseSloppy("fd00:10:96::/112")!])

    /// The findings of `check` for `policy` after defaulting, as `path: detail` texts.
    static func run(
        _ check: Check, _ policy: NetworkPolicy, context: CheckContext = CheckContext(),
        configuration: CheckConfiguration = everything
    ) -> [String] {
        PolicyChecker(configuration: configuration).check(NetworkPolicyDefaulter.defaulted(policy), context: context)
            .filter { $0.check == check }
            .map { "\($0.path): \($0.detail)" }
    }

    /// The paths only.
    static func paths(_ check: Check, _ policy: NetworkPolicy, context: CheckContext = CheckContext()) -> [String] {
        PolicyChecker(configuration: everything).check(NetworkPolicyDefaulter.defaulted(policy), context: context)
            .filter { $0.check == check }
            .map(\.path.description)
    }
}

/// One table row: a tweak to `CheckFixture.valid` and what must come out.
struct CheckRow: CustomTestStringConvertible, Sendable {
    var name: String
    var expected: [String]
    var tweak: @Sendable (inout NetworkPolicy) -> Void

    init(_ name: String, _ expected: [String], tweak: @escaping @Sendable (inout NetworkPolicy) -> Void) {
        self.name = name
        self.expected = expected
        self.tweak = tweak
    }

    var policy: NetworkPolicy {
        var policy = CheckFixture.valid
        tweak(&policy)
        return policy
    }

    var testDescription: String { name }
}

/// The base policy is clean for every check.
@Suite struct BaseFixtureTests {
    @Test func validPolicyHasNoFinding() {
        let findings = PolicyChecker(configuration: CheckFixture.everything)
            .check(NetworkPolicyDefaulter.defaulted(CheckFixture.valid))
        #expect(findings.isEmpty)
    }
}
