import NetworkPolicyValidation
import Testing

@testable import PolicyChecks

/// `egress-blocks-dns`, one policy alone (`serve`) and among the namespace's policies (`lint`).
@Suite struct DNSRuleTests {
    static let noRule =
        "spec.egress: no egress rule allows DNS (port 53 UDP and TCP): the pods cannot resolve names unless another policy allows it; allow 53/UDP and 53/TCP to kube-dns (namespace kube-system, pods k8s-app=kube-dns)"

    static func egress(_ ports: [NetworkPolicyPort]?) -> @Sendable (inout NetworkPolicy) -> Void {
        { $0.spec.egress = [NetworkPolicyEgressRule(ports: ports, to: [CheckFixture.kubeDNS])] }
    }

    static let rows: [CheckRow] = [
        CheckRow("UDP and TCP 53", []) { _ in },
        CheckRow("egress not isolated", []) {
            $0.spec.egress = nil
            $0.spec.policyTypes = ["Ingress"]
        },
        CheckRow("a rule without ports opens every port", [], tweak: egress(nil)),
        CheckRow(
            "port ranges over 53", [],
            tweak: egress([
                NetworkPolicyPort(protocol: "UDP", port: .int(1), endPort: 1024),
                NetworkPolicyPort(protocol: "TCP", port: .int(50), endPort: 60),
            ])),
        CheckRow(
            "ports without numbers", [],
            tweak: egress([
                NetworkPolicyPort(protocol: "UDP"), NetworkPolicyPort(protocol: "TCP"),
            ])),
        CheckRow(
            "OpenShift's DNS port", [],
            tweak: egress([
                NetworkPolicyPort(protocol: "UDP", port: .int(5353)),
                NetworkPolicyPort(protocol: "TCP", port: .int(5353)),
            ])),
        CheckRow(
            "a named port cannot be judged", [],
            tweak: egress([NetworkPolicyPort(protocol: "UDP", port: .string("dns"))])),
        CheckRow("only 443", [noRule], tweak: egress([NetworkPolicyPort(port: .int(443))])),
        CheckRow(
            "range below 53", ["spec.egress"],
            tweak: egress([NetworkPolicyPort(protocol: "UDP", port: .int(1), endPort: 52)])),
        CheckRow(
            "deny-all egress",
            [
                "spec.policyTypes: all egress is denied, DNS (port 53) included: the pods cannot resolve names unless another policy allows it; allow 53/UDP and 53/TCP to kube-dns (namespace kube-system, pods k8s-app=kube-dns)"
            ]
        ) {
            $0.spec.egress = nil
            $0.spec.policyTypes = ["Ingress", "Egress"]
        },
        CheckRow(
            "UDP only",
            [
                "spec.egress: DNS is allowed over UDP but not TCP (port 53): large answers retried over TCP fail unless another policy allows it; allow 53/TCP to kube-dns (namespace kube-system, pods k8s-app=kube-dns) as well"
            ],
            tweak: egress([NetworkPolicyPort(protocol: "UDP", port: .int(53))])),
        CheckRow("protocol defaults to TCP", ["spec.egress"], tweak: egress([NetworkPolicyPort(port: .int(53))])),
        CheckRow("UDP and TCP in two rules", []) {
            $0.spec.egress = [
                NetworkPolicyEgressRule(ports: [NetworkPolicyPort(protocol: "UDP", port: .int(53))]),
                NetworkPolicyEgressRule(
                    ports: [NetworkPolicyPort(protocol: "TCP", port: .int(53))], to: [CheckFixture.kubeDNS]),
            ]
        },
    ]

    @Test(arguments: rows)
    func alone(_ row: CheckRow) {
        let got =
            row.expected.allSatisfy({ !$0.contains(": ") })
            ? CheckFixture.paths(.egressBlocksDNS, row.policy) : CheckFixture.run(.egressBlocksDNS, row.policy)
        #expect(got == row.expected)
    }

    static func summary(_ selector: [String: String]?, namespace: String = "shop", egress: [NetworkPolicyEgressRule]?)
        -> PolicySummary
    {
        var policy = NetworkPolicy(
            metadata: ObjectMeta(name: "p", namespace: namespace),
            spec: NetworkPolicySpec(
                podSelector: LabelSelector(matchLabels: selector), egress: egress, policyTypes: ["Egress"]))
        policy = NetworkPolicyDefaulter.defaulted(policy)
        return PolicySummary(policy)
    }

    static let dns = [
        NetworkPolicyEgressRule(ports: [
            NetworkPolicyPort(protocol: "UDP", port: .int(53)), NetworkPolicyPort(protocol: "TCP", port: .int(53)),
        ])
    ]

    struct NamespaceRow: CustomTestStringConvertible, Sendable {
        var name: String
        var others: [PolicySummary]
        var fires: Bool
        var testDescription: String { name }
    }

    static let denyAll = summary(["app": "web", "tier": "front"], egress: nil)

    static let namespaceRows: [NamespaceRow] = [
        NamespaceRow(name: "no other policy", others: [], fires: true),
        NamespaceRow(name: "an allow-DNS policy for every pod", others: [summary(nil, egress: dns)], fires: false),
        NamespaceRow(
            name: "a policy with a subset of the labels", others: [summary(["app": "web"], egress: dns)], fires: false),
        NamespaceRow(name: "a policy for other pods", others: [summary(["app": "db"], egress: dns)], fires: true),
        NamespaceRow(
            name: "a policy in another namespace", others: [summary(nil, namespace: "other", egress: dns)], fires: true),
        NamespaceRow(
            name: "UDP from one policy, TCP from another",
            others: [
                summary(
                    nil, egress: [NetworkPolicyEgressRule(ports: [NetworkPolicyPort(protocol: "UDP", port: .int(53))])]),
                summary(
                    ["app": "web"],
                    egress: [NetworkPolicyEgressRule(ports: [NetworkPolicyPort(protocol: "TCP", port: .int(53))])]),
            ],
            fires: false),
        NamespaceRow(
            name: "a selector with expressions is not trusted",
            others: [
                {
                    var other = summary(nil, egress: dns)
                    other.podSelector = LabelSelector(matchExpressions: [
                        LabelSelectorRequirement(key: "app", operator: "Exists")
                    ])
                    return other
                }()
            ],
            fires: true),
    ]

    @Test(arguments: namespaceRows)
    func amongTheNamespacesPolicies(_ row: NamespaceRow) {
        let spec = NetworkPolicyDefaulter.defaulted(
            NetworkPolicy(spec: NetworkPolicySpec(podSelector: Self.denyAll.podSelector, policyTypes: ["Egress"]))
        ).spec
        let finding = NamespacePolicies.dnsFinding(
            for: Self.denyAll, spec: spec, among: [Self.denyAll] + row.others, severity: .warn)
        #expect((finding != nil) == row.fires)
        if let finding {
            #expect(
                finding.message
                    == #"[egress-blocks-dns] spec.policyTypes: all egress is denied, DNS (port 53) included: the pods cannot resolve names and no other NetworkPolicy of namespace "shop" in the linted files that selects them allows it; allow 53/UDP and 53/TCP to kube-dns (namespace kube-system, pods k8s-app=kube-dns)"#
            )
        }
    }
}
