import Testing

@testable import NetworkPolicyValidation

/// `ValidateLabelSelector`, `ValidateLabels` and `ValidateLabelSelectorRequirement` (KUBERNETES_RULES.md 4).
@Suite struct LabelSelectorRulesTests {
    static let selector = "spec.podSelector"
    static let labels = "spec.podSelector.matchLabels"
    static let expression = "spec.podSelector.matchExpressions[0]"

    static func matchLabels(_ labels: [String: String]) -> @Sendable (inout NetworkPolicy) -> Void {
        { $0.spec.podSelector = LabelSelector(matchLabels: labels) }
    }

    static func expression(_ key: String, _ op: String, _ values: [String]?) -> @Sendable (inout NetworkPolicy) -> Void
    {
        {
            $0.spec.podSelector = LabelSelector(matchExpressions: [
                LabelSelectorRequirement(key: key, operator: op, values: values)
            ])
        }
    }

    static let long63 = String(repeating: "a", count: 63)
    static let long64 = String(repeating: "a", count: 64)
    static let prefix254 = String(repeating: "a", count: 254)

    static let rows: [Row] = [
        // matchLabels keys.
        Row(
            "key with a leading hyphen", ["\(labels): Invalid value: \"-a\": \(Fixture.namePart)"],
            tweak: matchLabels(["-a": "x"])),
        Row(
            "key with two slashes", ["\(labels): Invalid value: \"a/b/c\": \(Fixture.labelKey)"],
            tweak: matchLabels(["a/b/c": "x"])),
        Row(
            "key with an empty prefix", ["\(labels): Invalid value: \"/a\": prefix part must be non-empty"],
            tweak: matchLabels(["/a": "x"])),
        Row(
            "key with an empty name",
            [
                "\(labels): Invalid value: \"a/\": name part must be non-empty",
                "\(labels): Invalid value: \"a/\": \(Fixture.namePart)",
            ], tweak: matchLabels(["a/": "x"])),
        Row(
            "key with an uppercase prefix",
            ["\(labels): Invalid value: \"Example.com/a\": prefix part \(Fixture.subdomain)"],
            tweak: matchLabels(["Example.com/a": "x"])),
        Row("key with an uppercase name", [], tweak: matchLabels(["example.com/MyName": "x"])),
        Row("key name of 63 bytes", [], tweak: matchLabels([long63: "x"])),
        Row(
            "key name of 64 bytes",
            ["\(labels): Invalid value: \"\(long64)\": name part must be no more than 63 bytes"],
            tweak: matchLabels([long64: "x"])),
        Row(
            "key prefix of 254 bytes",
            ["\(labels): Invalid value: \"\(prefix254)/a\": prefix part must be no more than 253 bytes"],
            tweak: matchLabels([prefix254 + "/a": "x"])),
        Row(
            "empty key",
            [
                "\(labels): Invalid value: \"\": name part must be non-empty",
                "\(labels): Invalid value: \"\": \(Fixture.namePart)",
            ], tweak: matchLabels(["": "x"])),

        // matchLabels values.
        Row("empty value", [], tweak: matchLabels(["a": ""])),
        Row("value of 63 bytes", [], tweak: matchLabels(["a": long63])),
        Row(
            "value of 64 bytes", ["\(labels): Invalid value: \"\(long64)\": must be no more than 63 bytes"],
            tweak: matchLabels(["a": long64])),
        Row(
            "value with a leading hyphen", ["\(labels): Invalid value: \"-a\": \(Fixture.labelValue)"],
            tweak: matchLabels(["a": "-a"])),
        Row(
            "value with a space", ["\(labels): Invalid value: \"a b\": \(Fixture.labelValue)"],
            tweak: matchLabels(["a": "a b"])),
        Row(
            "value of 64 bytes ending in a hyphen gets both errors",
            [
                "\(labels): Invalid value: \"\(long63)-\": must be no more than 63 bytes",
                "\(labels): Invalid value: \"\(long63)-\": \(Fixture.labelValue)",
            ], tweak: matchLabels(["a": long63 + "-"])),
        Row(
            "bad key then bad value of the same label",
            [
                "\(labels): Invalid value: \"-k\": \(Fixture.namePart)",
                "\(labels): Invalid value: \"-v\": \(Fixture.labelValue)",
            ], tweak: matchLabels(["-k": "-v"])),
        Row(
            "labels are reported in sorted key order",
            [
                "\(labels): Invalid value: \"-a\": \(Fixture.namePart)",
                "\(labels): Invalid value: \"b-\": \(Fixture.namePart)",
                "\(labels): Invalid value: \"-c\": \(Fixture.labelValue)",
            ], tweak: matchLabels(["c": "-c", "b-": "x", "-a": "x"])),

        // matchExpressions.
        Row("In with values", [], tweak: expression("tier", "In", ["web", "api"])),
        Row(
            "In without values",
            ["\(expression).values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
            tweak: expression("tier", "In", nil)),
        Row(
            "NotIn with an empty list",
            ["\(expression).values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
            tweak: expression("tier", "NotIn", [])),
        Row("Exists without values", [], tweak: expression("tier", "Exists", nil)),
        Row(
            "Exists with values",
            ["\(expression).values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
            tweak: expression("tier", "Exists", ["web"])),
        Row(
            "DoesNotExist with values",
            ["\(expression).values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
            tweak: expression("tier", "DoesNotExist", ["web"])),
        Row("DoesNotExist with an empty list", [], tweak: expression("tier", "DoesNotExist", [])),
        Row(
            "operator in lowercase", ["\(expression).operator: Invalid value: \"in\": not a valid selector operator"],
            tweak: expression("tier", "in", ["web"])),
        Row(
            "operator Gt", ["\(expression).operator: Invalid value: \"Gt\": not a valid selector operator"],
            tweak: expression("tier", "Gt", ["1"])),
        Row(
            "empty operator", ["\(expression).operator: Invalid value: \"\": not a valid selector operator"],
            tweak: expression("tier", "", nil)),
        Row(
            "bad key", ["\(expression).key: Invalid value: \"-a\": \(Fixture.namePart)"],
            tweak: expression("-a", "Exists", nil)),
        Row(
            "bad values are indexed",
            [
                "\(expression).values[1]: Invalid value: \"-x\": \(Fixture.labelValue)",
                "\(expression).values[2]: Invalid value: \"\(long64)\": must be no more than 63 bytes",
            ], tweak: expression("tier", "In", ["ok", "-x", long64])),
        Row(
            "operator, then key, then values",
            [
                "\(expression).operator: Invalid value: \"in\": not a valid selector operator",
                "\(expression).key: Invalid value: \"a/b/c\": \(Fixture.labelKey)",
                "\(expression).values[0]: Invalid value: \"-x\": \(Fixture.labelValue)",
            ], tweak: expression("a/b/c", "in", ["-x"])),
        Row(
            "matchLabels before matchExpressions",
            [
                "\(labels): Invalid value: \"-a\": \(Fixture.namePart)",
                "\(selector).matchExpressions[1].operator: Invalid value: \"Gt\": not a valid selector operator",
            ],
            tweak: {
                $0.spec.podSelector = LabelSelector(
                    matchLabels: ["-a": "x"],
                    matchExpressions: [
                        LabelSelectorRequirement(key: "ok", operator: "Exists"),
                        LabelSelectorRequirement(key: "ok", operator: "Gt", values: ["1"]),
                    ])
            }),

        // Peer selectors.
        Row(
            "peer podSelector path",
            ["spec.ingress[0].from[0].podSelector.matchLabels: Invalid value: \"-a\": \(Fixture.labelValue)"],
            tweak: { $0.spec.ingress![0].from![0].podSelector = LabelSelector(matchLabels: ["a": "-a"]) }),
        Row(
            "peer namespaceSelector expression path",
            [
                "spec.egress[0].to[0].namespaceSelector.matchExpressions[0].operator: Invalid value: \"in\": not a valid selector operator"
            ],
            tweak: {
                $0.spec.egress![0].to![0].namespaceSelector = LabelSelector(
                    matchExpressions: [LabelSelectorRequirement(key: "a", operator: "in", values: ["b"])])
            }),
    ]

    @Test(arguments: rows)
    func create(_ row: Row) {
        #expect(Fixture.createErrors(row.policy) == row.errors)
    }
}
