import Foundation
import Testing

@testable import NetworkPolicyValidation

/// `NetworkPolicyJSONDecoder` must give exactly `JSONDecoder`'s result whenever it gives one, and give one for
/// plain input (otherwise the fast path is never taken).
@Suite struct JSONDecoderAgreementTests {
    static let plain = #"{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"a","#
        + #""namespace":"ns","labels":{"app":"web"},"annotations":{"x":"{\"k\":[1,2]} \u00e9\ud83d\ude00\n"},"#
        + #""generation":3,"ownerReferences":[{"name":"o","controller":true}],"finalizers":["f"],"managedFields":"#
        + #"[{"manager":"kubectl","fieldsV1":{"f:spec":{}},"n":-1.5e3}]},"spec":{"podSelector":{"matchExpressions":"#
        + #"[{"key":"k","operator":"In","values":["a","b"]}]},"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.0/8","#
        + #""except":["10.1.0.0/16"]}},{"namespaceSelector":{}}],"ports":[{"port":80,"endPort":90,"protocol":"TCP"},"#
        + #"{"port":"http"},{}]}],"egress":[{"to":[{"podSelector":null}],"ports":null}],"policyTypes":["Ingress","#
        + #""Egress"]},"status":{"a":[true,false,null,0,-0.0,1E+2]}}"#

    /// Name, JSON, whether the fast decoder must handle it.
    static let rows: [(String, String, Bool)] = [
        ("a full policy", plain, true),
        ("an empty object: spec defaults with a podSelector", "{}", true),
        ("an empty spec: no podSelector", #"{"spec":{}}"#, true),
        ("null metadata and spec", #"{"metadata":null,"spec":null}"#, true),
        ("whitespace everywhere", " {\n\t\"spec\" : { \"ingress\" : [ { } ] } } \r\n", true),
        ("negative port", #"{"spec":{"ingress":[{"ports":[{"port":-1}]}]}}"#, true),
        ("port too large for int32", #"{"spec":{"ingress":[{"ports":[{"port":2147483648}]}]}}"#, false),
        ("port with a fraction", #"{"spec":{"ingress":[{"ports":[{"port":80.0}]}]}}"#, false),
        ("port with an exponent", #"{"spec":{"ingress":[{"ports":[{"port":8e1}]}]}}"#, false),
        ("port as a boolean", #"{"spec":{"ingress":[{"ports":[{"port":true}]}]}}"#, false),
        ("endPort as a string", #"{"spec":{"ingress":[{"ports":[{"endPort":"80"}]}]}}"#, false),
        ("leading zero", #"{"spec":{"ingress":[{"ports":[{"port":080}]}]}}"#, false),
        ("minus zero", #"{"spec":{"ingress":[{"ports":[{"port":-0}]}]}}"#, false),
        ("duplicate field", #"{"spec":{},"spec":{"ingress":[]}}"#, false),
        ("duplicate label", #"{"metadata":{"labels":{"a":"1","a":"2"}}}"#, false),
        ("null label value", #"{"metadata":{"labels":{"a":null}}}"#, false),
        ("null list element", #"{"spec":{"policyTypes":[null]}}"#, false),
        ("escaped key", #"{"spec":{"\u0069ngress":[]}}"#, false),
        ("lone surrogate", #"{"metadata":{"name":"\ud800"}}"#, false),
        ("raw control character", "{\"metadata\":{\"name\":\"a\u{01}\"}}", false),
        ("trailing comma", #"{"spec":{},}"#, false),
        ("trailing garbage", #"{"spec":{}} x"#, false),
        ("two values", #"{} {}"#, false),
        ("truncated", #"{"spec":{"ingress":[{"#, false),
        ("a list", "[]", false),
        ("bad number in an unknown field", #"{"x":01}"#, false),
        ("bad literal in an unknown field", #"{"x":nul}"#, false),
        ("non-ASCII values", #"{"metadata":{"name":"ünï","labels":{"ключ":"значение"}}}"#, true),
        ("spec as a string", #"{"spec":"all"}"#, false),
        ("deep nesting", #"{"x":"# + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "}", false),
    ]

    @Test(arguments: rows.indices)
    func agreesWithJSONDecoder(_ index: Int) {
        let (name, json, fastExpected) = Self.rows[index]
        let bytes = Array(json.utf8)
        let fast = bytes.withUnsafeBytes { try? NetworkPolicyJSONDecoder.decode($0) }
        let slow = try? JSONDecoder().decode(NetworkPolicy.self, from: Data(bytes))
        if let fast {
            #expect(fast == slow, "\(name)")
        }
        #expect((fast != nil) == fastExpected, "\(name): fast path \(fast != nil ? "taken" : "not taken")")
    }

    @Test func everyPrefixOfAPolicyIsEitherUnsupportedOrTheSame() {
        let bytes = Array(Self.plain.utf8)
        for end in 0...bytes.count {
            let prefix = Array(bytes[..<end])
            guard let fast = prefix.withUnsafeBytes({ try? NetworkPolicyJSONDecoder.decode($0) }) else { continue }
            #expect(fast == (try? JSONDecoder().decode(NetworkPolicy.self, from: Data(prefix))), "prefix \(end)")
        }
    }
}
