import Foundation
import NetworkPolicyValidation
import PolicyChecks
import Testing

@testable import Admission

private typealias F = ReviewFixture

/// Check findings on UPDATE: a `deny` check refuses only what the update brings; what the stored object already
/// had is answered as a warning, so an object that breaks a check never gets stuck (issue 11).
@Suite struct UpdateRatchetTests {
    /// The default checks, with `allow-all-ingress` raised to `deny` to have two denying checks.
    static let handler = AdmissionHandler(
        checks: CheckConfiguration(severities: [.allowAllIngress: .deny]))

    /// Breaks `ignored-rules` (deny): egress rules with policyTypes [Ingress].
    static let ignoredSpec =
        #"{"podSelector":{"matchLabels":{"app":"web"}},"egress":[{"ports":[{"port":443}]}],"policyTypes":["Ingress"]}"#
    static let ignoredWarning =
        #"[ignored-rules] spec.egress: the egress rule has no effect because spec.policyTypes ["Ingress"] leaves out Egress; add "Egress" to spec.policyTypes or remove spec.egress"#

    /// A stored object: `metadata` entries (JSON members) added to name, namespace, uid and resourceVersion.
    static func object(metadata: String = "", spec: String = ignoredSpec) -> String {
        F.policy(spec: spec).replacingOccurrences(
            of: #""namespace":"shop""#,
            with: #""namespace":"shop","uid":"0b1c","resourceVersion":"7","creationTimestamp":"2026-01-01T00:00:00Z""#
                + metadata)
    }

    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var old: String
        var new: String
        var allowed: Bool
        /// The check denials (`check` at `path`).
        var denials: [String]
        var warnings: [String]
        var testDescription: String { name }
    }

    static let deleting = #","deletionTimestamp":"2026-02-01T00:00:00Z","deletionGracePeriodSeconds":0"#
    static let rows: [Row] = [
        Row(
            name: "finalizer removed from an object being deleted that breaks a deny check",
            old: object(metadata: deleting + #","finalizers":["example.com/cleanup"]"#),
            new: object(metadata: deleting),
            allowed: true, denials: [], warnings: [ignoredWarning]),
        Row(
            name: "deleted object whose update also changes spec into a new denial is still not denied",
            old: object(metadata: deleting + #","finalizers":["example.com/cleanup"]"#, spec: #"{"podSelector":{}}"#),
            new: object(metadata: deleting + #","finalizers":["example.com/cleanup"]"#),
            allowed: true, denials: [], warnings: [ignoredWarning]),
        Row(
            name: "label added to an object that breaks a deny check",
            old: object(), new: object(metadata: #","labels":{"team":"shop"}"#),
            allowed: true, denials: [], warnings: [ignoredWarning]),
        Row(
            name: "spec changed elsewhere keeps the old finding a warning",
            old: object(),
            new: object(
                spec:
                    #"{"podSelector":{"matchLabels":{"app":"web"}},"egress":[{"ports":[{"port":8443}]}],"policyTypes":["Ingress"]}"#
            ),
            allowed: true, denials: [], warnings: [ignoredWarning]),
        Row(
            name: "spec change that brings the finding is denied",
            old: object(spec: #"{"podSelector":{"matchLabels":{"app":"web"}},"policyTypes":["Ingress"]}"#),
            new: object(),
            allowed: false, denials: ["ignored-rules spec.egress"], warnings: []),
        Row(
            name: "a new finding is denied while the old one stays a warning",
            old: object(),
            new: object(
                spec:
                    #"{"podSelector":{"matchLabels":{"app":"web"}},"ingress":[{}],"egress":[{"ports":[{"port":443}]}],"policyTypes":["Ingress"]}"#
            ),
            allowed: false, denials: ["allow-all-ingress spec.ingress[0]"], warnings: [ignoredWarning]),
    ]

    @Test(arguments: rows)
    func update(_ row: Row) throws {
        let outcome = try Self.handler.review(F.body(operation: "UPDATE", object: row.new, oldObject: row.old))
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        #expect(outcome.response.allowed == row.allowed, "\(outcome.response.status?.message ?? "")")
        #expect(
            (outcome.response.status?.checkCauses ?? []).map { "\($0.check.id) \($0.path)" } == row.denials)
        #expect(outcome.response.warnings == row.warnings)
    }

    @Test func aDeletionTimestampTheUpdateBringsDoesNotLiftTheChecks() throws {
        let outcome = try Self.handler.review(
            F.body(
                operation: "UPDATE", object: Self.object(metadata: Self.deleting),
                oldObject: Self.object(
                    spec: #"{"podSelector":{"matchLabels":{"app":"web"}},"policyTypes":["Ingress"]}"#)))
        #expect(outcome.response.status?.checkCauses.map(\.check) == [.ignoredRules])
    }

    @Test func createOfTheSameObjectIsDenied() throws {
        let outcome = try Self.handler.review(F.body(object: Self.object(metadata: #","labels":{"team":"shop"}"#)))
        #expect(!outcome.response.allowed)
        #expect(outcome.response.status?.checkCauses.map(\.check) == [.ignoredRules])
    }

    @Test func apiserverRulesKeepTheirUpdateSemantics() throws {
        // An invalid port the old object did not have is the apiserver's error, denied even while deleting.
        let bad = #"{"podSelector":{},"ingress":[{"ports":[{"port":0}]}]}"#
        let outcome = try Self.handler.review(
            F.body(
                operation: "UPDATE", object: Self.object(metadata: Self.deleting, spec: bad),
                oldObject: Self.object(metadata: Self.deleting, spec: #"{"podSelector":{}}"#)))
        #expect(!outcome.response.allowed)
        #expect(outcome.errors.map(\.path.description) == ["spec.ingress[0].ports[0].port"])
    }
}
