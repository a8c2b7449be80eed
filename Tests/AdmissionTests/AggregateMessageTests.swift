import Testing

@testable import Admission
@testable import NetworkPolicyValidation

/// `errors.NewInvalid(...).Error()`: the aggregate of `field.ErrorList.ToAggregate()` (KUBERNETES_RULES.md 1).
@Suite struct AggregateMessageTests {
    static let peer = FieldPath.root("spec").child("ingress").index(0).child("from").index(0)
    static let required = FieldError.required(peer, "must specify a peer")
    static let forbidden = FieldError.forbidden(peer, "may not specify both ipBlock and another peer")
    static let prefix = #"NetworkPolicy.networking.k8s.io "web" is invalid: "#

    @Test func oneErrorStandsAlone() {
        #expect(
            AdmissionResponse.invalidMessage(name: "web", errors: [Self.required])
                == Self.prefix + "spec.ingress[0].from[0]: Required value: must specify a peer")
    }

    @Test func severalErrorsAreBracketed() {
        #expect(
            AdmissionResponse.invalidMessage(name: "web", errors: [Self.required, Self.forbidden])
                == Self.prefix
                + "[spec.ingress[0].from[0]: Required value: must specify a peer, spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer]"
        )
    }

    @Test func identicalTextsAreDeduplicatedInTheMessageOnly() {
        let errors = [Self.required, Self.forbidden, Self.required]
        let response = AdmissionResponse.invalid(uid: "u", name: "web", errors: errors)
        #expect(
            response.status?.message
                == Self.prefix
                + "[spec.ingress[0].from[0]: Required value: must specify a peer, spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer]"
        )
        #expect(response.status?.causes == errors)
    }

    @Test func repeatsOfOneTextLeaveOneUnbracketed() {
        #expect(
            AdmissionResponse.invalidMessage(name: "web", errors: [Self.required, Self.required])
                == Self.prefix + "spec.ingress[0].from[0]: Required value: must specify a peer")
    }

    @Test func nameIsGoQuoted() {
        #expect(
            AdmissionResponse.invalidMessage(name: "a\"b\n", errors: [Self.required])
                .hasPrefix(#"NetworkPolicy.networking.k8s.io "a\"b\n" is invalid: "#))
    }
}
