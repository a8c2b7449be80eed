import Foundation
import Testing

/// `serve` behind a kube-apiserver: check findings ratchet on UPDATE, and a check's warning does not repeat one
/// the apiserver has already given (issue 11). Each body also goes through `review` to show where the two differ.
@Suite("serve: checks")
struct ServeChecksTests {
    /// A stored NetworkPolicy that breaks `ignored-rules` (deny), with extra `metadata` members.
    static func policy(_ metadata: String = "", spec: String? = nil) -> String {
        let brokenSpec =
            #"{"podSelector":{"matchLabels":{"app":"web"}},"egress":[{"ports":[{"port":443}]}],"policyTypes":["Ingress"]}"#
        return
            #"{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"web","namespace":"shop","uid":"0b1c","resourceVersion":"7","creationTimestamp":"2026-01-01T00:00:00Z""#
            + metadata + #"},"spec":"# + (spec ?? brokenSpec) + "}"
    }

    static func review(operation: String, object: String, oldObject: String? = nil) -> String {
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-1","kind":{"group":"networking.k8s.io","version":"v1","kind":"NetworkPolicy"},"name":"web","namespace":"shop","operation":""#
            + operation + #"","object":"# + object + (oldObject.map { #","oldObject":"# + $0 } ?? "") + "}}"
    }

    static let ignoredWarning =
        #"[ignored-rules] spec.egress: the egress rule has no effect because spec.policyTypes [\"Ingress\"] leaves out Egress; add \"Egress\" to spec.policyTypes or remove spec.egress"#
    static let allowedWithWarning =
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":true,"warnings":[""#
        + ignoredWarning + #""]}}"#
    static let deleting = #","deletionTimestamp":"2026-02-01T00:00:00Z","deletionGracePeriodSeconds":0"#

    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var body: String
        var served: String
        /// `review`'s answer where it differs from `serve`'s.
        var reviewed: String?
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "finalizer removed by a patch from an object being deleted",
            body: review(
                operation: "UPDATE", object: policy(deleting),
                oldObject: policy(deleting + #","finalizers":["example.com/cleanup"]"#)),
            served: allowedWithWarning),
        Row(
            name: "metadata-only update",
            body: review(operation: "UPDATE", object: policy(#","labels":{"team":"shop"}"#), oldObject: policy()),
            served: allowedWithWarning),
        Row(
            name: "the same object created is denied",
            body: review(operation: "CREATE", object: policy()),
            served:
                #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":false,"status":{"metadata":{},"status":"Failure","message":"NetworkPolicy.networking.k8s.io \"web\" is invalid: spec.egress: [ignored-rules] the egress rule has no effect because spec.policyTypes [\"Ingress\"] leaves out Egress; add \"Egress\" to spec.policyTypes or remove spec.egress","reason":"Invalid","details":{"name":"web","group":"networking.k8s.io","kind":"NetworkPolicy","causes":[{"reason":"FieldValueInvalid","message":"[ignored-rules] the egress rule has no effect because spec.policyTypes [\"Ingress\"] leaves out Egress; add \"Egress\" to spec.policyTypes or remove spec.egress","field":"spec.egress"}]},"code":422}}}"#
        ),
        Row(
            name: "non-canonical IPv6 CIDR: the apiserver's warning, not [cidr-noncanonical] as well",
            body: review(
                operation: "CREATE",
                object: policy(
                    spec:
                        #"{"podSelector":{"matchLabels":{"app":"web"}},"ingress":[{"from":[{"ipBlock":{"cidr":"2001:DB8::/32"}}]}]}"#
                )),
            served:
                #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":true,"warnings":["spec.ingress[0].from[0].ipBlock.cidr: IPv6 CIDR value \"2001:DB8::/32\" should be in RFC 5952 canonical format (\"2001:db8::/32\")"]}}"#,
            reviewed:
                #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":true,"warnings":["[cidr-noncanonical] spec.ingress[0].from[0].ipBlock.cidr: \"2001:DB8::/32\" is not in canonical form; write \"2001:db8::/32\""]}}"#
        ),
    ]

    @Test func servedAnswers() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let folder = server.certificates.root.appendingPathComponent("checks-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (index, row) in Self.rows.enumerated() {
            let file = folder.appendingPathComponent("\(index).json").path
            try Data(row.body.utf8).write(to: URL(fileURLWithPath: file))
            let result = try server.curl(
                ["-H", "Content-Type: application/json", "--data-binary", "@\(file)", "\(server.baseURL)/validate"])
            #expect(result.status == 0, "\(row.name): curl: \(result.stderr)")
            #expect(result.stdout == row.served, "\(row.name)")
            #expect(try reviewCommandOutput(file) == row.reviewed ?? row.served, "\(row.name)")
        }
    }
}
