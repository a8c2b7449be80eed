import Foundation
import NetworkPolicyValidation
import Testing

@testable import Lint

/// The model `PolicyBuilder` builds from a YAML node equals what `JSONDecoder` built from the JSON text lint used to
/// write for that node (each row's `json` is that text, as the previous decoder wrote it), which is what Go's
/// encoding/json reads from the JSON kubectl sends.
struct PolicyBuilderTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        var json: String
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "null fields are absent, null list items are the zero value",
            yaml: "{spec: {podSelector: null, ingress: [null, {from: [null]}], policyTypes: ~}}",
            json: #"{"spec":{"ingress":[{},{"from":[{}]}]}}"#),
        Row(
            name: "the last of duplicate keys wins, in structs and maps",
            yaml:
                #"{metadata: {name: a, name: b, labels: {x: "1", x: "2"}}, spec: {ingress: [{ports: [{port: 80, port: http}]}]}}"#,
            json: #"{"metadata":{"name":"b","labels":{"x":"2"}},"spec":{"ingress":[{"ports":[{"port":"http"}]}]}}"#),
        Row(
            name: "an earlier duplicate of the wrong type is ignored",
            yaml: "{metadata: {labels: {a: 1, a: x}}, spec: {podSelector: {matchLabels: {b: [], b: z}}}}",
            json: #"{"metadata":{"labels":{"a":"x"}},"spec":{"podSelector":{"matchLabels":{"b":"z"}}}}"#),
        Row(
            name: "ports as integers and strings, integral floats and hex as integers",
            yaml:
                #"{spec: {ingress: [{ports: [{port: 80}, {port: "80"}, {port: http}, {port: 80.0}, {port: 1e2}, {port: 0x50}, {port: -1}]}]}}"#,
            json:
                #"{"spec":{"ingress":[{"ports":[{"port":80},{"port":"80"},{"port":"http"},{"port":80},{"port":100},{"port":80},{"port":-1}]}]}}"#
        ),
        Row(
            name: "protocol empty is kept apart from protocol missing or null",
            yaml: #"{spec: {egress: [{ports: [{protocol: "", port: 53}, {port: 53}, {protocol: null, port: 53}]}]}}"#,
            json: #"{"spec":{"egress":[{"ports":[{"protocol":"","port":53},{"port":53},{"port":53}]}]}}"#),
        Row(
            name: "nested lists with null items, an ipBlock without cidr",
            yaml:
                #"{spec: {podSelector: {matchExpressions: [{key: a, operator: In, values: [x, null, ~, ""]}, null]}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16, null]}}, {ipBlock: {except: []}}]}]}}"#,
            json:
                #"{"spec":{"podSelector":{"matchExpressions":[{"key":"a","operator":"In","values":["x","","",""]},{}]},"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.0/8","except":["10.1.0.0/16",""]}},{"ipBlock":{"except":[]}}]}]}}"#
        ),
        Row(
            name: "int64 and int32 fields from floats and hex",
            yaml:
                "{metadata: {generation: 2.0, deletionGracePeriodSeconds: 1e3}, spec: {ingress: [{ports: [{port: 8000, endPort: 0x1F90}]}]}}",
            json:
                #"{"metadata":{"generation":2,"deletionGracePeriodSeconds":1000},"spec":{"ingress":[{"ports":[{"port":8000,"endPort":8080}]}]}}"#
        ),
        Row(
            name: "null map values are empty strings",
            yaml: #"{metadata: {labels: {a: null, b: ~, c: ""}, annotations: {note: null}}}"#,
            json: #"{"metadata":{"labels":{"a":"","b":"","c":""},"annotations":{"note":""}}}"#),
        Row(
            name: "unknown and wrongly cased fields are left out",
            yaml: "{kind: NetworkPolicy, spec: {foo: 1, podSelector: {}, PodSelector: null}, status: {}}",
            json: #"{"kind":"NetworkPolicy","spec":{"podSelector":{}}}"#),
        Row(
            name: "booleans in YAML 1.1 words, owner references and finalizers with null items",
            yaml:
                #"{metadata: {ownerReferences: [{apiVersion: v1, kind: X, name: owner, uid: "1", controller: yes, blockOwnerDeletion: off}, null], finalizers: [a, null]}}"#,
            json:
                #"{"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"X","name":"owner","uid":"1","controller":true,"blockOwnerDeletion":false},{}],"finalizers":["a",""]}}"#
        ),
        Row(
            name: "timestamps as strings or null, managedFields with any fieldsV1",
            yaml:
                #"{metadata: {creationTimestamp: null, deletionTimestamp: "2020-01-01T00:00:00Z", managedFields: [{manager: m, fieldsV1: {f:spec: {}, x: [1, 2.5, null, .inf]}}]}}"#,
            json:
                #"{"metadata":{"deletionTimestamp":"2020-01-01T00:00:00Z","managedFields":[{"manager":"m","fieldsV1":{"f:spec":{},"x":[1,2.5,null,null]}}]}}"#
        ),
        Row(name: "an empty object", yaml: "{}", json: "{}"),
        Row(name: "a spec without podSelector has none", yaml: "{spec: {}}", json: #"{"spec":{}}"#),
        Row(
            name: "an earlier duplicate field of the wrong type is overwritten by the last",
            yaml: "{metadata: {name: [x], name: a}, spec: {ingress: 5, ingress: [{ports: [{port: [1], port: 80}]}]}}",
            json: #"{"metadata":{"name":"a"},"spec":{"ingress":[{"ports":[{"port":80}]}]}}"#),
        Row(
            name: "a duplicate field whose last value is null is absent",
            yaml: "{metadata: {name: a, name: null}, spec: {podSelector: {}, podSelector: ~}}",
            json: #"{"spec":{}}"#),
        Row(name: "null top-level fields", yaml: "{apiVersion: null, metadata: null, spec: null}", json: "{}"),
        Row(
            name: "tagged and quoted scalars stay strings, null policy types are empty strings",
            yaml:
                "{metadata: {uid: !!str 123, name: !!binary aGk=, namespace: '80'}, spec: {policyTypes: [Ingress, null, Egress]}}",
            json:
                #"{"metadata":{"uid":"123","name":"aGk=","namespace":"80"},"spec":{"policyTypes":["Ingress","","Egress"]}}"#
        ),
    ]

    static func root(_ yaml: String) throws -> YAMLNode {
        try #require(try YAMLStream.documents(in: yaml).first?.root)
    }

    @Test(arguments: rows)
    func decodesWhatJSONDecoderDecoded(_ row: Row) throws {
        let decoded = ObjectDecoder.decode(try Self.root(row.yaml))
        #expect(decoded.issues.allSatisfy { $0.kind != .typeError })
        let expected = try JSONDecoder().decode(NetworkPolicy.self, from: Data(row.json.utf8))
        // The model does not decode managedFields (ObjectMeta.CodingKeys); lint reads them from the YAML.
        var policy = decoded.policy
        policy?.metadata.managedFields = nil
        #expect(policy == expected)
    }

    @Test func managedFieldsAreReadFromTheManifest() throws {
        let decoded = ObjectDecoder.decode(
            try Self.root(
                "{metadata: {managedFields: [{manager: m, operation: Apply, apiVersion: v1, fieldsType: FieldsV1, subresource: status, time: null, fieldsV1: {}}, null, {}]}}"
            ))
        #expect(
            decoded.policy?.metadata.managedFields == [
                ManagedFieldsEntry(
                    manager: "m", operation: "Apply", apiVersion: "v1", fieldsType: "FieldsV1", subresource: "status"),
                ManagedFieldsEntry(), ManagedFieldsEntry(),
            ])
        #expect(ObjectDecoder.decode(try Self.root("{metadata: {}}")).policy?.metadata.managedFields == nil)
    }

    /// Keys equal as Swift Strings (é precomposed and decomposed) are duplicates; the last one's text is kept.
    @Test func lastDuplicateKeepsItsOwnText() throws {
        let decoded = ObjectDecoder.decode(
            try Self.root("{metadata: {labels: {\"\u{e9}\": first, \"e\u{301}\": second}}}"))
        let labels = try #require(decoded.policy?.metadata.labels)
        #expect(labels.count == 1)
        #expect(labels.keys.map { Array($0.unicodeScalars) } == [["e", "\u{301}"]])
        #expect(labels.values.first == "second")
    }

    @Test func aDocumentThatIsNotAnObjectIsATypeError() throws {
        let decoded = ObjectDecoder.decode(try Self.root("[1]"))
        #expect(decoded.policy == nil)
        #expect(
            decoded.issues.map(\.message) == ["json: cannot unmarshal array into Go value of type v1.NetworkPolicy"])
    }
}
