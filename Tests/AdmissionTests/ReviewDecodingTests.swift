import Foundation
import PolicyChecks
import Testing

@testable import Admission
@testable import NetworkPolicyValidation

/// The AdmissionReview path's own readings of the model (`JSONObjectReadable`): what they make of `null`, the
/// annotation values they skip, and that they agree with the model's synthesized `Decodable` conformances.
@Suite struct ReviewDecodingTests {
    typealias F = ReviewFixture

    static func object(meta: String = #""name":"web""#, spec: String = #"{"podSelector":{}}"#) -> String {
        #"{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"# + meta + #"},"spec":"#
            + spec + "}"
    }

    static func decoded(_ body: Data) throws -> NetworkPolicy {
        try #require(try AdmissionReviewRequest.decode(body).request.object)
    }

    /// `null` where Go's decoder leaves the zero value: a map value or a list element (issue 11, "`review` exits 2
    /// on a label whose value is `null`").
    static let nullRows: [(name: String, meta: String, spec: String, expected: @Sendable (NetworkPolicy) -> Bool)] = [
        (
            "label value", #""name":"web","labels":{"a":null,"b":"c"}"#, #"{"podSelector":{}}"#,
            { $0.metadata.labels == ["a": "", "b": "c"] }
        ),
        (
            "annotation value", #""name":"web","annotations":{"a":null}"#, #"{"podSelector":{}}"#,
            { $0.metadata.annotations == ["a": ""] }
        ),
        (
            "finalizer", #""name":"web","finalizers":[null,"x"]"#, #"{"podSelector":{}}"#,
            { $0.metadata.finalizers == ["", "x"] }
        ),
        (
            "owner reference", #""name":"web","ownerReferences":[null]"#, #"{"podSelector":{}}"#,
            { $0.metadata.ownerReferences == [OwnerReference()] }
        ),
        (
            "matchLabels value", #""name":"web""#, #"{"podSelector":{"matchLabels":{"app":null}}}"#,
            { $0.spec.podSelector?.matchLabels == ["app": ""] }
        ),
        (
            "matchExpressions element", #""name":"web""#, #"{"podSelector":{"matchExpressions":[null]}}"#,
            { $0.spec.podSelector?.matchExpressions == [LabelSelectorRequirement(key: "", operator: "")] }
        ),
        (
            "matchExpressions values element", #""name":"web""#,
            #"{"podSelector":{"matchExpressions":[{"key":"a","operator":"In","values":[null]}]}}"#,
            { $0.spec.podSelector?.matchExpressions?.first?.values == [""] }
        ),
        (
            "ingress rule", #""name":"web""#, #"{"podSelector":{},"ingress":[null]}"#,
            { $0.spec.ingress == [NetworkPolicyIngressRule()] }
        ),
        (
            "egress peer and port", #""name":"web""#, #"{"podSelector":{},"egress":[{"to":[null],"ports":[null]}]}"#,
            { $0.spec.egress == [NetworkPolicyEgressRule(ports: [NetworkPolicyPort()], to: [NetworkPolicyPeer()])] }
        ),
        (
            "except element", #""name":"web""#,
            #"{"podSelector":{},"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.0/8","except":[null]}}]}]}"#,
            { $0.spec.ingress?.first?.from?.first?.ipBlock?.except == [""] }
        ),
        (
            "policyTypes element", #""name":"web""#, #"{"podSelector":{},"policyTypes":[null]}"#,
            { $0.spec.policyTypes == [""] }
        ),
        (
            "peer fields", #""name":"web""#,
            #"{"podSelector":{},"egress":[{"to":[{"ipBlock":null,"podSelector":{},"namespaceSelector":null}]}]}"#,
            { $0.spec.egress?.first?.to == [NetworkPolicyPeer(podSelector: LabelSelector())] }
        ),
        (
            "fields stay absent", #""name":null,"labels":null"#, #"{"podSelector":null,"ingress":null}"#,
            {
                $0.metadata.name == nil && $0.metadata.labels == nil && $0.spec.podSelector == nil
                    && $0.spec.ingress == nil
            }
        ),
    ]

    @Test(arguments: nullRows.indices)
    func nullIsGosZeroValue(_ index: Int) throws {
        let row = Self.nullRows[index]
        let policy = try Self.decoded(F.body(object: Self.object(meta: row.meta, spec: row.spec)))
        #expect(row.expected(policy), "\(row.name): \(policy)")
    }

    /// The symptom of issue 11: the apiserver accepts a label whose value is `null` (it reads `""`).
    @Test func nullLabelValueIsAllowed() {
        let body = F.body(object: Self.object(meta: #""name":"web","labels":{"team":null}"#))
        #expect(F.answer(body) == F.allowed())
    }

    /// kubectl's annotation as JSON text, escaped once more as a JSON string value.
    static let lastApplied = #""kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"v1\"}\n""#

    static let lastAppliedKey = "kubectl.kubernetes.io/last-applied-configuration"

    @Test func lastAppliedValueIsSkippedOnSmallBodies() throws {
        let meta =
            #""name":"web","annotations":{"# + Self.lastApplied + #","owner":"team-a","# + "\""
            + IgnoreAnnotation.key + #"":"cidr-host-bits, allow-all-ingress"}"#
        let policy = try Self.decoded(F.body(object: Self.object(meta: meta)))
        #expect(
            policy.metadata.annotations == [
                Self.lastAppliedKey: "", "owner": "team-a", IgnoreAnnotation.key: "cidr-host-bits, allow-all-ingress",
            ])
        // Any decoder without the choice reads it in full.
        let full = try JSONDecoder().decode(AdmissionReviewRequest.self, from: F.body(object: Self.object(meta: meta)))
        #expect(full.request.object?.metadata.annotations?[Self.lastAppliedKey] == #"{"apiVersion":"v1"}"# + "\n")
    }

    /// A skipped value is still type-checked, and so is every other: the error names the field, as when values
    /// are decoded.
    static let mistypedAnnotations = [#"1"#, "true", "{}", "[]", #"["a"]"#].flatMap { value in
        ["a", lastAppliedKey].map { (key: $0, value: value) }
    }

    @Test(arguments: mistypedAnnotations)
    func mistypedAnnotationNamesItsField(_ row: (key: String, value: String)) {
        let meta = #""name":"web","annotations":{""# + row.key + #"":"# + row.value + "}"
        let body = F.body(object: Self.object(meta: meta))
        #expect(
            F.answer(body).hasPrefix(
                "DecodeError: request.object.metadata.annotations.\(row.key): expected a string"))
    }

    /// A body of `size` bytes whose last-applied annotation holds a malformed escape, padded with a second one.
    static func bodyWithMalformedEscape(size: Int) -> Data {
        func object(padding: Int) -> String {
            Self.object(
                meta: #""name":"web","annotations":{""# + lastAppliedKey + #"":"\x","pad":""#
                    + String(repeating: "p", count: padding) + #""}"#)
        }
        return F.body(object: object(padding: size - F.body(object: object(padding: 0)).count))
    }

    /// The documented change: a malformed escape in a skipped value is not read, so not an error, up to the
    /// largest body whose annotations cannot exceed the 256 KiB limit; one byte more and values are decoded.
    @Test func skippingEndsAtTheAnnotationSizeLimit() {
        let limit = 256 * 1024
        let atLimit = Self.bodyWithMalformedEscape(size: limit)
        let overLimit = Self.bodyWithMalformedEscape(size: limit + 1)
        #expect(atLimit.count == limit)
        #expect(overLimit.count == limit + 1)
        #expect(F.answer(atLimit) == F.allowed())
        #expect(F.answer(overLimit).hasPrefix("DecodeError: body is not valid JSON: "))
    }

    /// Annotations over the limit can only arrive in a larger body, where values are decoded and measured.
    @Test func annotationSizeLimitIsEnforced() throws {
        let limit = 256 * 1024
        for (size, tooLong) in [(limit - 1, false), (limit, false), (limit + 1, true)] {
            // Keys "a" and "b" (2 bytes) and values of size - 2 bytes in all.
            let value = String(repeating: "x", count: size - 2 - 1)
            let meta = #""name":"web","annotations":{"a":""# + value + #"","b":"y"}"#
            let outcome = try AdmissionHandler().review(F.body(object: Self.object(meta: meta)))
            let causes = outcome.response.status?.causes.map(\.description) ?? []
            #expect(
                causes == (tooLong ? ["metadata.annotations: Too long: may not be more than 262144 bytes"] : []),
                "annotations of \(size) bytes")
        }
    }

    /// Every review of the shared payloads and the fuzz seeds: the review path's reading equals the model's
    /// synthesized `Decodable` conformance on the same object, with annotation values read in full.
    @Test func readingMatchesTheSynthesizedConformance() throws {
        var bodies: [(String, Data)] = []
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/Seeds/admission")
        var folders = [seeds]
        if let payloads = SharedPayloads.folder { folders.append(payloads) }
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".json") {
                bodies.append((name, try Data(contentsOf: folder.appendingPathComponent(name))))
            }
        }
        let annotated = #""name":"web","annotations":{"# + Self.lastApplied + "}"
        bodies.append(("annotated", F.body(object: Self.object(meta: annotated))))
        #expect(bodies.count >= 3)
        for (name, body) in bodies {
            let review = try JSONDecoder().decode(AdmissionReviewRequest.self, from: body)
            let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            let request = try #require(json["request"] as? [String: Any])
            for (key, decoded) in [("object", review.request.object), ("oldObject", review.request.oldObject)] {
                // Objects of other kinds and operations are not decoded.
                guard let object = request[key] as? [String: Any], let decoded else { continue }
                let text = try JSONSerialization.data(withJSONObject: object)
                let expected = try JSONDecoder().decode(NetworkPolicy.self, from: text)
                #expect(decoded == expected, "\(name) \(key)")
            }
        }
    }
}
