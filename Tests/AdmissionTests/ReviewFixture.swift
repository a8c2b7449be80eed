import Foundation

@testable import Admission

/// AdmissionReview bodies as kube-apiserver sends them, built from JSON text.
enum ReviewFixture {
    static let networkPolicyKind = #"{"group":"networking.k8s.io","version":"v1","kind":"NetworkPolicy"}"#

    /// A NetworkPolicy object as JSON, with `spec` given as JSON text.
    static func policy(name: String? = "web", namespace: String? = "shop", spec: String = #"{"podSelector":{}}"#)
        -> String
    {
        var meta: [String] = []
        if let name { meta.append(#""name":"# + "\"\(name)\"") }
        if let namespace { meta.append(#""namespace":"# + "\"\(namespace)\"") }
        return #"{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"#
            + meta.joined(separator: ",") + #"},"spec":"# + spec + "}"
    }

    static func body(
        apiVersion: String = "admission.k8s.io/v1", uid: String = "u-1", kind: String = networkPolicyKind,
        operation: String = "CREATE", name: String? = nil, namespace: String? = "shop", dryRun: Bool? = nil,
        object: String?, oldObject: String? = nil
    ) -> Data {
        var request = [#""uid":"# + "\"\(uid)\"", #""kind":"# + kind, #""operation":"# + "\"\(operation)\""]
        if let name { request.append(#""name":"# + "\"\(name)\"") }
        if let namespace { request.append(#""namespace":"# + "\"\(namespace)\"") }
        if let dryRun { request.append(#""dryRun":"# + String(dryRun)) }
        if let object { request.append(#""object":"# + object) }
        if let oldObject { request.append(#""oldObject":"# + oldObject) }
        let text =
            #"{"kind":"AdmissionReview","apiVersion":"# + "\"\(apiVersion)\"" + #","request":{"#
            + request.joined(separator: ",") + "}}"
        return Data(text.utf8)
    }

    /// The response JSON of `body`, or the decode error's text.
    static func answer(_ body: Data, handler: AdmissionHandler = AdmissionHandler()) -> String {
        do {
            return try handler.review(body).json
        } catch {
            return "DecodeError: \(error.description)"
        }
    }

    static func allowed(uid: String = "u-1", apiVersion: String = "admission.k8s.io/v1") -> String {
        #"{"apiVersion":"# + "\"\(apiVersion)\"" + #","kind":"AdmissionReview","response":{"uid":"# + "\"\(uid)\""
            + #","allowed":true}}"#
    }
}
