import Testing

@testable import Lint

/// Plain scalars typed like go-yaml v2 (YAML 1.1), which is what kubectl sends to the apiserver.
struct ScalarResolverTests {
    static func describe(_ value: YAMLNode.Value) -> String {
        switch value {
        case .null: "null"
        case .bool(let bool): "bool \(bool)"
        case .integer(let integer): "int \(integer)"
        case .unsignedInteger(let integer): "uint \(integer)"
        case .float(let double): "float \(double)"
        case .string(let string): "string \(string)"
        case .mapping: "mapping"
        case .sequence: "sequence"
        }
    }

    @Test(arguments: [
        ("80", "int 80"), ("-1", "int -1"), ("+80", "int 80"), ("0x50", "int 80"), ("0o17", "int 15"),
        ("017", "int 15"), ("0b101", "int 5"), ("1_000", "int 1000"), ("08", "float 8.0"), ("1e3", "float 1000.0"),
        ("80.5", "float 80.5"), (".5", "float 0.5"), ("9223372036854775807", "int 9223372036854775807"),
        ("9223372036854775808", "uint 9223372036854775808"), ("-9223372036854775808", "int -9223372036854775808"),
        ("yes", "bool true"), ("On", "bool true"), ("y", "bool true"), ("NO", "bool false"), ("off", "bool false"),
        ("~", "null"), ("null", "null"), ("", "null"), ("http", "string http"), ("10.0.0.0/8", "string 10.0.0.0/8"),
        ("2024-01-01", "string 2024-01-01"), ("-", "string -"), ("0x", "string 0x"), ("1.2.3", "string 1.2.3"),
        ("yesterday", "string yesterday"), (".inf", "float inf"), ("-.inf", "float -inf"), ("0", "int 0"),
        ("-0x1F", "int -31"), ("0XfF", "int 255"), ("0b2", "string 0b2"), ("+", "string +"),
        ("18446744073709551616", "float 1.8446744073709552e+19"), ("+.Inf", "float inf"), (".NaN", "float nan"),
        ("FALSE", "bool false"), ("yES", "string yES"), ("nul", "string nul"), ("Null", "null"),
    ])
    func plainScalar(_ text: String, _ expected: String) {
        #expect(Self.describe(ScalarResolver.resolvePlain(text)) == expected)
    }

    @Test(arguments: [
        ("port: \"80\"", "string 80"), ("port: '80'", "string 80"), ("port: !!str 80", "string 80"),
        ("port: |\n  80\n", "string 80\n"), ("port: 80", "int 80"), ("port: !!int \"80\"", "int 80"),
        ("port: !custom 80", "string 80"),
    ])
    func tagsDecide(_ yaml: String, _ expected: String) throws {
        let root = try #require(YAMLStream.documents(in: yaml).first?.root)
        let value = try #require(root["port"])
        #expect(Self.describe(value.value) == expected)
    }

    @Test func keysBecomeStringsLikeSigsYAML() throws {
        let root = try #require(YAMLStream.documents(in: "80: a\non: b\n~: c\nx: d\n").first)
        guard case .mapping(let entries) = root.root?.value else {
            Issue.record("not a mapping")
            return
        }
        #expect(entries.map(\.key) == ["80", "true", "x"])
        #expect(
            root.conversionIssues.map(\.message) == [
                "error converting YAML to JSON: unsupported map key of type: <nil>"
            ])
    }

    @Test func mergeKeys() throws {
        let yaml = "base: &b {app: web, tier: a}\nlabels:\n  <<: *b\n  tier: b\n"
        let root = try #require(YAMLStream.documents(in: yaml).first?.root)
        guard case .mapping(let entries) = root["labels"]?.value else {
            Issue.record("not a mapping")
            return
        }
        #expect(entries.map { "\($0.key)=\($0.value.string ?? "")" } == ["tier=b", "app=web"])
    }
}
