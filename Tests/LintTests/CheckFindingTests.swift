import Foundation
import PolicyChecks
import Testing

@testable import Lint

/// Our checks in lint reports: located findings with the check id as rule, namespace-wide decisions over every
/// file of the run, and the apiserver's rules unaffected.
struct CheckFindingTests {
    static func policy(_ name: String, namespace: String = "shop", _ spec: String, annotations: String = "") -> String {
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: \(name)\n  namespace: \(namespace)\n"
            + annotations + spec
    }

    static let denyAllEgress = policy("deny-egress", "spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n")
    static let allowDNS = policy(
        "allow-dns",
        """
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress:
          - ports:
            - {port: 53, protocol: UDP}
            - {port: 53, protocol: TCP}

        """)
    static let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n"

    static func lint(_ files: [String: String], checks: CheckConfiguration? = CheckConfiguration()) -> LintReport {
        let sources = files.sorted { $0.key < $1.key }.map {
            SourceFile(displayPath: $0.key, origin: .contents(Data($0.value.utf8)))
        }
        let serial = Linter(options: LintOptions(checks: checks, concurrency: 1)).lint(sources)
        // Files are read, and their namespace-wide findings settled, on several threads: same report.
        let concurrent = Linter(options: LintOptions(checks: checks, concurrency: 4)).lint(sources)
        #expect(concurrent == serial)
        return serial
    }

    /// `file:line:column severity rule`
    static func summary(_ report: LintReport) -> [String] {
        report.findings.map {
            "\($0.file):\($0.position.line):\($0.position.column) \($0.severity.rawValue) \($0.rule)"
        }
    }

    @Test func dnsBlockedWhenNoPolicyOfTheNamespaceOpensIt() {
        let report = Self.lint(["a.yaml": Self.denyAllEgress])
        #expect(Self.summary(report) == ["a.yaml:8:3 warning egress-blocks-dns"])
        #expect(report.findings[0].field == "spec.policyTypes")
        #expect(report.findings[0].message.contains(#"no other NetworkPolicy of namespace "shop" in the linted files"#))
    }

    @Test func dnsOpenedByAPolicyInAnotherFile() {
        #expect(Self.lint(["a.yaml": Self.denyAllEgress, "b.yaml": Self.allowDNS]).findings.isEmpty)
        let otherNamespace = Self.allowDNS.replacingOccurrences(of: "namespace: shop", with: "namespace: other")
        #expect(
            Self.summary(Self.lint(["a.yaml": Self.denyAllEgress, "b.yaml": otherNamespace]))
                == ["a.yaml:8:3 warning egress-blocks-dns"])
    }

    @Test func dnsHalfOpenedByAnotherPolicyIsReworded() {
        let udpOnly = Self.allowDNS.replacingOccurrences(of: "    - {port: 53, protocol: TCP}\n", with: "")
        let report = Self.lint(["a.yaml": Self.denyAllEgress, "b.yaml": udpOnly])
        #expect(
            Self.summary(report) == ["a.yaml:8:3 warning egress-blocks-dns", "b.yaml:9:3 warning egress-blocks-dns"])
        let udpButNotTCP = #"[egress-blocks-dns] spec.policyTypes: DNS is allowed over UDP but not TCP (port 53)"#
        #expect(report.findings[0].message.hasPrefix(udpButNotTCP))
    }

    @Test func aPolicyTheApiserverRejectsOpensNothing() {
        let broken = Self.allowDNS.replacingOccurrences(
            of: "policyTypes: [Egress]", with: "policyTypes: [Egress, Egress, Ingress]")
        let report = Self.lint(["a.yaml": Self.denyAllEgress, "b.yaml": broken])
        #expect(Self.summary(report).contains("a.yaml:8:3 warning egress-blocks-dns"))
    }

    @Test func missingDefaultDenyWhenConfigured() {
        let files = ["a.yaml": Self.deployment, "b.yaml": Self.allowDNS]
        #expect(Self.lint(files).findings.isEmpty)
        let on = CheckConfiguration(severities: [.missingDefaultDeny: .deny])
        let report = Self.lint(files, checks: on)
        #expect(Self.summary(report) == ["a.yaml:1:1 error missing-default-deny"])
        #expect(
            report.findings[0].message
                == #"[missing-default-deny] namespace "shop" holds workloads (Deployment shop/web) but no NetworkPolicy in the linted files selects all its pods for Ingress; add one with podSelector: {} and policyTypes: [Ingress]"#
        )
        #expect(report.exitCode == 1)
        #expect(Self.lint(files.merging(["c.yaml": Self.denyAllEgress]) { $1 }, checks: on).findings.isEmpty)
    }

    @Test func namespaceAnnotationSwitchesMissingDefaultDenyOff() {
        let namespace = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              annotations: {netpol-webhook.dev/ignore-checks: missing-default-deny}

            """
        let on = CheckConfiguration(severities: [.missingDefaultDeny: .warn])
        #expect(Self.lint(["a.yaml": Self.deployment, "ns.yaml": namespace], checks: on).findings.isEmpty)
    }

    @Test func exemptNamespaceByLabelFromANamespaceObject() {
        let namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: infra\n"
        let exempt = CheckConfiguration(exemptNamespaceSelectors: [.init(matchLabels: ["team": "infra"])])
        #expect(!Self.lint(["a.yaml": Self.denyAllEgress], checks: exempt).findings.isEmpty)
        #expect(Self.lint(["a.yaml": Self.denyAllEgress, "ns.yaml": namespace], checks: exempt).findings.isEmpty)
    }

    @Test func annotationSwitchesChecksOffButNeverTheApiserversRules() {
        let annotated = Self.policy(
            "p", "spec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: 0}]\n",
            annotations: "  annotations:\n    netpol-webhook.dev/ignore-checks: allow-all-ingress\n")
        #expect(Self.summary(Self.lint(["a.yaml": annotated])) == ["a.yaml:11:20 error kubernetes"])
    }

    @Test func checkFindingReplacesTheApiserversWarningOnTheSameField() {
        let ipv6 = Self.policy(
            "p", "spec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: \"2001:DB8::/32\"}\n")
        #expect(Self.summary(Self.lint(["a.yaml": ipv6], checks: nil)) == ["a.yaml:10:23 warning kubernetes-warning"])
        let report = Self.lint(["a.yaml": ipv6])
        #expect(Self.summary(report) == ["a.yaml:10:23 warning cidr-noncanonical"])
        #expect(
            report.findings[0].message
                == #"[cidr-noncanonical] spec.ingress[0].from[0].ipBlock.cidr: "2001:DB8::/32" is not in canonical form; write "2001:db8::/32""#
        )
    }

    @Test func hostBitsReportedOnceWithTheApiserverError() {
        let hostBits = Self.policy(
            "p", "spec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.1/8}\n")
        #expect(Self.summary(Self.lint(["a.yaml": hostBits])) == ["a.yaml:10:23 error kubernetes"])
    }

    @Test func sarifListsEveryCheckWithHelp() {
        let sarif = SARIFFormatter().format(Self.lint([:]))
        for check in Check.allCases {
            #expect(sarif.contains(#"{"id": "\#(check.id)", "shortDescription": {"text": "\#(check.summary)"}"#))
        }
    }

    @Test func everyFormatNamesTheCheck() {
        let report = Self.lint(["a.yaml": Self.denyAllEgress])
        #expect(JSONFormatter().format(report).contains(#""rule": "egress-blocks-dns""#))
        #expect(JUnitFormatter().format(report).contains("a.yaml:8:3: warning: [egress-blocks-dns] spec.policyTypes"))
        #expect(
            GitHubFormatter().format(report).hasPrefix("::warning file=a.yaml,line=8,col=3,title=egress-blocks-dns::"))
        #expect(SARIFFormatter().format(report).contains(#"{"ruleId": "egress-blocks-dns", "level": "warning""#))
        let denied = Self.lint(
            ["a.yaml": Self.denyAllEgress], checks: CheckConfiguration(severities: [.egressBlocksDNS: .deny]))
        #expect(JUnitFormatter().format(denied).contains(#"type="egress-blocks-dns">"#))
    }

    @Test func serialAndConcurrentRunsAgree() {
        let files = ["a.yaml": Self.denyAllEgress, "b.yaml": Self.allowDNS, "c.yaml": Self.deployment]
        let sources = files.sorted { $0.key < $1.key }.map {
            SourceFile(displayPath: $0.key, origin: .contents(Data($0.value.utf8)))
        }
        let on = CheckConfiguration(severities: [.missingDefaultDeny: .warn])
        let serial = Linter(options: LintOptions(checks: on, concurrency: 1)).lint(sources)
        let concurrent = Linter(options: LintOptions(checks: on, concurrency: 4)).lint(sources)
        #expect(serial == concurrent)
    }

    @Test("connectivity checks judge only namespaces with workloads and point at the key, the peer, the named port")
    func connectivityChecksOnNamespacesWithWorkloads() {
        let app = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    ports:
                    - {name: http, containerPort: 8080}

            """
        let policies =
            Self.policy(
                "typo",
                """
                spec:
                  podSelector: {matchLabels: {app: wbe}}
                  policyTypes: [Ingress, Egress]
                  ingress:
                  - from:
                    - ipBlock: {cidr: 10.0.0.0/8}
                    - podSelector: {matchLabels: {app: wbe}}
                    ports:
                    - port: http
                  egress:
                  - to:
                    - podSelector: {matchLabels: {app: web}}
                    ports:
                    - port: 53
                    - port: metrics

                """)
            + "---\n"
            + Self.policy("elsewhere", namespace: "empty", "spec:\n  podSelector: {matchLabels: {app: nothing}}\n")
        let connectivityChecks: Set = ["selects-no-pods", "peer-selects-nothing", "named-port-unresolved"]
        let findings = Self.lint(["app.yaml": app, "policies.yaml": policies]).findings.filter {
            connectivityChecks.contains($0.rule)
        }
        #expect(
            findings.map { "\($0.file):\($0.position.line):\($0.position.column) \($0.rule) \($0.field)" } == [
                "policies.yaml:7:3 selects-no-pods spec.podSelector",
                "policies.yaml:12:7 peer-selects-nothing spec.ingress[0].from[1]",
                "policies.yaml:20:13 named-port-unresolved spec.egress[0].ports[1].port",
            ])
        // Without the workload, no namespace is judged.
        #expect(
            Self.lint(["policies.yaml": policies]).findings.allSatisfy { !connectivityChecks.contains($0.rule) })
    }
}
