import Testing

@testable import Lint

/// Decoding through the YAML-to-JSON conversion: strict field checks and encoding/json type errors, each
/// located at the offending key or value.
struct DecodingTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var spec: String
        /// `line:column rule field | message`
        var expected: [String]
        var testDescription: String { name }
    }

    static func policy(_ spec: String) -> String {
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: ns\n" + spec
    }

    static let rows: [Row] = [
        Row(name: "valid policy has no findings", spec: "spec:\n  podSelector: {}\n", expected: []),
        Row(
            name: "unknown top-level field status", spec: "spec: {}\nstatus: {}\n",
            expected: ["7:1 unknown-field status | strict decoding error: unknown field \"status\""]),
        Row(
            name: "misspelt spec field", spec: "spec:\n  ingres: []\n",
            expected: ["7:3 unknown-field spec.ingres | strict decoding error: unknown field \"spec.ingres\""]),
        Row(
            name: "unknown field inside a list item",
            spec: "spec:\n  ingress:\n  - from:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n        exept: []\n",
            expected: [
                "11:9 unknown-field spec.ingress[0].from[0].ipBlock.exept | strict decoding error: unknown field \"spec.ingress[0].from[0].ipBlock.exept\""
            ]),
        Row(
            name: "field names are case-sensitive", spec: "spec:\n  PodSelector: {}\n",
            expected: ["7:3 unknown-field spec.PodSelector | strict decoding error: unknown field \"spec.PodSelector\""]
        ),
        Row(
            name: "metadata.clusterName was removed in 1.25", spec: "  clusterName: c\nspec: {}\n",
            expected: [
                "6:3 unknown-field metadata.clusterName | strict decoding error: unknown field \"metadata.clusterName\""
            ]),
        Row(
            name: "duplicate cidr reported at the second key",
            spec: "spec:\n  ingress:\n  - from:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n        cidr: 11.0.0.0/8\n",
            expected: [
                "11:9 duplicate-field spec.ingress[0].from[0].ipBlock.cidr | strict decoding error: duplicate field \"spec.ingress[0].from[0].ipBlock.cidr\""
            ]),
        Row(
            name: "duplicate label key", spec: "  labels:\n    a: x\n    a: z\nspec: {}\n",
            expected: [
                "8:5 duplicate-field metadata.labels.a | strict decoding error: duplicate field \"metadata.labels.a\""
            ]),
        Row(
            name: "port is a list", spec: "spec:\n  ingress:\n  - ports:\n    - port: [1]\n",
            expected: [
                "9:13 decode-error spec.ingress[0].ports[0].port | json: cannot unmarshal array into Go struct field NetworkPolicyPort.spec.ingress.ports.port of type int32"
            ]),
        Row(
            name: "port 80.5 is not an integer", spec: "spec:\n  ingress:\n  - ports:\n    - port: 80.5\n",
            expected: [
                "9:13 decode-error spec.ingress[0].ports[0].port | json: cannot unmarshal number 80.5 into Go struct field NetworkPolicyPort.spec.ingress.ports.port of type int32"
            ]),
        Row(
            name: "quoted port stays a string (a bad port name), plain 80.0 is a number",
            spec: "spec:\n  ingress:\n  - ports:\n    - port: \"80\"\n    - port: 80.0\n",
            expected: [
                "9:13 kubernetes spec.ingress[0].ports[0].port | spec.ingress[0].ports[0].port: Invalid value: \"80\": must contain at least one letter (a-z)"
            ]),
        Row(
            name: "endPort as a string",
            spec: "spec:\n  egress:\n  - ports:\n    - port: 80\n      endPort: \"90\"\n",
            expected: [
                "10:16 decode-error spec.egress[0].ports[0].endPort | json: cannot unmarshal string into Go struct field NetworkPolicyPort.spec.egress.ports.endPort of type int32"
            ]),
        Row(
            name: "endPort overflows int32",
            spec: "spec:\n  egress:\n  - ports:\n    - port: 80\n      endPort: 3000000000\n",
            expected: [
                "10:16 decode-error spec.egress[0].ports[0].endPort | json: cannot unmarshal number 3000000000 into Go struct field NetworkPolicyPort.spec.egress.ports.endPort of type int32"
            ]),
        Row(
            name: "matchLabels value is a number", spec: "spec:\n  podSelector:\n    matchLabels: {a: 1}\n",
            expected: [
                "8:22 decode-error spec.podSelector.matchLabels.a | json: cannot unmarshal number into Go struct field LabelSelector.spec.podSelector.matchLabels of type string"
            ]),
        Row(
            name: "yes in matchLabels is a bool (YAML 1.1)",
            spec: "spec:\n  podSelector:\n    matchLabels:\n      a: yes\n",
            expected: [
                "9:10 decode-error spec.podSelector.matchLabels.a | json: cannot unmarshal bool into Go struct field LabelSelector.spec.podSelector.matchLabels of type string"
            ]),
        Row(
            name: "ingress is a mapping", spec: "spec:\n  ingress:\n    from: []\n",
            expected: [
                "8:5 decode-error spec.ingress | json: cannot unmarshal object into Go struct field NetworkPolicySpec.spec.ingress of type []v1.NetworkPolicyIngressRule"
            ]),
        Row(
            name: "peer is a string", spec: "spec:\n  ingress:\n  - from: [x]\n",
            expected: [
                "8:12 decode-error spec.ingress[0].from[0] | json: cannot unmarshal string into Go struct field NetworkPolicyIngressRule.spec.ingress.from of type v1.NetworkPolicyPeer"
            ]),
        Row(
            name: "null fields and null list items decode like Go",
            spec: "spec:\n  podSelector: null\n  ingress: [null, {from: [null]}]\n  policyTypes: ~\n",
            expected: [
                "8:27 kubernetes spec.ingress[1].from[0] | spec.ingress[1].from[0]: Required value: must specify a peer"
            ]),
        Row(
            name: "every type error is reported, with unknown fields in document order",
            spec: "spec:\n  podSelector: []\n  foo: 1\n  policyTypes: Ingress\n",
            expected: [
                "7:16 decode-error spec.podSelector | json: cannot unmarshal array into Go struct field NetworkPolicySpec.spec.podSelector of type v1.LabelSelector",
                "8:3 unknown-field spec.foo | strict decoding error: unknown field \"spec.foo\"",
                "9:16 decode-error spec.policyTypes | json: cannot unmarshal string into Go struct field NetworkPolicySpec.spec.policyTypes of type []v1.PolicyType",
            ]),
        Row(
            name: "creationTimestamp null and generation as float are fine",
            spec: "  creationTimestamp: null\n  generation: 2.0\nspec: {}\n", expected: []),
        Row(
            name: "managedFields take any fieldsV1",
            spec:
                "  managedFields:\n  - manager: kubectl\n    operation: Update\n    fieldsV1: {f:spec: {}}\nspec: {}\n",
            expected: []),
    ]

    @Test(arguments: rows)
    func findings(_ row: Row) {
        let report = Linter().lint(text: Self.policy(row.spec), file: "p.yaml")
        let got = report.findings.map { "\($0.position) \($0.rule) \($0.field) | \($0.message)" }
        #expect(got == row.expected)
    }

    @Test func validationErrorsAndWarningsAreLocated() {
        let text = Self.policy(
            "spec:\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}\n    ports:\n    - port: 0\n"
        )
        let findings = Linter().lint(text: text, file: "p.yaml").findings
        #expect(
            findings.map { "\($0.position) \($0.rule) \($0.message)" } == [
                "11:13 kubernetes spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "9:44 kubernetes spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: \"10.0.0.0/8\": must be a strict subset of `cidr`",
            ])
        let warned = Linter().lint(
            text: Self.policy("spec:\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 2001:DB8::/32\n"),
            file: "p.yaml")
        #expect(
            warned.findings.map { "\($0.position) \($0.rule) \($0.severity) \($0.field)" } == [
                "10:15 kubernetes-warning warning spec.egress[0].to[0].ipBlock.cidr"
            ])
    }

    @Test func metadataAsStringIsADecodeError() {
        let text = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: \"x\"\nspec: {}\n"
        let findings = Linter().lint(text: text, file: "p.yaml").findings
        #expect(
            findings.map(\.message) == [
                "json: cannot unmarshal string into Go struct field NetworkPolicy.metadata of type v1.ObjectMeta"
            ])
        #expect(findings.first?.position == SourcePosition(line: 3, column: 11))
        #expect(findings.first?.object == "")
    }

    @Test func fieldIssuesAreErrorsUnlessAllowed() {
        let text = Self.policy("spec:\n  ingres: []\n  ingres: []\n")
        let strict = Linter().lint(text: text, file: "p.yaml")
        let lax = Linter(options: LintOptions(strict: false)).lint(text: text, file: "p.yaml")
        #expect(
            strict.findings.map { "\($0.severity) \($0.message)" } == [
                "error strict decoding error: unknown field \"spec.ingres\"",
                "error strict decoding error: unknown field \"spec.ingres\"",
            ])
        #expect(
            lax.findings.map { "\($0.severity) \($0.message)" } == [
                "warning unknown field \"spec.ingres\"", "warning unknown field \"spec.ingres\"",
            ])
        #expect(LintReport(files: [strict]).exitCode == 1)
        #expect(LintReport(files: [lax]).exitCode == 0)
    }

    @Test func typeErrorsInsideCustomUnmarshalersNameTheStructField() {
        let text = Self.policy("  creationTimestamp: 5\nspec:\n  egress:\n  - ports:\n    - port: {a: 1}\n")
        #expect(
            Linter().lint(text: text, file: "p.yaml").findings.map(\.message) == [
                "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string",
                "json: cannot unmarshal object into Go struct field NetworkPolicyPort.spec.egress.ports.port of type int32",
            ])
    }
}
