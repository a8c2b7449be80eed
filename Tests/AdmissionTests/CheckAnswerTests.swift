import Foundation
import NetworkPolicyValidation
import PolicyChecks
import Testing

@testable import Admission

private typealias F = ReviewFixture

/// Our checks in AdmissionReview answers: denials after the apiserver's errors, warnings prefixed with the id,
/// and nothing at all without a configuration (`--rules kubernetes`).
@Suite struct CheckAnswerTests {
    static let checks = AdmissionHandler(checks: CheckConfiguration())

    /// Egress rules that policyTypes ignores (`ignored-rules`, deny) and an allow-all ingress rule (warn).
    static let ignoredSpec =
        #"{"podSelector":{},"ingress":[{}],"egress":[{"ports":[{"port":443}]}],"policyTypes":["Ingress"]}"#

    @Test func checkDenialComesWithItsCause() {
        let answer = F.answer(F.body(object: F.policy(spec: Self.ignoredSpec)), handler: Self.checks)
        #expect(
            answer
                == #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":false,"status":{"metadata":{},"status":"Failure","message":"NetworkPolicy.networking.k8s.io \"web\" is invalid: spec.egress: [ignored-rules] the egress rule has no effect because spec.policyTypes [\"Ingress\"] leaves out Egress; add \"Egress\" to spec.policyTypes or remove spec.egress","reason":"Invalid","details":{"name":"web","group":"networking.k8s.io","kind":"NetworkPolicy","causes":[{"reason":"FieldValueInvalid","message":"[ignored-rules] the egress rule has no effect because spec.policyTypes [\"Ingress\"] leaves out Egress; add \"Egress\" to spec.policyTypes or remove spec.egress","field":"spec.egress"}]},"code":422},"warnings":["[allow-all-ingress] spec.ingress[0]: the rule has no from peers, so it admits every source (all pods in all namespaces and every address) on every port; add from peers that name who may connect"]}}"#
        )
    }

    @Test func apiserverErrorsComeFirstAndTheirMessageIsUntouchedWithoutCheckDenials() throws {
        let spec = #"{"podSelector":{},"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.1/8"}}],"ports":[{"port":0}]}]}"#
        let plain = try AdmissionHandler().review(F.body(object: F.policy(spec: spec)))
        let checked = try Self.checks.review(F.body(object: F.policy(spec: spec)))
        // cidr-host-bits stays quiet: the apiserver (1.36, strict) already rejects the same field.
        #expect(checked.response.status == plain.response.status)
        #expect(checked.checkFindings.isEmpty)
    }

    @Test func apiserverErrorsThenCheckDenials() throws {
        let spec =
            #"{"podSelector":{},"egress":[{"ports":[{"port":0}],"to":[{"podSelector":{}}]}],"policyTypes":["Ingress"]}"#
        let outcome = try Self.checks.review(F.body(object: F.policy(spec: spec)))
        let status = try #require(outcome.response.status)
        #expect(
            status.message
                == #"NetworkPolicy.networking.k8s.io "web" is invalid: [spec.egress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.egress: [ignored-rules] the egress rule has no effect because spec.policyTypes ["Ingress"] leaves out Egress; add "Egress" to spec.policyTypes or remove spec.egress]"#
        )
        #expect(status.causes.map(\.path.description) == ["spec.egress[0].ports[0].port"])
        #expect(status.checkCauses.map(\.check) == [.ignoredRules])
    }

    @Test func hostBitsDeniedOnClustersWithoutStrictValidation() throws {
        let handler = AdmissionHandler(
            options: ValidationOptions(strictCIDRValidation: false), checks: CheckConfiguration())
        let spec =
            #"{"podSelector":{"matchLabels":{"app":"web"}},"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.1/8"}}]}]}"#
        let outcome = try handler.review(F.body(object: F.policy(spec: spec)))
        #expect(outcome.response.allowed == false)
        #expect(
            outcome.response.status?.message
                == #"NetworkPolicy.networking.k8s.io "web" is invalid: spec.ingress[0].from[0].ipBlock.cidr: [cidr-host-bits] "10.0.0.1/8" has bits set beyond the /8 prefix, which Kubernetes 1.36 rejects; write "10.0.0.0/8" for the whole network or "10.0.0.1/32" for the single address"#
        )
    }

    @Test func checkWarningReplacesTheApiserversWarningForTheSameField() throws {
        let spec =
            #"{"podSelector":{"matchLabels":{"app":"web"}},"ingress":[{"from":[{"ipBlock":{"cidr":"2001:DB8::/32"}}]}]}"#
        let plain = try AdmissionHandler().review(F.body(object: F.policy(spec: spec)))
        #expect(
            plain.response.warnings == [
                #"spec.ingress[0].from[0].ipBlock.cidr: IPv6 CIDR value "2001:DB8::/32" should be in RFC 5952 canonical format ("2001:db8::/32")"#
            ])
        let checked = try Self.checks.review(F.body(object: F.policy(spec: spec)))
        #expect(checked.response.allowed)
        #expect(
            checked.response.warnings == [
                #"[cidr-noncanonical] spec.ingress[0].from[0].ipBlock.cidr: "2001:DB8::/32" is not in canonical form; write "2001:db8::/32""#
            ])
    }

    @Test func behindTheApiserverACheckWarningDoesNotRepeatTheApiserversWarning() throws {
        // In `serve` the apiserver has given its own warning for the field before calling us.
        let served = AdmissionHandler(checks: CheckConfiguration(), apiserverWarnsFirst: true)
        let spec =
            #"{"podSelector":{"matchLabels":{"app":"web"}},"ingress":[{"from":[{"ipBlock":{"cidr":"2001:DB8::/32"}}]},{}]}"#
        let outcome = try served.review(F.body(object: F.policy(spec: spec)))
        #expect(outcome.response.allowed)
        #expect(
            outcome.response.warnings == [
                #"spec.ingress[0].from[0].ipBlock.cidr: IPv6 CIDR value "2001:DB8::/32" should be in RFC 5952 canonical format ("2001:db8::/32")"#,
                "[allow-all-ingress] spec.ingress[1]: the rule has no from peers, so it admits every source (all pods in all namespaces and every address) on every port; add from peers that name who may connect",
            ])
        // A check that denies still denies: that is no repeat of a warning.
        let denying = AdmissionHandler(
            checks: CheckConfiguration(severities: [.cidrNoncanonical: .deny]), apiserverWarnsFirst: true)
        let denied = try denying.review(F.body(object: F.policy(spec: spec)))
        #expect(denied.response.status?.checkCauses.map(\.check) == [.cidrNoncanonical])
    }

    @Test func updateKeepsCIDRsTheOldObjectHeld() throws {
        let handler = AdmissionHandler(
            options: ValidationOptions(strictCIDRValidation: false), checks: CheckConfiguration())
        let spec =
            #"{"podSelector":{"matchLabels":{"app":"web"}},"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.1/8"}}]}]}"#
        var old = F.policy(spec: spec)
        old = old.replacingOccurrences(of: #""namespace":"shop""#, with: #""namespace":"shop","resourceVersion":"1""#)
        let new = old.replacingOccurrences(of: #""metadata":{"#, with: #""metadata":{"labels":{"a":"b"},"#)
        let outcome = try handler.review(F.body(operation: "UPDATE", object: new, oldObject: old))
        #expect(outcome.response.allowed)
    }

    @Test func exemptNamespaceAndAnnotation() throws {
        let exempt = AdmissionHandler(checks: CheckConfiguration(exemptNamespaces: ["shop"]))
        #expect(try exempt.review(F.body(object: F.policy(spec: Self.ignoredSpec))).response.allowed)
        let annotated = F.policy(spec: Self.ignoredSpec).replacingOccurrences(
            of: #""metadata":{"#,
            with: #""metadata":{"annotations":{"netpol-webhook.dev/ignore-checks":"ignored-rules, allow-all-ingress"},"#
        )
        let outcome = try Self.checks.review(F.body(object: annotated))
        #expect(outcome.response.allowed)
        #expect(outcome.response.warnings.isEmpty)
    }

    @Test func withoutChecksOnlyTheApiserversRules() throws {
        let outcome = try AdmissionHandler().review(F.body(object: F.policy(spec: Self.ignoredSpec)))
        #expect(outcome.json == F.allowed())
    }
}
