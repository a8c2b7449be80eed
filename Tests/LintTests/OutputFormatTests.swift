import Testing

@testable import Lint

/// Each output format, byte for byte, over one report holding every kind of outcome: an apiserver error, a
/// warning, a skipped object, an unreadable file, and characters each format must escape.
struct OutputFormatTests {
    static let report: LintReport = {
        let error = Finding(
            file: "np dir/a.yaml", position: SourcePosition(line: 13, column: 13), object: "prod/web",
            field: "spec.ingress[0].ports[0].port", severity: .error, rule: RuleID.kubernetes,
            message: "spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive")
        let warning = Finding(
            file: "np dir/a.yaml", position: SourcePosition(line: 8, column: 3), object: "prod/web",
            field: "spec.ingres",
            severity: .warning, rule: RuleID.unknownField, message: "unknown field \"spec.ingres\"")
        let unreadable = Finding(
            file: "b.yaml", position: SourcePosition(line: 2, column: 5), object: "", field: "", severity: .error,
            rule: RuleID.unreadable, message: "yaml: line 2: found character that cannot start any token <&>\n%")
        return LintReport(files: [
            FileReport(
                path: "np dir/a.yaml",
                objects: [
                    ObjectReport(
                        file: "np dir/a.yaml", position: .start, apiVersion: "networking.k8s.io/v1",
                        kind: "NetworkPolicy", name: "prod/web", outcome: .checked, findings: [warning, error]),
                    ObjectReport(
                        file: "np dir/a.yaml", position: SourcePosition(line: 20, column: 1), apiVersion: "apps/v1",
                        kind: "Deployment", name: "web",
                        outcome: .skipped(reason: "kind Deployment (apps/v1) is not a NetworkPolicy")),
                ]),
            FileReport(path: "b.yaml", unreadable: unreadable),
        ])
    }()

    @Test func text() {
        #expect(
            OutputFormat.text.formatter.format(Self.report) == """
                np dir/a.yaml:8:3: warning: unknown field "spec.ingres"
                np dir/a.yaml:13:13: error: spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive
                b.yaml:2:5: error: yaml: line 2: found character that cannot start any token <&>
                %
                2 files, 1 NetworkPolicy: 1 invalid, 0 with warnings; 1 object skipped; 1 file unreadable

                """)
    }

    /// Line formats build each file's lines on their own threads: the lines still come in report order.
    @Test func lineFormatsKeepReportOrderOverManyFiles() {
        let files = (0..<500).map { index in
            let path = "f\(index).yaml"
            let findings = (1...2).map { line in
                Finding(
                    file: path, position: SourcePosition(line: line, column: 1), object: "o", field: "",
                    severity: .warning, rule: RuleID.unknownField, message: "m\(index)-\(line)")
            }
            return FileReport(
                path: path,
                objects: [
                    ObjectReport(
                        file: path, position: .start, apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
                        name: "o", outcome: .checked, findings: findings)
                ])
        }
        let report = LintReport(files: files)
        let lines = (0..<500).flatMap { index in (1...2).map { "f\(index).yaml:\($0):1: warning: m\(index)-\($0)\n" } }
        #expect(TextFormatter().format(report) == lines.joined() + report.summary.line + "\n")
        #expect(GitHubFormatter().format(report).split(separator: "\n").count == 1_001)
        #expect(
            GitHubFormatter().format(report).hasPrefix(
                "::warning file=f0.yaml,line=1,col=1,title=unknown-field::m0-1\n"))
    }

    @Test func json() {
        #expect(
            OutputFormat.json.formatter.format(Self.report) == #"""
                {
                  "findings": [
                    {"file": "np dir/a.yaml", "line": 8, "column": 3, "object": "prod/web", "field": "spec.ingres", "severity": "warning", "rule": "unknown-field", "message": "unknown field \"spec.ingres\""},
                    {"file": "np dir/a.yaml", "line": 13, "column": 13, "object": "prod/web", "field": "spec.ingress[0].ports[0].port", "severity": "error", "rule": "kubernetes", "message": "spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"},
                    {"file": "b.yaml", "line": 2, "column": 5, "object": "", "field": "", "severity": "error", "rule": "unreadable", "message": "yaml: line 2: found character that cannot start any token <&>\n%"}
                  ],
                  "skipped": [
                    {"file": "np dir/a.yaml", "line": 20, "column": 1, "apiVersion": "apps/v1", "kind": "Deployment", "object": "web", "reason": "kind Deployment (apps/v1) is not a NetworkPolicy"}
                  ],
                  "summary": {
                    "files": 2,
                    "unreadableFiles": 1,
                    "networkPolicies": 1,
                    "valid": 0,
                    "invalid": 1,
                    "withWarnings": 0,
                    "skipped": 1,
                    "errors": 2,
                    "warnings": 1
                  }
                }

                """#)
    }

    @Test func sarif() {
        #expect(
            OutputFormat.sarif.formatter.format(Self.report) == #"""
                {
                  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                  "version": "2.1.0",
                  "runs": [
                    {
                      "tool": {
                        "driver": {
                          "name": "netpol-webhook",
                          "informationUri": "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
                          "rules": [
                            {"id": "kubernetes", "shortDescription": {"text": "The Kubernetes API server would reject this NetworkPolicy (networking.k8s.io/v1 validation)."}, "help": {"text": "The Kubernetes API server would reject this NetworkPolicy (networking.k8s.io/v1 validation)."}},
                            {"id": "kubernetes-warning", "shortDescription": {"text": "The Kubernetes API server would accept this NetworkPolicy with a warning."}, "help": {"text": "The Kubernetes API server would accept this NetworkPolicy with a warning."}},
                            {"id": "unknown-field", "shortDescription": {"text": "The field does not exist in networking.k8s.io/v1 NetworkPolicy; kubectl apply refuses it (strict decoding)."}, "help": {"text": "The field does not exist in networking.k8s.io/v1 NetworkPolicy; kubectl apply refuses it (strict decoding)."}},
                            {"id": "duplicate-field", "shortDescription": {"text": "The field is given more than once; kubectl apply refuses it (strict decoding)."}, "help": {"text": "The field is given more than once; kubectl apply refuses it (strict decoding)."}},
                            {"id": "decode-error", "shortDescription": {"text": "The value has the wrong type; the API server cannot decode the object."}, "help": {"text": "The value has the wrong type; the API server cannot decode the object."}},
                            {"id": "unreadable", "shortDescription": {"text": "The file could not be read or is not valid YAML or JSON."}, "help": {"text": "The file could not be read or is not valid YAML or JSON."}},
                            {"id": "cidr-host-bits", "shortDescription": {"text": "An ipBlock cidr or except has bits set beyond the prefix (10.0.0.1/8); Kubernetes 1.36 rejects it."}, "help": {"text": "An ipBlock cidr or except has bits set beyond the prefix (10.0.0.1/8); Kubernetes 1.36 rejects it. Fix: Write the network (10.0.0.0/8) or the single address (10.0.0.1/32) you mean."}},
                            {"id": "cidr-noncanonical", "shortDescription": {"text": "An ipBlock CIDR has leading zeros, is IPv4-mapped IPv6, or is IPv6 not in RFC 5952 form."}, "help": {"text": "An ipBlock CIDR has leading zeros, is IPv4-mapped IPv6, or is IPv6 not in RFC 5952 form. Fix: Write the CIDR in the suggested canonical form (no leading zeros, IPv4 as IPv4, RFC 5952 IPv6)."}},
                            {"id": "ignored-rules", "shortDescription": {"text": "Rules that have no effect because policyTypes leaves out their direction."}, "help": {"text": "Rules that have no effect because policyTypes leaves out their direction. Fix: Add the direction to spec.policyTypes, or remove the rules."}},
                            {"id": "allow-all-ingress", "shortDescription": {"text": "An ingress rule admits every source: all pods in all namespaces, or every address."}, "help": {"text": "An ingress rule admits every source: all pods in all namespaces, or every address. Fix: Add from peers (podSelector, namespaceSelector with labels, or a narrower ipBlock) to the rule."}},
                            {"id": "allow-all-egress", "shortDescription": {"text": "An egress rule admits every destination: all pods in all namespaces, or every address."}, "help": {"text": "An egress rule admits every destination: all pods in all namespaces, or every address. Fix: Add to peers (podSelector, namespaceSelector with labels, or a narrower ipBlock) to the rule."}},
                            {"id": "egress-blocks-dns", "shortDescription": {"text": "The policy isolates egress but no rule allows DNS (port 53 over UDP and TCP)."}, "help": {"text": "The policy isolates egress but no rule allows DNS (port 53 over UDP and TCP). Fix: Allow egress to kube-dns: {to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}, in this policy or another that selects the same pods."}},
                            {"id": "except-overlap", "shortDescription": {"text": "ipBlock except entries that overlap or repeat each other."}, "help": {"text": "ipBlock except entries that overlap or repeat each other. Fix: Remove the except entry that another one already covers."}},
                            {"id": "duplicate-entries", "shortDescription": {"text": "Identical rules, peers, ports or policyTypes entries within one policy."}, "help": {"text": "Identical rules, peers, ports or policyTypes entries within one policy. Fix: Remove the repeated entry."}},
                            {"id": "ipblock-in-cluster", "shortDescription": {"text": "An ipBlock covers pod or service ranges (clusterCIDRs), where pod IPs come and go."}, "help": {"text": "An ipBlock covers pod or service ranges (clusterCIDRs), where pod IPs come and go. Fix: Select in-cluster peers with podSelector and namespaceSelector; add the cluster ranges to except."}},
                            {"id": "missing-default-deny", "shortDescription": {"text": "A namespace with workloads but no policy that selects all its pods (lint only)."}, "help": {"text": "A namespace with workloads but no policy that selects all its pods (lint only). Fix: Add a policy with podSelector: {} and policyTypes: [Ingress] (and Egress) to the namespace."}},
                            {"id": "sctp-protocol", "shortDescription": {"text": "A port uses SCTP, which needs CNI support many clusters lack."}, "help": {"text": "A port uses SCTP, which needs CNI support many clusters lack. Fix: Make sure the cluster's CNI plugin supports SCTP, or use TCP or UDP."}},
                            {"id": "selects-no-pods", "shortDescription": {"text": "The podSelector matches no workload of its namespace in the linted files (lint only)."}, "help": {"text": "The podSelector matches no workload of its namespace in the linted files (lint only). Fix: Fix the podSelector's labels to match the pod template labels of the workloads it is meant for."}},
                            {"id": "peer-selects-nothing", "shortDescription": {"text": "A rule peer's selectors match no workload or namespace in the linted files (lint only)."}, "help": {"text": "A rule peer's selectors match no workload or namespace in the linted files (lint only). Fix: Fix the selector's labels (a typo?) to match the pods or namespaces the rule is meant for."}},
                            {"id": "named-port-unresolved", "shortDescription": {"text": "A named port that no destination workload in the linted files declares (lint only)."}, "help": {"text": "A named port that no destination workload in the linted files declares (lint only). Fix: Use the name of a container port the destination pods declare (same protocol), or the port number."}}
                          ]
                        }
                      },
                      "columnKind": "unicodeCodePoints",
                      "results": [
                        {"ruleId": "unknown-field", "level": "warning", "message": {"text": "unknown field \"spec.ingres\""}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "np%20dir/a.yaml"}, "region": {"startLine": 8, "startColumn": 3}}}]},
                        {"ruleId": "kubernetes", "level": "error", "message": {"text": "spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "np%20dir/a.yaml"}, "region": {"startLine": 13, "startColumn": 13}}}]},
                        {"ruleId": "unreadable", "level": "error", "message": {"text": "yaml: line 2: found character that cannot start any token <&>\n%"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "b.yaml"}, "region": {"startLine": 2, "startColumn": 5}}}]}
                      ]
                    }
                  ]
                }

                """#)
    }

    @Test func junit() {
        #expect(
            OutputFormat.junit.formatter.format(Self.report) == """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites name="netpol-webhook lint" tests="3" failures="1" errors="1" skipped="1">
                  <testsuite name="np dir/a.yaml" tests="2" failures="1" errors="0" skipped="1">
                    <testcase name="NetworkPolicy prod/web (line 1)" classname="np dir/a.yaml">
                      <failure message="spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive" type="kubernetes">np dir/a.yaml:13:13: error: spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive</failure>
                      <system-out>np dir/a.yaml:8:3: warning: unknown field &quot;spec.ingres&quot;</system-out>
                    </testcase>
                    <testcase name="Deployment web (line 20)" classname="np dir/a.yaml">
                      <skipped message="kind Deployment (apps/v1) is not a NetworkPolicy"/>
                    </testcase>
                  </testsuite>
                  <testsuite name="b.yaml" tests="1" failures="0" errors="1" skipped="0">
                    <testcase name="b.yaml" classname="b.yaml">
                      <error message="yaml: line 2: found character that cannot start any token &lt;&amp;&gt;&#10;%" type="unreadable">b.yaml:2:5: error: yaml: line 2: found character that cannot start any token &lt;&amp;&gt;&#10;%</error>
                    </testcase>
                  </testsuite>
                </testsuites>

                """)
    }

    @Test func github() {
        #expect(
            OutputFormat.github.formatter.format(Self.report) == """
                ::warning file=np dir/a.yaml,line=8,col=3,title=unknown-field::unknown field "spec.ingres"
                ::error file=np dir/a.yaml,line=13,col=13,title=kubernetes::spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive
                ::error file=b.yaml,line=2,col=5,title=unreadable::yaml: line 2: found character that cannot start any token <&>%0A%25
                2 files, 1 NetworkPolicy: 1 invalid, 0 with warnings; 1 object skipped; 1 file unreadable

                """)
    }

    @Test(arguments: [
        ("a:b,c%d\r\ne", "a%3Ab%2Cc%25d%0D%0Ae"),
        ("plain", "plain"),
    ])
    func githubPropertyEscaping(_ raw: String, _ escaped: String) {
        #expect(GitHubFormatter.escapeProperty(raw) == escaped)
    }

    @Test(arguments: [("a b/ü.yaml", "a%20b/%C3%BC.yaml"), ("/abs/x.yaml", "file:///abs/x.yaml")])
    func sarifURI(_ path: String, _ uri: String) {
        #expect(SARIFFormatter.uri(path) == uri)
    }

    @Test(arguments: [
        (0, 0, 0, 0, "0 files, 0 NetworkPolicies: 0 invalid, 0 with warnings; 0 objects skipped; 0 files unreadable"),
        (1, 1, 1, 1, "1 file, 1 NetworkPolicy: 0 invalid, 0 with warnings; 1 object skipped; 1 file unreadable"),
    ])
    func summaryLine(_ files: Int, _ policies: Int, _ skipped: Int, _ unreadable: Int, _ expected: String) {
        var summary = LintSummary()
        summary.files = files
        summary.networkPolicies = policies
        summary.skipped = skipped
        summary.unreadableFiles = unreadable
        #expect(summary.line == expected)
    }

    @Test func exitCodes() {
        #expect(Self.report.exitCode == 2)
        #expect(LintReport(files: [Self.report.files[0]]).exitCode == 1)
        #expect(LintReport(files: []).exitCode == 0)
    }
}
