import NetworkPolicyValidation
import Testing

@testable import PolicyChecks

/// `ignored-rules`, `allow-all-ingress`, `allow-all-egress`.
@Suite struct RuleEffectRulesTests {
    static let ignoredRows: [CheckRow] = [
        CheckRow("both directions isolated", []) { _ in },
        CheckRow("policyTypes missing: defaulting never ignores a rule", []) { $0.spec.policyTypes = nil },
        CheckRow(
            "egress rules with policyTypes [Ingress]",
            [
                #"spec.egress: the egress rule has no effect because spec.policyTypes ["Ingress"] leaves out Egress; add "Egress" to spec.policyTypes or remove spec.egress"#
            ]
        ) { $0.spec.policyTypes = ["Ingress"] },
        CheckRow(
            "two ingress rules with policyTypes [Egress]",
            [
                #"spec.ingress: the 2 ingress rules have no effect because spec.policyTypes ["Egress"] leaves out Ingress; add "Ingress" to spec.policyTypes or remove spec.ingress"#
            ]
        ) {
            $0.spec.ingress!.append(NetworkPolicyIngressRule(ports: [NetworkPolicyPort(port: .int(9090))]))
            $0.spec.policyTypes = ["Egress"]
        },
        CheckRow("empty egress list with [Ingress]", []) {
            $0.spec.egress = []
            $0.spec.policyTypes = ["Ingress"]
        },
        CheckRow("policyTypes the apiserver rejects", []) { $0.spec.policyTypes = ["ingress"] },
    ]

    @Test(arguments: ignoredRows)
    func ignoredRules(_ row: CheckRow) {
        #expect(CheckFixture.run(.ignoredRules, row.policy) == row.expected)
    }

    static let ingressRows: [CheckRow] = [
        CheckRow("a peer with labels", []) { _ in },
        CheckRow(
            "empty rule",
            [
                "spec.ingress[0]: the rule has no from peers, so it admits every source (all pods in all namespaces and every address) on every port; add from peers that name who may connect"
            ]
        ) { $0.spec.ingress = [NetworkPolicyIngressRule()] },
        CheckRow(
            "ports but no from",
            [
                "spec.ingress[0]: the rule has no from peers, so it admits every source (all pods in all namespaces and every address) on its ports; add from peers that name who may connect"
            ]
        ) { $0.spec.ingress![0].from = nil },
        CheckRow("from: [] is the same as no from", ["spec.ingress[0]"]) { $0.spec.ingress![0].from = [] },
        CheckRow(
            "empty podSelector and namespaceSelector",
            [
                "spec.ingress[0].from[1]: the peer has an empty namespaceSelector, so it admits all pods in all namespaces; give namespaceSelector matchLabels, or use podSelector alone for this namespace"
            ]
        ) {
            $0.spec.ingress![0].from!.append(
                NetworkPolicyPeer(podSelector: LabelSelector(), namespaceSelector: LabelSelector()))
        },
        CheckRow("empty namespaceSelector alone", ["spec.ingress[0].from[0]"]) {
            $0.spec.ingress![0].from = [NetworkPolicyPeer(namespaceSelector: LabelSelector())]
        },
        CheckRow("empty podSelector alone is this namespace only", []) {
            $0.spec.ingress![0].from = [NetworkPolicyPeer(podSelector: LabelSelector())]
        },
        CheckRow("empty namespaceSelector with a podSelector", []) {
            $0.spec.ingress![0].from = [
                NetworkPolicyPeer(
                    podSelector: LabelSelector(matchLabels: ["a": "b"]), namespaceSelector: LabelSelector())
            ]
        },
        CheckRow(
            "0.0.0.0/0 without except",
            [
                #"spec.ingress[0].from[0].ipBlock.cidr: "0.0.0.0/0" without except admits every address; name the ranges you mean, or add except entries for the ranges to keep out"#
            ]
        ) { $0.spec.ingress![0].from = [NetworkPolicyPeer(ipBlock: IPBlock(cidr: "0.0.0.0/0"))] },
        CheckRow("::/0 without except", ["spec.ingress[0].from[0].ipBlock.cidr"]) {
            $0.spec.ingress![0].from = [NetworkPolicyPeer(ipBlock: IPBlock(cidr: "::/0", except: []))]
        },
        CheckRow("0.0.0.0/0 with except", []) {
            $0.spec.ingress![0].from = [NetworkPolicyPeer(ipBlock: IPBlock(cidr: "0.0.0.0/0", except: ["10.0.0.0/8"]))]
        },
        CheckRow("ingress not isolated: ignored-rules speaks instead", []) {
            $0.spec.ingress = [NetworkPolicyIngressRule()]
            $0.spec.policyTypes = ["Egress"]
        },
    ]

    @Test(arguments: ingressRows)
    func allowAllIngress(_ row: CheckRow) {
        let got =
            row.expected.allSatisfy({ !$0.contains(": ") })
            ? CheckFixture.paths(.allowAllIngress, row.policy) : CheckFixture.run(.allowAllIngress, row.policy)
        #expect(got == row.expected)
    }

    static let egressRows: [CheckRow] = [
        CheckRow("kube-dns peer", []) { _ in },
        CheckRow(
            "egress rule without to",
            [
                "spec.egress[0]: the rule has no to peers, so it admits every destination (all pods in all namespaces and every address) on its ports; add to peers that name who may connect"
            ]
        ) {
            $0.spec.egress![0].ports = [NetworkPolicyPort(port: .int(443))]
            $0.spec.egress![0].to = nil
        },
        CheckRow("::/0", ["spec.egress[0].to[0].ipBlock.cidr"]) {
            $0.spec.egress![0].ports = [NetworkPolicyPort(port: .int(443))]
            $0.spec.egress![0].to = [NetworkPolicyPeer(ipBlock: IPBlock(cidr: "::/0"))]
        },
        CheckRow("DNS to anywhere is what egress-blocks-dns asks for", []) { $0.spec.egress![0].to = nil },
        CheckRow("OpenShift DNS port to every namespace", []) {
            $0.spec.egress![0].ports = [NetworkPolicyPort(protocol: "UDP", port: .int(5353))]
            $0.spec.egress![0].to = [NetworkPolicyPeer(namespaceSelector: LabelSelector())]
        },
        CheckRow("DNS and more to anywhere", ["spec.egress[0]"]) {
            $0.spec.egress![0].ports!.append(NetworkPolicyPort(port: .int(443)))
            $0.spec.egress![0].to = nil
        },
        CheckRow("egress not isolated", []) {
            $0.spec.egress![0].ports = nil
            $0.spec.egress![0].to = nil
            $0.spec.policyTypes = ["Ingress"]
        },
    ]

    @Test(arguments: egressRows)
    func allowAllEgress(_ row: CheckRow) {
        let got =
            row.expected.allSatisfy({ !$0.contains(": ") })
            ? CheckFixture.paths(.allowAllEgress, row.policy) : CheckFixture.run(.allowAllEgress, row.policy)
        #expect(got == row.expected)
    }

    /// The shortcut before parsing never hides a /0: over spellings with and without a zero prefix, whatever parses
    /// to prefix length 0 passes it.
    @Test(arguments: [
        "0.0.0.0/0", "::/0", "0.0.0.0/00", "::/000", "000.000.000.000/0", "::ffff:0.0.0.0/0", "10.0.0.0/0",
        "0.0.0.0/10", "::/128", "0.0.0.0/01", "0.0.0.0", "0.0.0.0/", "0.0.0.0/0 ", "1.2.3.4/32", "/0", "",
    ])
    func zeroPrefixShortcut(_ cidr: String) {
        if let parsed = CIDRText(cidr), parsed.network.prefixLength == 0 {
            #expect(RuleEffectRules.mayBeZeroPrefix(cidr))
        }
    }

    @Test func zeroPrefixShortcutSkipsOtherPrefixes() {
        #expect(!RuleEffectRules.mayBeZeroPrefix("10.0.0.0/8"))
        #expect(!RuleEffectRules.mayBeZeroPrefix("0.0.0.0/10"))
        #expect(!RuleEffectRules.mayBeZeroPrefix("::/128"))
    }
}
