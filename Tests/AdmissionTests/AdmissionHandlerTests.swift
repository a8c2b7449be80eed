import Foundation
import Testing

@testable import Admission
@testable import NetworkPolicyValidation

/// `AdmissionHandler.review`: which requests are judged, the exact response AdmissionReview, the 422 denial.
@Suite struct AdmissionHandlerTests {
    typealias F = ReviewFixture

    static let badPortSpec = #"{"podSelector":{},"ingress":[{"ports":[{"protocol":"tcp","port":0}]}]}"#

    @Test func validCreateIsAllowed() {
        #expect(F.answer(F.body(object: F.policy())) == F.allowed())
    }

    @Test func v1beta1IsEchoed() {
        let body = F.body(apiVersion: "admission.k8s.io/v1beta1", uid: "abc-2", object: F.policy())
        #expect(F.answer(body) == F.allowed(uid: "abc-2", apiVersion: "admission.k8s.io/v1beta1"))
    }

    @Test func denialIsTheApiserversStatus() {
        let expected =
            #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":false,"status":{"metadata":{},"status":"Failure","message":"NetworkPolicy.networking.k8s.io \"web\" is invalid: [spec.ingress[0].ports[0].protocol: Unsupported value: \"tcp\": supported values: \"TCP\", \"UDP\", \"SCTP\", spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive]","reason":"Invalid","details":{"name":"web","group":"networking.k8s.io","kind":"NetworkPolicy","causes":[{"reason":"FieldValueNotSupported","message":"Unsupported value: \"tcp\": supported values: \"TCP\", \"UDP\", \"SCTP\"","field":"spec.ingress[0].ports[0].protocol"},{"reason":"FieldValueInvalid","message":"Invalid value: 0: must be between 1 and 65535, inclusive","field":"spec.ingress[0].ports[0].port"}]},"code":422}}}"#
        #expect(F.answer(F.body(object: F.policy(spec: Self.badPortSpec))) == expected)
    }

    @Test func denialOutcome() throws {
        let outcome = try AdmissionHandler().review(F.body(object: F.policy(spec: Self.badPortSpec)))
        #expect(!outcome.skipped)
        #expect(outcome.response.allowed == false)
        let status = try #require(outcome.response.status)
        #expect(status.code == 422)
        #expect(status.reason == "Invalid")
        #expect(status.name == "web")
        #expect(status.group == "networking.k8s.io")
        #expect(status.kind == "NetworkPolicy")
        #expect(status.causes.map(\.kind.reason) == ["FieldValueNotSupported", "FieldValueInvalid"])
    }

    @Test func requiredAndForbiddenCausesHaveNoValue() {
        let spec = #"{"podSelector":{},"ingress":[{"from":[{},{"podSelector":{},"ipBlock":{"cidr":"10.0.0.0/8"}}]}]}"#
        let expected =
            #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":false,"status":{"metadata":{},"status":"Failure","message":"NetworkPolicy.networking.k8s.io \"web\" is invalid: [spec.ingress[0].from[0]: Required value: must specify a peer, spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer]","reason":"Invalid","details":{"name":"web","group":"networking.k8s.io","kind":"NetworkPolicy","causes":[{"reason":"FieldValueRequired","message":"Required value: must specify a peer","field":"spec.ingress[0].from[0]"},{"reason":"FieldValueForbidden","message":"Forbidden: may not specify both ipBlock and another peer","field":"spec.ingress[0].from[1]"}]},"code":422}}}"#
        #expect(F.answer(F.body(object: F.policy(spec: spec))) == expected)
    }

    @Test(arguments: ["DELETE", "CONNECT"])
    func deleteAndConnectAreAllowedUntouched(_ operation: String) throws {
        let outcome = try AdmissionHandler().review(
            F.body(operation: operation, object: F.policy(spec: Self.badPortSpec)))
        #expect(outcome.skipped)
        #expect(outcome.json == F.allowed())
    }

    static let otherKinds: [(name: String, kind: String, object: String)] = [
        (
            "Pod with a weird object", #"{"group":"","version":"v1","kind":"Pod"}"#,
            #"{"spec":{"ingress":"nope"},"metadata":7}"#
        ),
        ("Pod with a scalar object", #"{"group":"","version":"v1","kind":"Pod"}"#, "42"),
        (
            "extensions NetworkPolicy", #"{"group":"extensions","version":"v1beta1","kind":"NetworkPolicy"}"#,
            ReviewFixture.policy(spec: AdmissionHandlerTests.badPortSpec)
        ),
        (
            "networking.k8s.io Ingress", #"{"group":"networking.k8s.io","version":"v1","kind":"Ingress"}"#,
            #"{"spec":[]}"#
        ),
    ]

    @Test(arguments: otherKinds.indices)
    func otherKindsAreAllowedUntouched(_ index: Int) throws {
        let row = Self.otherKinds[index]
        let outcome = try AdmissionHandler().review(F.body(kind: row.kind, object: row.object))
        #expect(outcome.skipped, "\(row.name)")
        #expect(outcome.json == F.allowed(), "\(row.name)")
    }

    @Test func dryRunIsAnsweredTheSame() {
        for object in [F.policy(), F.policy(spec: Self.badPortSpec)] {
            #expect(F.answer(F.body(dryRun: true, object: object)) == F.answer(F.body(dryRun: false, object: object)))
        }
    }

    @Test func defaultingIsAppliedBeforeValidation() {
        // No protocol, no podSelector, no policyTypes: all defaulted, so all valid.
        let spec = #"{"ingress":[{"ports":[{"port":80}]}],"egress":[{"ports":[{"port":53,"endPort":54}]}]}"#
        #expect(F.answer(F.body(object: F.policy(spec: spec))) == F.allowed())
        #expect(F.answer(F.body(object: #"{"metadata":{"name":"web","namespace":"shop"}}"#)) == F.allowed())
    }

    @Test func namespaceAndNameComeFromTheRequestWhenMissing() {
        #expect(
            F.answer(F.body(name: "web", namespace: "shop", object: F.policy(name: nil, namespace: nil))) == F.allowed()
        )
    }

    @Test func missingNameHasNoDetailsName() {
        let expected =
            #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":false,"status":{"metadata":{},"status":"Failure","message":"NetworkPolicy.networking.k8s.io \"\" is invalid: metadata.name: Required value: name or generateName is required","reason":"Invalid","details":{"group":"networking.k8s.io","kind":"NetworkPolicy","causes":[{"reason":"FieldValueRequired","message":"Required value: name or generateName is required","field":"metadata.name"}]},"code":422}}}"#
        #expect(F.answer(F.body(object: F.policy(name: nil))) == expected)
    }

    @Test func generateNameIsAcceptedAndNamesTheDenial() throws {
        let object = #"{"metadata":{"generateName":"web-","namespace":"shop"},"spec":{"policyTypes":["Foo"]}}"#
        let outcome = try AdmissionHandler().review(F.body(object: object))
        #expect(
            outcome.response.status?.message
                == #"NetworkPolicy.networking.k8s.io "web-xxxxx" is invalid: spec.policyTypes[0]: Unsupported value: "Foo": supported values: "Ingress", "Egress""#
        )
        #expect(F.answer(F.body(object: #"{"metadata":{"generateName":"web-","namespace":"shop"}}"#)) == F.allowed())
    }

    @Test func updateWithoutOldObjectIsADecodeError() {
        #expect(
            F.answer(F.body(operation: "UPDATE", object: F.policy()))
                == "DecodeError: request.oldObject: required for UPDATE of a NetworkPolicy")
    }

    @Test func createWithoutObjectIsADecodeError() {
        #expect(F.answer(F.body(object: nil)) == "DecodeError: request.object: required for CREATE of a NetworkPolicy")
    }

    @Test func updateRepeatsMetadataCausesButNotTheMessage() throws {
        let old = #"{"metadata":{"name":"web","namespace":"shop","resourceVersion":"7","uid":"u"},"spec":{}}"#
        let new = #"{"metadata":{"name":"other","namespace":"shop","resourceVersion":"7"},"spec":{}}"#
        let outcome = try AdmissionHandler().review(F.body(operation: "UPDATE", object: new, oldObject: old))
        let status = try #require(outcome.response.status)
        #expect(
            status.message
                == #"NetworkPolicy.networking.k8s.io "other" is invalid: metadata.name: Invalid value: "other": field is immutable"#
        )
        #expect(
            status.causes.map(\.description)
                == Array(repeating: #"metadata.name: Invalid value: "other": field is immutable"#, count: 2))
    }

    @Test func updateRatchetsTheOldObject() {
        let old =
            #"{"metadata":{"name":"web","namespace":"shop","resourceVersion":"7"},"spec":{"podSelector":{"matchExpressions":[{"key":"a","operator":"In","values":["-x"]}]},"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.1/8"}}]}]}}"#
        let new =
            #"{"metadata":{"name":"web","namespace":"shop"},"spec":{"podSelector":{"matchExpressions":[{"key":"a","operator":"In","values":["-y"]}]},"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.1/8"}}]}]}}"#
        let answer = F.answer(F.body(operation: "UPDATE", object: new, oldObject: old))
        #expect(
            answer.hasPrefix(
                #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":true"#)
        )
    }

    @Test func warningsOfAnAcceptedRequest() {
        let spec = #"{"ingress":[{"from":[{"ipBlock":{"cidr":"2001:DB8::/32"}}]}]}"#
        let expected =
            #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":true,"warnings":["spec.ingress[0].from[0].ipBlock.cidr: IPv6 CIDR value \"2001:DB8::/32\" should be in RFC 5952 canonical format (\"2001:db8::/32\")"]}}"#
        #expect(F.answer(F.body(object: F.policy(spec: spec))) == expected)
    }

    @Test func warningsWithStrictValidationOff() {
        let handler = AdmissionHandler(options: ValidationOptions(strictCIDRValidation: false))
        let spec = #"{"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.1/8"}}]}]}"#
        let expected =
            #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":true,"warnings":["spec.egress[0].to[0].ipBlock.cidr: CIDR value \"10.0.0.1/8\" is ambiguous in this context (should be \"10.0.0.0/8\" or \"10.0.0.1/32\"?)"]}}"#
        #expect(F.answer(F.body(object: F.policy(spec: spec)), handler: handler) == expected)
    }
}
