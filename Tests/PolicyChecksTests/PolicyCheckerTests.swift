import NetworkPolicyValidation
import Testing

@testable import PolicyChecks

/// Severities, exemptions and the ignore annotation.
@Suite struct PolicyCheckerTests {
    static var allowAll: NetworkPolicy {
        var policy = CheckFixture.valid
        policy.spec.ingress = [NetworkPolicyIngressRule()]
        policy.spec.egress![0].ports = [NetworkPolicyPort(port: .int(443))]
        return NetworkPolicyDefaulter.defaulted(policy)
    }

    @Test func defaultsGiveSeverities() {
        let findings = PolicyChecker().check(Self.allowAll)
        #expect(findings.map(\.check) == [.allowAllIngress, .egressBlocksDNS])
        #expect(findings.map(\.severity) == [.warn, .warn])
        #expect(findings[0].message.hasPrefix("[allow-all-ingress] spec.ingress[0]: the rule has no from peers"))
        #expect(findings[0].causeMessage.hasPrefix("[allow-all-ingress] the rule has no from peers"))
    }

    @Test func configuredSeverityWins() {
        let checker = PolicyChecker(
            configuration: CheckConfiguration(severities: [.allowAllIngress: .deny, .egressBlocksDNS: .off]))
        #expect(checker.check(Self.allowAll).map(\.severity) == [.deny])
    }

    struct ExemptionRow: CustomTestStringConvertible, Sendable {
        var name: String
        var configuration: CheckConfiguration
        var labels: [String: String]
        var exempt: Bool
        var testDescription: String { name }
    }

    static let exemptionRows: [ExemptionRow] = [
        ExemptionRow(name: "no exemption", configuration: CheckConfiguration(), labels: [:], exempt: false),
        ExemptionRow(
            name: "by name", configuration: CheckConfiguration(exemptNamespaces: ["shop"]), labels: [:], exempt: true),
        ExemptionRow(
            name: "another name", configuration: CheckConfiguration(exemptNamespaces: ["kube-system"]), labels: [:],
            exempt: false),
        ExemptionRow(
            name: "by the automatic name label",
            configuration: CheckConfiguration(exemptNamespaceSelectors: [
                LabelSelector(matchExpressions: [
                    LabelSelectorRequirement(
                        key: "kubernetes.io/metadata.name", operator: "In", values: ["shop", "kube-system"])
                ])
            ]),
            labels: [:], exempt: true),
        ExemptionRow(
            name: "by a known label",
            configuration: CheckConfiguration(exemptNamespaceSelectors: [LabelSelector(matchLabels: ["team": "infra"])]
            ),
            labels: ["team": "infra"], exempt: true),
        ExemptionRow(
            name: "label not known",
            configuration: CheckConfiguration(exemptNamespaceSelectors: [LabelSelector(matchLabels: ["team": "infra"])]
            ),
            labels: [:], exempt: false),
        ExemptionRow(
            name: "DoesNotExist",
            configuration: CheckConfiguration(exemptNamespaceSelectors: [
                LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "checked", operator: "DoesNotExist")])
            ]),
            labels: [:], exempt: true),
    ]

    @Test(arguments: exemptionRows)
    func exemptNamespaces(_ row: ExemptionRow) {
        let findings = PolicyChecker(configuration: row.configuration)
            .check(Self.allowAll, context: CheckContext(namespaceLabels: row.labels))
        #expect(findings.isEmpty == row.exempt)
    }

    @Test func annotationSwitchesNamedChecksOff() {
        var policy = Self.allowAll
        policy.metadata.annotations = [IgnoreAnnotation.key: " allow-all-ingress , no-such-check"]
        #expect(PolicyChecker().check(policy).map(\.check) == [.egressBlocksDNS])
        policy.metadata.annotations = [IgnoreAnnotation.key: "egress-blocks-dns,allow-all-ingress"]
        #expect(PolicyChecker().check(policy).isEmpty)
    }

    @Test func warningsFitTheApiserversLimit() {
        // AdmissionReview warnings are cut at 256 characters: the fix must survive.
        var denyAll = CheckFixture.valid
        denyAll.spec.egress = nil
        for policy in [Self.allowAll, NetworkPolicyDefaulter.defaulted(denyAll)] {
            for finding in PolicyChecker(configuration: CheckFixture.everything).check(policy) {
                #expect(finding.message.unicodeScalars.count <= 256, "\(finding.message)")
            }
        }
    }

    @Test func missingDefaultDeny() {
        func policy(_ selector: [String: String]?, _ types: [String]) -> PolicySummary {
            PolicySummary(
                NetworkPolicyDefaulter.defaulted(
                    NetworkPolicy(
                        metadata: ObjectMeta(name: "p", namespace: "shop"),
                        spec: NetworkPolicySpec(podSelector: LabelSelector(matchLabels: selector), policyTypes: types)))
            )
        }
        let text = NamespacePolicies.missingDefaultDeny(
            namespace: "shop", workload: "Deployment web", policies: [policy(["app": "web"], ["Ingress"])],
            egress: false)
        #expect(
            text
                == #"namespace "shop" holds workloads (Deployment web) but no NetworkPolicy in the linted files selects all its pods for Ingress; add one with podSelector: {} and policyTypes: [Ingress]"#
        )
        #expect(
            NamespacePolicies.missingDefaultDeny(
                namespace: "shop", workload: "Deployment web", policies: [policy(nil, ["Ingress"])], egress: false)
                == nil)
        #expect(
            NamespacePolicies.missingDefaultDeny(
                namespace: "shop", workload: "Deployment web", policies: [policy(nil, ["Ingress"])], egress: true)?
                .hasSuffix("for Egress; add one with podSelector: {} and policyTypes: [Egress]") == true)
    }
}
