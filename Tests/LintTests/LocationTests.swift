import NetworkPolicyValidation
import Testing

@testable import Lint

/// Where a field path points in the YAML: the value of a scalar, the key of a collection, the nearest
/// existing ancestor for a missing leaf, the entry of a map named by the bad value.
struct LocationTests {
    static let yaml = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: p
          labels:
            good: x
            -bad: v
        spec:
          podSelector:
            matchLabels: {app: web, "-a": b}
          ingress:
          - ports:
            - port: 0
              protocol: tcp
            from:
            - ipBlock:
                except: [10.0.0.0/8]
            - {}
          policyTypes: [Ingress, Egress, Foo]

        """

    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var path: FieldPath
        var value: BadValue?
        var expected: String
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "scalar leaf points at the value",
            path: FieldPath.root("spec").child("ingress").index(0)
                .child("ports").index(0).child("port"), value: .integer(0), expected: "13:13"),
        Row(
            name: "second scalar of a list item",
            path: FieldPath.root("spec").child("ingress").index(0)
                .child("ports").index(0).child("protocol"), value: .string("tcp"), expected: "14:17"),
        Row(
            name: "missing cidr points at the ipBlock key",
            path: FieldPath.root("spec").child("ingress").index(0)
                .child("from").index(0).child("ipBlock").child("cidr"), value: nil, expected: "16:7"),
        Row(
            name: "list element index", path: FieldPath.root("spec").child("ingress").index(0).child("from").index(1),
            value: nil, expected: "18:7"),
        Row(
            name: "except item",
            path: FieldPath.root("spec").child("ingress").index(0).child("from").index(0)
                .child("ipBlock").child("except").index(0), value: .string("10.0.0.0/8"), expected: "17:18"),
        Row(
            name: "collection reached by name points at its key", path: FieldPath.root("spec").child("policyTypes"),
            value: .stringList(["Ingress", "Egress", "Foo"]), expected: "19:3"),
        Row(
            name: "policyTypes item", path: FieldPath.root("spec").child("policyTypes").index(2),
            value: .string("Foo"), expected: "19:34"),
        Row(
            name: "matchLabels error points at the bad key",
            path: FieldPath.root("spec").child("podSelector")
                .child("matchLabels"), value: .string("-a"), expected: "10:29"),
        Row(
            name: "label error points at the bad key", path: FieldPath.root("metadata").child("labels"),
            value: .string("-bad"), expected: "7:5"),
        Row(
            name: "label value error points at the value", path: FieldPath.root("metadata").child("labels"),
            value: .string("v"), expected: "7:11"),
        Row(
            name: "map key path", path: FieldPath.root("metadata").child("labels").key("good"), value: nil,
            expected: "6:5"),
        Row(
            name: "missing metadata.namespace points at metadata", path: FieldPath.root("metadata").child("namespace"),
            value: nil, expected: "3:1"),
        Row(
            name: "index past the end points at the list", path: FieldPath.root("spec").child("egress").index(3),
            value: nil, expected: "8:1"),
        Row(name: "empty path points at the object", path: FieldPath(), value: nil, expected: "1:1"),
    ]

    @Test(arguments: rows)
    func position(_ row: Row) throws {
        let root = try #require(YAMLStream.documents(in: Self.yaml).first?.root)
        #expect(NodeLocator.position(of: row.path, in: root, value: row.value).description == row.expected)
    }

    @Test(arguments: [
        ("spec.ingress[0].from[1].ipBlock.except[2]: CIDR value", "spec.ingress[0].from[1].ipBlock.except[2]"),
        ("metadata.labels[app]: x", "metadata.labels[app]"),
        ("spec.podSelector: x", "spec.podSelector"),
    ])
    func warningPathPrefix(_ message: String, _ expected: String) {
        #expect(FieldPathParser.pathPrefix(of: message)?.path.description == expected)
        #expect(FieldPathParser.pathPrefix(of: message)?.text == expected)
    }

    @Test(arguments: ["no path here", "", "[0]: x", "spec. x: y"])
    func notAPathPrefix(_ message: String) {
        #expect(FieldPathParser.pathPrefix(of: message) == nil)
    }
}
