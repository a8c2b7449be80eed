import Testing

@testable import NetworkPolicyValidation

/// `ValidateNetworkPolicyPeer` and the structural part of `ValidateIPBlock` (KUBERNETES_RULES.md 3.2, 3.3.1):
/// rules that hold whether or not the CIDR parser is present.
@Suite struct PeerRulesTests {
    static let from = "spec.ingress[0].from[0]"

    static func setFrom(_ peer: NetworkPolicyPeer) -> @Sendable (inout NetworkPolicy) -> Void {
        { $0.spec.ingress![0].from = [peer] }
    }

    static let badSelector = LabelSelector(matchLabels: ["-a": "x"])

    static let rows: [Row] = [
        Row("empty peer", ["\(from): Required value: must specify a peer"], tweak: setFrom(NetworkPolicyPeer())),
        Row(
            "empty egress peer", ["spec.egress[0].to[0]: Required value: must specify a peer"],
            tweak: { $0.spec.egress![0].to = [NetworkPolicyPeer()] }),
        Row(
            "second empty peer has index 1", ["spec.ingress[0].from[1]: Required value: must specify a peer"],
            tweak: { $0.spec.ingress![0].from!.append(NetworkPolicyPeer()) }),
        Row(
            "ipBlock with podSelector", ["\(from): Forbidden: may not specify both ipBlock and another peer"],
            tweak: setFrom(NetworkPolicyPeer(podSelector: LabelSelector(), ipBlock: IPBlock(cidr: "10.0.0.0/8")))),
        Row(
            "ipBlock with namespaceSelector", ["\(from): Forbidden: may not specify both ipBlock and another peer"],
            tweak: setFrom(
                NetworkPolicyPeer(namespaceSelector: LabelSelector(), ipBlock: IPBlock(cidr: "10.0.0.0/8")))),
        Row(
            "all three peers give one Forbidden", ["\(from): Forbidden: may not specify both ipBlock and another peer"],
            tweak: setFrom(
                NetworkPolicyPeer(
                    podSelector: LabelSelector(), namespaceSelector: LabelSelector(),
                    ipBlock: IPBlock(cidr: "10.0.0.0/8")))),
        Row(
            "Forbidden comes after the sub-field errors in peer field order",
            [
                "\(from).podSelector.matchLabels: Invalid value: \"-a\": \(Fixture.namePart)",
                "\(from).namespaceSelector.matchLabels: Invalid value: \"-a\": \(Fixture.namePart)",
                "\(from).ipBlock.cidr: Required value",
                "\(from): Forbidden: may not specify both ipBlock and another peer",
            ],
            tweak: setFrom(
                NetworkPolicyPeer(podSelector: badSelector, namespaceSelector: badSelector, ipBlock: IPBlock(cidr: "")))
        ),
        Row(
            "podSelector with namespaceSelector is an AND", [],
            tweak: setFrom(
                NetworkPolicyPeer(
                    podSelector: LabelSelector(matchLabels: ["a": "b"]), namespaceSelector: LabelSelector()))),
        Row("empty selectors select everything", [], tweak: setFrom(NetworkPolicyPeer(podSelector: LabelSelector()))),
        Row("empty from list", [], tweak: { $0.spec.ingress![0].from = [] }),
        Row("empty to list", [], tweak: { $0.spec.egress![0].to = [] }),
        Row("empty ports list", [], tweak: { $0.spec.ingress![0].ports = [] }),
        Row("empty ingress rule", [], tweak: { $0.spec.ingress = [NetworkPolicyIngressRule()] }),
        Row("empty egress rule", [], tweak: { $0.spec.egress = [NetworkPolicyEgressRule()] }),
        Row(
            "empty ingress and egress lists", [],
            tweak: {
                $0.spec.ingress = []
                $0.spec.egress = []
            }),

        // ipBlock structure.
        Row(
            "ipBlock without cidr", ["\(from).ipBlock.cidr: Required value"],
            tweak: setFrom(NetworkPolicyPeer(ipBlock: IPBlock(cidr: "")))),
        Row(
            "ipBlock without cidr ignores except", ["\(from).ipBlock.cidr: Required value"],
            tweak: setFrom(NetworkPolicyPeer(ipBlock: IPBlock(cidr: "", except: ["not a cidr", ""])))),
        Row(
            "egress ipBlock without cidr", ["spec.egress[0].to[0].ipBlock.cidr: Required value"],
            tweak: { $0.spec.egress![0].to = [NetworkPolicyPeer(ipBlock: IPBlock(cidr: ""))] }),
        Row(
            "errors keep spec order: podSelector, ingress ports then peers, egress, policyTypes",
            [
                "spec.podSelector.matchLabels: Invalid value: \"-a\": \(Fixture.namePart)",
                "spec.ingress[0].ports[0].port: Invalid value: 0: \(Fixture.portRange)",
                "\(from): Required value: must specify a peer",
                "spec.egress[0].ports[0].port: Invalid value: 0: \(Fixture.portRange)",
                "spec.egress[0].to[0]: Required value: must specify a peer",
                "spec.policyTypes[0]: Unsupported value: \"Foo\": \(Fixture.policyTypes)",
            ],
            tweak: {
                $0.spec.policyTypes = ["Foo"]
                $0.spec.egress = [
                    NetworkPolicyEgressRule(ports: [NetworkPolicyPort(port: .int(0))], to: [NetworkPolicyPeer()])
                ]
                $0.spec.ingress = [
                    NetworkPolicyIngressRule(ports: [NetworkPolicyPort(port: .int(0))], from: [NetworkPolicyPeer()])
                ]
                $0.spec.podSelector = badSelector
            }),
    ]

    @Test(arguments: rows)
    func create(_ row: Row) {
        #expect(Fixture.createErrors(row.policy) == row.errors)
    }
}
