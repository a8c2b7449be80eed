import Testing

@testable import NetworkPolicyValidation

/// How `field.Error` prints bad values (KUBERNETES_RULES.md 1): `%q` for Go strings, `json.Marshal` for named
/// string types, lists and objects, `%v` for integers.
@Suite struct ValueRenderingTests {
    static let goQuoteRows: [(name: String, value: String, rendered: String)] = [
        ("plain", "10.0.0.1/8", #""10.0.0.1/8""#),
        ("newline", "1.2.3.4/32\n", #""1.2.3.4/32\n""#),
        ("tab", "a\tb", #""a\tb""#),
        ("double quote", "a\"b", #""a\"b""#),
        ("backslash", "a\\b", #""a\\b""#),
        ("bell, backspace, form feed, vertical tab, carriage return", "\u{07}\u{08}\u{0C}\u{0B}\r", #""\a\b\f\v\r""#),
        ("other control byte", "\u{01}x\u{1F}", #""\x01x\x1f""#),
        ("delete", "\u{7F}", #""\x7f""#),
        ("C1 control", "\u{85}", #""\u0085""#),
        ("no-break space", "a\u{A0}b", #""a\u00a0b""#),
        ("soft hyphen", "\u{AD}", #""\u00ad""#),
        ("ideographic space", "\u{3000}", #""\u3000""#),
        ("line separator", "\u{2028}", #""\u2028""#),
        ("zero-width space", "\u{200B}", #""\u200b""#),
        ("private use", "\u{E000}", #""\ue000""#),
        ("supplementary format character", "\u{E0001}", #""\U000e0001""#),
        ("printable Latin", "pört", #""pört""#),
        ("printable CJK", "日本", #""日本""#),
        ("printable emoji", "😀", #""😀""#),
        ("combining mark", "e\u{301}", "\"e\u{301}\""),
        ("ASCII space and punctuation", " <&>~", #"" <&>~""#),
        ("empty", "", #""""#),
    ]

    @Test(arguments: goQuoteRows.indices)
    func goQuote(_ index: Int) {
        let row = Self.goQuoteRows[index]
        #expect(GoQuote.quote(row.value) == row.rendered, "\(row.name)")
    }

    static let jsonRows: [(name: String, value: String, rendered: String)] = [
        ("plain", "Foo", #""Foo""#),
        ("HTML characters", "<a&b>", #""\u003ca\u0026b\u003e""#),
        ("short escapes", "\n\r\t\u{08}\u{0C}\"\\", #""\n\r\t\b\f\"\\""#),
        ("other control", "\u{01}\u{1F}", #""\u0001\u001f""#),
        ("delete is not escaped", "\u{7F}", "\"\u{7F}\""),
        ("non-ASCII is kept", "a\u{A0}ö", "\"a\u{A0}ö\""),
        ("line and paragraph separators", "\u{2028}\u{2029}", #""\u2028\u2029""#),
    ]

    @Test(arguments: jsonRows.indices)
    func jsonQuote(_ index: Int) {
        let row = Self.jsonRows[index]
        #expect(JSONText.quote(row.value) == row.rendered, "\(row.name)")
    }

    /// The printable-ASCII shortcut of both quotes agrees with the scalar-by-scalar rendering for every ASCII
    /// character, alone and inside plain text.
    @Test func asciiShortcutAgreesWithEscaping() {
        for byte in UInt8(0)...0x7F {
            let character = String(UnicodeScalar(byte))
            for text in [character, "ab" + character + "cd"] {
                #expect(GoQuote.quote(text) == GoQuote.escaped(text), "byte \(byte)")
                #expect(JSONText.quote(text) == JSONText.escaped(text), "byte \(byte)")
            }
        }
    }

    @Test func badValues() {
        #expect(BadValue.integer(-1).rendered == "-1")
        #expect(BadValue.integer(65536).rendered == "65536")
        #expect(BadValue.string("a\nb").rendered == #""a\nb""#)
        #expect(BadValue.stringList(["Ingress", "Egress", "a\"<"]).rendered == #"["Ingress","Egress","a\"\u003c"]"#)
        #expect(BadValue.stringList([]).rendered == "[]")
        #expect(BadValue.namedString("in\u{A0}").rendered == "\"in\u{A0}\"")
    }

    @Test func bodies() {
        let path = FieldPath.root("spec").child("ingress").index(0).child("from").index(1)
        #expect(
            FieldError.required(path.child("ipBlock", "cidr")).description
                == "spec.ingress[0].from[1].ipBlock.cidr: Required value")
        #expect(FieldError.required(path, "must specify a peer").body == "Required value: must specify a peer")
        #expect(FieldError.forbidden(path, "no").body == "Forbidden: no")
        #expect(
            FieldError.tooLong(path, "may not be more than 262144 bytes").body
                == "Too long: may not be more than 262144 bytes")
        #expect(
            FieldError.notSupported(path, .string("x"), supported: ["A", "B"]).body
                == #"Unsupported value: "x": supported values: "A", "B""#)
        #expect(FieldError.invalid(path, .integer(0), "bad").body == "Invalid value: 0: bad")
        #expect(FieldPath.root("metadata").child("labels").key("app").description == "metadata.labels[app]")
    }

    /// Values of named string types render as JSON; plain strings as `%q`. The two differ on HTML characters,
    /// DEL and non-printable non-ASCII characters.
    static let namedTypeRows: [Row] = [
        Row(
            "protocol with HTML characters is JSON-quoted",
            [
                #"spec.ingress[0].ports[0].protocol: Unsupported value: "\u003cTCP\u003e": supported values: "TCP", "UDP", "SCTP""#
            ],
            tweak: { $0.spec.ingress![0].ports![0].protocol = "<TCP>" }),
        Row(
            "protocol with a no-break space keeps it raw",
            ["spec.ingress[0].ports[0].protocol: Unsupported value: \"TCP\u{A0}\": \(Fixture.protocols)"],
            tweak: { $0.spec.ingress![0].ports![0].protocol = "TCP\u{A0}" }),
        Row(
            "protocol with a newline",
            [#"spec.ingress[0].ports[0].protocol: Unsupported value: "TCP\n": supported values: "TCP", "UDP", "SCTP""#],
            tweak: { $0.spec.ingress![0].ports![0].protocol = "TCP\n" }),
        Row(
            "policy type with a form feed is JSON-quoted",
            [#"spec.policyTypes[0]: Unsupported value: "Ingress\f": supported values: "Ingress", "Egress""#],
            tweak: { $0.spec.policyTypes = ["Ingress\u{0C}"] }),
        Row(
            "operator with a no-break space keeps it raw",
            [
                "spec.podSelector.matchExpressions[0].operator: Invalid value: \"In\u{A0}\": not a valid selector operator"
            ],
            tweak: {
                $0.spec.podSelector = LabelSelector(matchExpressions: [
                    LabelSelectorRequirement(key: "a", operator: "In\u{A0}")
                ])
            }),
        Row(
            "port name with a no-break space is Go-quoted",
            [
                #"spec.ingress[0].ports[0].port: Invalid value: "a\u00a0b": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"#
            ],
            tweak: { $0.spec.ingress![0].ports![0].port = .string("a\u{A0}b") }),
        Row(
            "label value with a tab is Go-quoted",
            ["spec.podSelector.matchLabels: Invalid value: \"a\\tb\": \(Fixture.labelValue)"],
            tweak: { $0.spec.podSelector = LabelSelector(matchLabels: ["a": "a\tb"]) }),
        Row(
            "label value with HTML characters is Go-quoted",
            ["spec.podSelector.matchLabels: Invalid value: \"<b>\": \(Fixture.labelValue)"],
            tweak: { $0.spec.podSelector = LabelSelector(matchLabels: ["a": "<b>"]) }),
        Row(
            "policyTypes list is compact JSON with HTML escapes",
            [#"spec.policyTypes: Invalid value: ["\u003c","Ingress","\n"]: may not specify more than two policyTypes"#],
            tweak: { $0.spec.policyTypes = ["<", "Ingress", "\n"] }),
    ]

    @Test(arguments: namedTypeRows)
    func namedTypes(_ row: Row) {
        #expect(Fixture.createErrors(row.policy) == row.errors)
    }
}
