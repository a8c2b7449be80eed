import Testing

@testable import NetworkPolicyValidation

/// The policyTypes part of `ValidateNetworkPolicySpec` (KUBERNETES_RULES.md 3.4).
@Suite struct PolicyTypesTests {
    static func types(_ types: [String]?) -> @Sendable (inout NetworkPolicy) -> Void {
        { $0.spec.policyTypes = types }
    }

    static let rows: [Row] = [
        Row(
            "three entries give one error with the whole list",
            [
                #"spec.policyTypes: Invalid value: ["Ingress","Egress","Foo"]: may not specify more than two policyTypes"#
            ],
            tweak: types(["Ingress", "Egress", "Foo"])),
        Row(
            "three valid entries are still too many",
            [
                #"spec.policyTypes: Invalid value: ["Ingress","Ingress","Ingress"]: may not specify more than two policyTypes"#
            ],
            tweak: types(["Ingress", "Ingress", "Ingress"])),
        Row(
            "unknown type", ["spec.policyTypes[0]: Unsupported value: \"Foo\": \(Fixture.policyTypes)"],
            tweak: types(["Foo"])),
        Row(
            "empty type", ["spec.policyTypes[1]: Unsupported value: \"\": \(Fixture.policyTypes)"],
            tweak: types(["Ingress", ""])),
        Row(
            "lowercase type", ["spec.policyTypes[0]: Unsupported value: \"ingress\": \(Fixture.policyTypes)"],
            tweak: types(["ingress"])),
        Row(
            "two unknown types",
            [
                "spec.policyTypes[0]: Unsupported value: \"egress\": \(Fixture.policyTypes)",
                "spec.policyTypes[1]: Unsupported value: \"Both\": \(Fixture.policyTypes)",
            ], tweak: types(["egress", "Both"])),
        Row("duplicates are accepted", [], tweak: types(["Ingress", "Ingress"])),
        Row("order is free", [], tweak: types(["Egress", "Ingress"])),
        Row("Egress alone", [], tweak: types(["Egress"])),
        Row("missing is defaulted", [], tweak: types(nil)),
        Row("empty list is defaulted", [], tweak: types([])),
    ]

    @Test(arguments: rows)
    func create(_ row: Row) {
        #expect(Fixture.createErrors(row.policy) == row.errors)
    }
}

/// `SetDefaults_NetworkPolicy` and `SetDefaults_NetworkPolicyPort` (KUBERNETES_RULES.md 7).
@Suite struct DefaultingTests {
    static let policyTypeRows:
        [(name: String, types: [String]?, egress: [NetworkPolicyEgressRule]?, expected: [String])] = [
            ("missing, no egress", nil, nil, ["Ingress"]),
            ("empty list, no egress", [], nil, ["Ingress"]),
            ("missing, empty egress list", nil, [], ["Ingress"]),
            ("missing, egress rule", nil, [NetworkPolicyEgressRule()], ["Ingress", "Egress"]),
            ("empty list, egress rule", [], [NetworkPolicyEgressRule()], ["Ingress", "Egress"]),
            ("explicit Egress kept", ["Egress"], nil, ["Egress"]),
            ("explicit invalid kept", ["Foo"], [NetworkPolicyEgressRule()], ["Foo"]),
        ]

    @Test(arguments: policyTypeRows.indices)
    func policyTypes(_ index: Int) {
        let row = Self.policyTypeRows[index]
        let policy = NetworkPolicy(spec: NetworkPolicySpec(egress: row.egress, policyTypes: row.types))
        #expect(NetworkPolicyDefaulter.defaulted(policy).spec.policyTypes == row.expected, "\(row.name)")
    }

    @Test func missingProtocolBecomesTCPInIngressAndEgress() {
        let policy = NetworkPolicy(
            spec: NetworkPolicySpec(
                ingress: [
                    NetworkPolicyIngressRule(ports: [
                        NetworkPolicyPort(port: .int(80)), NetworkPolicyPort(protocol: "UDP"),
                    ])
                ],
                egress: [NetworkPolicyEgressRule(ports: [NetworkPolicyPort(protocol: ""), NetworkPolicyPort()])]))
        let defaulted = NetworkPolicyDefaulter.defaulted(policy)
        #expect(defaulted.spec.ingress?[0].ports?.map(\.protocol) == ["TCP", "UDP"])
        #expect(defaulted.spec.egress?[0].ports?.map(\.protocol) == ["", "TCP"])
    }

    @Test func missingPodSelectorBecomesEmpty() {
        let policy = NetworkPolicy(spec: NetworkPolicySpec(podSelector: nil))
        #expect(NetworkPolicyDefaulter.defaulted(policy).spec.podSelector == LabelSelector())
    }

    @Test func rulesWithoutPortsStayWithoutPorts() {
        let policy = NetworkPolicy(spec: NetworkPolicySpec(ingress: [NetworkPolicyIngressRule()]))
        #expect(NetworkPolicyDefaulter.defaulted(policy).spec.ingress == [NetworkPolicyIngressRule()])
    }

    @Test func untouchedValidPolicyHasNoErrors() {
        #expect(Fixture.createErrors(Fixture.valid) == [])
        #expect(Fixture.updateErrors(Fixture.stored, old: Fixture.stored) == [])
    }
}
