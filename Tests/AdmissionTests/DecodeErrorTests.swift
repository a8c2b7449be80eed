import Foundation
import Testing

@testable import Admission

/// Bodies that are not AdmissionReviews this webhook can answer: a `DecodeError` naming the field.
@Suite struct DecodeErrorTests {
    typealias F = ReviewFixture

    static let rows: [(name: String, body: String, prefix: String)] = [
        ("not JSON", "hello", "body is not valid JSON"),
        ("empty body", "", "body is not valid JSON"),
        ("a JSON list", "[]", "body: expected"),
        (
            "missing request", #"{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1"}"#,
            "request: required field is missing"
        ),
        (
            "missing uid",
            #"{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE"}}"#,
            "request.uid: required field is missing"
        ),
        (
            "wrong kind",
            #"{"kind":"Pod","apiVersion":"admission.k8s.io/v1","request":{"uid":"u","kind":{},"operation":"CREATE"}}"#,
            #"kind "Pod" is not AdmissionReview"#
        ),
        (
            "wrong apiVersion",
            #"{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v2","request":{"uid":"u","kind":{},"operation":"CREATE"}}"#,
            #"apiVersion "admission.k8s.io/v2" is not one of admission.k8s.io/v1, admission.k8s.io/v1beta1"#
        ),
        (
            "ingress as a string",
            String(decoding: F.body(object: F.policy(spec: #"{"ingress":"all"}"#)), as: UTF8.self),
            "request.object.spec.ingress: expected"
        ),
        (
            "ipBlock as a string",
            String(
                decoding: F.body(object: F.policy(spec: #"{"egress":[{"to":[{"ipBlock":"10.0.0.0/8"}]}]}"#)),
                as: UTF8.self),
            "request.object.spec.egress[0].to[0].ipBlock: expected"
        ),
        (
            "peer podSelector as a list",
            String(
                decoding: F.body(object: F.policy(spec: #"{"ingress":[{"from":[{"podSelector":[]}]}]}"#)),
                as: UTF8.self),
            "request.object.spec.ingress[0].from[0].podSelector: expected"
        ),
        (
            "port as a boolean",
            String(
                decoding: F.body(object: F.policy(spec: #"{"ingress":[{"ports":[{"port":true}]}]}"#)), as: UTF8.self),
            "request.object.spec.ingress[0].ports[0].port: expected an integer or a string"
        ),
        (
            "matchLabels value as a number",
            String(
                decoding: F.body(object: F.policy(spec: #"{"podSelector":{"matchLabels":{"a":1}}}"#)), as: UTF8.self),
            "request.object.spec.podSelector.matchLabels.a: expected a string"
        ),
        (
            "oldObject of an UPDATE not an object",
            String(decoding: F.body(operation: "UPDATE", object: F.policy(), oldObject: "[]"), as: UTF8.self),
            "request.oldObject: expected"
        ),
    ]

    @Test(arguments: rows.indices)
    func decodeError(_ index: Int) {
        let row = Self.rows[index]
        let answer = F.answer(Data(row.body.utf8))
        #expect(answer.hasPrefix("DecodeError: " + row.prefix), "\(row.name): \(answer)")
    }
}
