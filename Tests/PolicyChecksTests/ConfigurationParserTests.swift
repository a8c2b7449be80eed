import NetworkPolicyValidation
import Testing

@testable import PolicyChecks

/// `--config` files: what they set, and what they refuse with line, column and reason.
@Suite struct ConfigurationParserTests {
    @Test func fullExample() throws {
        let configuration = try CheckConfiguration.parse(
            """
            checks:
              allow-all-ingress: deny
              sctp-protocol: warn
              egress-blocks-dns: off
            clusterCIDRs: [10.244.0.0/16, "fd00:10:96::/112"]
            exemptNamespaces: [kube-system]
            exemptNamespaceSelectors:
            - matchLabels: {netpol-webhook.dev/exempt: "true"}
            - matchExpressions:
              - {key: team, operator: In, values: [infra]}
            defaultDenyEgress: true

            """)
        #expect(configuration.severities == [.allowAllIngress: .deny, .sctpProtocol: .warn, .egressBlocksDNS: .off])
        #expect(configuration.clusterCIDRs.map(\.description) == ["10.244.0.0/16", "fd00:10:96::/112"])
        #expect(configuration.exemptNamespaces == ["kube-system"])
        #expect(
            configuration.exemptNamespaceSelectors == [
                LabelSelector(matchLabels: ["netpol-webhook.dev/exempt": "true"]),
                LabelSelector(matchExpressions: [
                    LabelSelectorRequirement(key: "team", operator: "In", values: ["infra"])
                ]),
            ])
        #expect(configuration.defaultDenyEgress)
        #expect(configuration.severity(of: .ipBlockInCluster) == .warn)
    }

    @Test(arguments: ["", "# nothing\n", "---\n"])
    func emptyFileGivesDefaults(_ text: String) throws {
        #expect(try CheckConfiguration.parse(text) == CheckConfiguration())
    }

    struct BadRow: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var error: String
        var testDescription: String { name }
    }

    static let badRows: [BadRow] = [
        BadRow(
            name: "unknown check id", text: "checks:\n  allow-all: warn\n",
            error:
                #"line 2, column 3: unknown check "allow-all" (known: cidr-host-bits, cidr-noncanonical, ignored-rules, allow-all-ingress, allow-all-egress, egress-blocks-dns, except-overlap, duplicate-entries, ipblock-in-cluster, missing-default-deny, sctp-protocol, selects-no-pods, peer-selects-nothing, named-port-unresolved)"#
        ),
        BadRow(
            name: "bad severity", text: "checks:\n  sctp-protocol: error\n",
            error: #"line 2, column 18: severity of sctp-protocol must be deny, warn or off, not "error""#),
        BadRow(
            name: "severity as a list", text: "checks:\n  sctp-protocol: [warn]\n",
            error: "line 2, column 18: severity of sctp-protocol must be deny, warn or off, not a list"),
        BadRow(
            name: "unknown key", text: "check: {}\n",
            error:
                #"line 1, column 1: unknown key "check" (known: checks, clusterCIDRs, exemptNamespaces, exemptNamespaceSelectors, defaultDenyEgress)"#
        ),
        BadRow(
            name: "repeated check", text: "checks:\n  sctp-protocol: warn\n  sctp-protocol: off\n",
            error: #"line 3, column 3: "sctp-protocol" is given twice in checks"#),
        BadRow(
            name: "bad CIDR", text: "clusterCIDRs:\n- 10.244.0.0/16\n- 10.96.0.1/12\n",
            error: #"line 3, column 3: clusterCIDRs[1]: "10.96.0.1/12" must not have bits set beyond the prefix length"#
        ),
        BadRow(
            name: "CIDRs not a list", text: "clusterCIDRs: 10.0.0.0/8\n",
            error: #"line 1, column 15: clusterCIDRs must be a list of strings, not "10.0.0.0/8""#),
        BadRow(
            name: "bad selector",
            text: "exemptNamespaceSelectors:\n- matchExpressions:\n  - {key: team, operator: Is}\n",
            error:
                #"line 2, column 3: exemptNamespaceSelectors[0].matchExpressions[0].operator: Invalid value: "Is": not a valid selector operator"#
        ),
        BadRow(
            name: "boolean", text: "defaultDenyEgress: yes please\n",
            error: #"line 1, column 20: defaultDenyEgress must be true or false, not "yes please""#),
        BadRow(
            name: "not a mapping", text: "- checks\n",
            error: "line 1, column 1: the configuration must be a mapping, not a list"),
        BadRow(
            name: "not YAML", text: "checks: {\n",
            error: "line 2, column 1: not YAML: did not find expected node content"),
    ]

    @Test(arguments: badRows)
    func refused(_ row: BadRow) {
        #expect(throws: ConfigurationError.self) { try CheckConfiguration.parse(row.text) }
        do {
            _ = try CheckConfiguration.parse(row.text)
        } catch {
            #expect(error.description == row.error)
        }
    }
}
