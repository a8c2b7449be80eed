import Testing

@testable import Lint

/// `YAMLStream` reads documents straight from libyaml's events; each row's expectation is what reading through
/// Yams' node tree and converting that tree produced: nodes and keys with positions, conversion problems, errors.
struct DocumentReaderTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        /// One line per document: the node (`value@line:column`), then ` | position message` per problem; or
        /// `error position message`.
        var expected: [String]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "an alias repeats its anchor's node with the anchor's positions",
            yaml: "a: &x {b: 1}\nc: *x\n",
            expected: [
                "{\"a\"@1:1: {\"b\"@1:8: 1@1:11}@1:4, \"c\"@2:1: {\"b\"@1:8: 1@1:11}@1:4}@1:1"
            ]),
        Row(
            name: "an alias repeats the conversion problems of its node",
            yaml: "a: &x {b: 1, ~: 2}\nc: *x\nd: *x\n",
            expected: [
                "{\"a\"@1:1: {\"b\"@1:8: 1@1:11}@1:4, \"c\"@2:1: {\"b\"@1:8: 1@1:11}@1:4, \"d\"@3:1: {\"b\"@1:8: 1@1:11}@1:4}@1:1 | 1:14 error converting YAML to JSON: unsupported map key of type: <nil> | 1:14 error converting YAML to JSON: unsupported map key of type: <nil> | 1:14 error converting YAML to JSON: unsupported map key of type: <nil>"
            ]),
        Row(
            name: "a merged mapping: own keys win, merged ones come last (y is the key true in YAML 1.1)",
            yaml: "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n",
            expected: [
                "{\"base\"@1:1: {\"x\"@1:11: 1@1:14, \"true\"@1:17: 2@1:20}@1:7, \"m\"@2:1: {\"true\"@4:3: 3@4:6, \"x\"@1:11: 1@1:14}@3:3}@1:1"
            ]),
        Row(
            name: "a merged list: earlier mappings win, other items are reported one by one",
            yaml: "m:\n  <<: [{a: 1}, {a: 2, b: 3}, x, [1]]\n",
            expected: [
                "{\"m\"@1:1: {\"a\"@2:9: 1@2:12, \"b\"@2:23: 3@2:26}@2:3}@1:1 | 2:30 yaml: map merge requires map or sequence of maps as the value | 2:33 yaml: map merge requires map or sequence of maps as the value"
            ]),
        Row(
            name: "merging a scalar is reported",
            yaml: "m:\n  <<: x\n",
            expected: [
                "{\"m\"@1:1: {}@2:3}@1:1 | 2:7 yaml: map merge requires map or sequence of maps as the value"
            ]),
        Row(
            name: "a quoted << is an ordinary key",
            yaml: "m:\n  \"<<\": {a: 1}\n",
            expected: [
                "{\"m\"@1:1: {\"<<\"@2:3: {\"a\"@2:10: 1@2:13}@2:9}@2:3}@1:1"
            ]),
        Row(
            name: "an anchored merge list used again: merged (under n, the key false) and as a value",
            yaml: "m: {<<: &s [{a: 1}, 2]}\nn: {<<: *s}\no: *s\n",
            expected: [
                "{\"m\"@1:1: {\"a\"@1:14: 1@1:17}@1:4, \"false\"@2:1: {\"a\"@1:14: 1@1:17}@2:4, \"o\"@3:1: [{\"a\"@1:14: 1@1:17}@1:13, 2@1:21]@1:9}@1:1 | 1:21 yaml: map merge requires map or sequence of maps as the value | 1:21 yaml: map merge requires map or sequence of maps as the value"
            ]),
        Row(
            name: "a collection key drops its entry",
            yaml: "? [a, b]\n: c\nd: e\n",
            expected: [
                "{\"d\"@3:1: \"e\"@3:4}@1:1 | 1:3 error converting YAML to JSON: a mapping key must be a scalar"
            ]),
        Row(
            name: "anchors inside a dropped entry are still defined",
            yaml: "? {a: &z 1}\n: {~: 1}\nq: *z\n",
            expected: [
                "{\"q\"@3:1: 1@1:7}@1:1 | 1:3 error converting YAML to JSON: a mapping key must be a scalar"
            ]),
        Row(
            name: "null keys drop their entries",
            yaml: "~: 1\nnull: 2\n",
            expected: [
                "{}@1:1 | 1:1 error converting YAML to JSON: unsupported map key of type: <nil> | 2:1 error converting YAML to JSON: unsupported map key of type: <nil>"
            ]),
        Row(
            name: "an undefined alias is a syntax error",
            yaml: "a: *nope\n",
            expected: [
                "error 1:4 yaml: line 1: found undefined alias"
            ]),
        Row(
            name: "a collection is anchored only once complete",
            yaml: "a: &r [*r]\n",
            expected: [
                "error 1:8 yaml: line 1: found undefined alias"
            ]),
        Row(
            name: "an alias inside a collection means the anchor as it was then",
            yaml: "a: &r 1\nb: &r [*r]\nc: *r\n",
            expected: [
                "{\"a\"@1:1: 1@1:4, \"b\"@2:1: [1@1:4]@2:4, \"c\"@3:1: [1@1:4]@2:4}@1:1"
            ]),
        Row(
            name: "anchors persist across documents",
            yaml: "--- &d {a: 1}\n--- *d\n",
            expected: [
                "{\"a\"@1:9: 1@1:12}@1:5",
                "{\"a\"@1:9: 1@1:12}@1:5",
            ]),
        Row(
            name: "empty documents",
            yaml: "---\n---\n# c\n",
            expected: [
                "empty",
                "empty",
            ]),
        Row(
            name: "tags: core schema tags resolve, other tags keep the text",
            yaml:
                "a: !!str 1\nb: !!int \"2\"\nc: ! 3\nd: !foo 4\ne: !!float 5\nf: !!null \'\'\ng: !<tag:yaml.org,2002:int> 7\n",
            expected: [
                "{\"a\"@1:1: \"1\"@1:4, \"b\"@2:1: 2@2:4, \"c\"@3:1: \"3\"@3:4, \"d\"@4:1: \"4\"@4:4, \"e\"@5:1: 5@5:4, \"f\"@6:1: null@6:4, \"g\"@7:1: 7@7:4}@1:1"
            ]),
        Row(
            name: "a leading byte order mark is dropped from a double-quoted scalar",
            yaml: "a: \"\\uFEFFx\"\n",
            expected: [
                "{\"a\"@1:1: \"x\"@1:4}@1:1"
            ]),
        Row(
            name: "a leading byte order mark is dropped from a single-quoted scalar",
            yaml: "b: \'\u{FEFF}y\'\n",
            expected: [
                "{\"b\"@1:1: \"y\"@1:4}@1:1"
            ]),
        Row(
            name: "a byte order mark at the start of the stream",
            yaml: "\u{FEFF}c: 1\n",
            expected: [
                "{\"c\"@1:2: 1@1:5}@1:2"
            ]),
        Row(
            name: "only the first of two byte order marks is dropped",
            yaml: "a: \"\\uFEFF\\uFEFFx\"\n",
            expected: [
                "{\"a\"@1:1: \"\u{FEFF}x\"@1:4}@1:1"
            ]),
        Row(
            name: "a scalar that is only a byte order mark is empty",
            yaml: "a: \"\\uFEFF\"\n",
            expected: [
                "{\"a\"@1:1: \"\"@1:4}@1:1"
            ]),
        Row(
            name: "NUL characters are kept",
            yaml: "a: \"\\0b\"\n",
            expected: [
                "{\"a\"@1:1: \"\\0b\"@1:4}@1:1"
            ]),
        Row(
            name: "unclosed flow sequence",
            yaml: "a: [\n",
            expected: [
                "error 2:1 yaml: line 2: did not find expected node content"
            ]),
        Row(
            name: "mapping values in a plain scalar",
            yaml: "a: b: c\n",
            expected: [
                "error 1:5 yaml: line 1: mapping values are not allowed in this context"
            ]),
        Row(
            name: "a tab before a block sequence entry",
            yaml: "a:\t- x\n",
            expected: [
                "error 1:4 yaml: line 1: block sequence entries are not allowed in this context"
            ]),
        Row(
            name: "a control character is a reader error at its character",
            yaml: "\u{01}\n",
            expected: [
                "error 1:1 yaml: control characters are not allowed"
            ]),
        Row(
            name: "a reader error after CRLF: CRLF is one character, not a newline",
            yaml: "a: 1\r\n\u{07}\n",
            expected: [
                "error 1:7 yaml: control characters are not allowed"
            ]),
        Row(
            name: "a reader error after a non-ASCII character",
            yaml: "é: \"x\"\n\u{01}",
            expected: [
                "error 2:1 yaml: control characters are not allowed"
            ]),
        Row(
            name: "keys of other types print as sigs.k8s.io/yaml prints them",
            yaml: "1.5: a\n0x10: b\ntrue: c\n1e40: d\n.nan: e\n-.inf: f\n18446744073709551615: g\n",
            expected: [
                "{\"1.5\"@1:1: \"a\"@1:6, \"16\"@2:1: \"b\"@2:7, \"true\"@3:1: \"c\"@3:7, \"inf\"@4:1: \"d\"@4:7, \".nan\"@5:1: \"e\"@5:7, \"-.inf\"@6:1: \"f\"@6:8, \"18446744073709551615\"@7:1: \"g\"@7:23}@1:1"
            ]),
        Row(
            name: "duplicate keys are kept in document order",
            yaml: "{a: 1, a: 2}\n",
            expected: [
                "{\"a\"@1:2: 1@1:5, \"a\"@1:8: 2@1:11}@1:1"
            ]),
        Row(
            name: "a mapping with a merge used through an alias and merged again",
            yaml: "- &a {<<: {x: 1}, y: 2}\n- <<: *a\n",
            expected: [
                "[{\"true\"@1:19: 2@1:22, \"x\"@1:12: 1@1:15}@1:3, {\"true\"@1:19: 2@1:22, \"x\"@1:12: 1@1:15}@2:3]@1:1"
            ]),
        Row(
            name: "an alias to << is a merge key",
            yaml: "x: &k <<\ny: {*k : {a: 1}}\n",
            expected: [
                "{\"x\"@1:1: \"<<\"@1:4, \"true\"@2:1: {\"a\"@2:11: 1@2:14}@2:4}@1:1"
            ]),
        Row(
            name: "an anchored tagged scalar",
            yaml: "a: &x !!str 1\nb: *x\n",
            expected: [
                "{\"a\"@1:1: \"1\"@1:4, \"b\"@2:1: \"1\"@1:4}@1:1"
            ]),
        Row(
            name: "an anchored empty value is null",
            yaml: "a: &x\nb: *x\n",
            expected: [
                "{\"a\"@1:1: null@1:4, \"b\"@2:1: null@1:4}@1:1"
            ]),
        Row(
            name: "literal and folded scalars",
            yaml: "a: |\n  text\n  more\nb: >-\n  folded\n",
            expected: [
                "{\"a\"@1:1: \"text\\nmore\\n\"@1:4, \"b\"@4:1: \"folded\"@4:4}@1:1"
            ]),
    ]

    static func render(_ node: YAMLNode) -> String {
        let position = "@\(node.position)"
        switch node.value {
        case .null: return "null" + position
        case .bool(let bool): return "\(bool)" + position
        case .integer(let integer): return "\(integer)" + position
        case .unsignedInteger(let integer): return "\(integer)" + position
        case .float(let double): return "\(double)" + position
        case .string(let string): return string.debugDescription + position
        case .sequence(let items): return "[" + items.map(render).joined(separator: ", ") + "]" + position
        case .mapping(let entries):
            let rendered = entries.map { "\($0.key.debugDescription)@\($0.keyPosition): " + render($0.value) }
            return "{" + rendered.joined(separator: ", ") + "}" + position
        }
    }

    @Test(arguments: rows)
    func reads(_ row: Row) {
        let got: [String]
        do {
            got = try YAMLStream.documents(in: row.yaml).map { document in
                (document.root.map(Self.render) ?? "empty")
                    + document.conversionIssues.map { " | \($0.position) \($0.message)" }.joined()
            }
        } catch {
            got = ["error \(error.position) \(error.message)"]
        }
        #expect(got == row.expected)
    }
}
