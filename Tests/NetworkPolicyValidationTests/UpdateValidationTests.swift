import Testing

@testable import NetworkPolicyValidation

/// UPDATE: `rest.BeforeUpdate`'s common metadata checks, then `ValidateNetworkPolicyUpdate` (KUBERNETES_RULES.md 2,
/// 4 ratchet, 5). The metadata update checks run twice (generic and strategy), so each of their errors is listed
/// twice; spec errors once.
@Suite struct UpdateValidationTests {
    struct UpdateRow: Sendable, CustomTestStringConvertible {
        let name: String
        let errors: [String]
        let old: @Sendable (inout NetworkPolicy) -> Void
        let new: @Sendable (inout NetworkPolicy) -> Void

        init(
            _ name: String, _ errors: [String], old: @escaping @Sendable (inout NetworkPolicy) -> Void = { _ in },
            new: @escaping @Sendable (inout NetworkPolicy) -> Void
        ) {
            self.name = name
            self.errors = errors
            self.old = old
            self.new = new
        }

        var testDescription: String { name }
    }

    static let immutableName = "metadata.name: Invalid value: \"other\": field is immutable"
    static let badOldSelector = LabelSelector(
        matchExpressions: [LabelSelectorRequirement(key: "tier", operator: "In", values: ["-bad"])])

    static let rows: [UpdateRow] = [
        UpdateRow("nothing changed", [], new: { _ in }),
        UpdateRow("spec changed", [], new: { $0.spec.ingress![0].ports![0].port = .int(9090) }),
        UpdateRow("name changed", [immutableName, immutableName], new: { $0.metadata.name = "other" }),
        UpdateRow(
            "namespace changed",
            [
                "metadata.namespace: Invalid value: \"bank\": field is immutable",
                "metadata.namespace: Invalid value: \"bank\": field is immutable",
            ], new: { $0.metadata.namespace = "bank" }),
        UpdateRow(
            "uid changed",
            [
                "metadata.uid: Invalid value: \"u2\": field is immutable",
                "metadata.uid: Invalid value: \"u2\": field is immutable",
            ], new: { $0.metadata.uid = "u2" }),
        UpdateRow("uid missing is taken from storage", [], new: { $0.metadata.uid = nil }),
        UpdateRow(
            "creationTimestamp changed is taken from storage", [],
            new: { $0.metadata.creationTimestamp = "2020-01-01T00:00:00Z" }),
        UpdateRow(
            "creationTimestamp set where storage had none",
            [
                #"metadata.creationTimestamp: Invalid value: "2020-01-01T00:00:00Z": field is immutable"#,
                #"metadata.creationTimestamp: Invalid value: "2020-01-01T00:00:00Z": field is immutable"#,
            ], old: { $0.metadata.creationTimestamp = nil },
            new: { $0.metadata.creationTimestamp = "2020-01-01T02:00:00.5+02:00" }),
        UpdateRow(
            "deletionGracePeriodSeconds removed is taken from storage", [],
            old: { $0.metadata.deletionGracePeriodSeconds = 30 }, new: { $0.metadata.deletionGracePeriodSeconds = nil }),
        UpdateRow(
            "deletionGracePeriodSeconds changed",
            [
                "metadata.deletionGracePeriodSeconds: Invalid value: 10: field is immutable",
                "metadata.deletionGracePeriodSeconds: Invalid value: 10: field is immutable",
            ], old: { $0.metadata.deletionGracePeriodSeconds = 30 },
            new: { $0.metadata.deletionGracePeriodSeconds = 10 }),
        UpdateRow("resourceVersion missing is filled from storage", [], new: { $0.metadata.resourceVersion = nil }),
        UpdateRow(
            "resourceVersion missing in both",
            [
                "metadata.resourceVersion: Invalid value: \"\": must be specified for an update",
                "metadata.resourceVersion: Invalid value: \"\": must be specified for an update",
            ], old: { $0.metadata.resourceVersion = nil }, new: { $0.metadata.resourceVersion = "" }),
        UpdateRow("lower generation is replaced by the stored one", [], new: { $0.metadata.generation = 1 }),
        UpdateRow("name is not DNS-checked on update", [], old: { $0.metadata.name = "Web_1" }, new: { _ in }),
        UpdateRow(
            "name with a slash fails the path-segment rule",
            ["metadata.name: Invalid value: \"a/b\": may not contain '/'"],
            old: { $0.metadata.name = "a/b" }, new: { _ in }),
        UpdateRow("generateName of a dot is a valid path-segment prefix", [], new: { $0.metadata.generateName = "." }),
        UpdateRow(
            "bad label is reported by all three metadata checks",
            [
                "metadata.labels: Invalid value: \"-a\": \(Fixture.namePart)",
                "metadata.labels: Invalid value: \"-a\": \(Fixture.namePart)",
                "metadata.labels: Invalid value: \"-a\": \(Fixture.namePart)",
            ], new: { $0.metadata.labels = ["-a": "x"] }),
        UpdateRow(
            "non-standard finalizer",
            [
                "metadata.finalizers[0]: Invalid value: \"foo\": name is neither a standard finalizer name nor is it fully qualified"
            ],
            new: { $0.metadata.finalizers = ["foo"] }),
        UpdateRow(
            "new finalizer while deleting",
            [
                #"metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/a", "example.com/b"}"#,
                #"metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/a", "example.com/b"}"#,
            ],
            old: {
                $0.metadata.deletionTimestamp = "2026-01-03T00:00:00Z"
                $0.metadata.finalizers = ["kubernetes"]
            },
            new: { $0.metadata.finalizers = ["kubernetes", "example.com/b", "example.com/a"] }),
        UpdateRow(
            "removing finalizers while deleting", [],
            old: {
                $0.metadata.deletionTimestamp = "2026-01-03T00:00:00Z"
                $0.metadata.finalizers = ["kubernetes"]
            },
            new: { $0.metadata.finalizers = [] }),
        UpdateRow(
            "spec error is reported once",
            ["spec.ingress[0].ports[0].protocol: Unsupported value: \"tcp\": \(Fixture.protocols)"],
            new: { $0.spec.ingress![0].ports![0].protocol = "tcp" }),

        // AllowInvalidLabelValueInSelector.
        UpdateRow(
            "invalid expression value tolerated when the old podSelector is invalid", [],
            old: { $0.spec.podSelector = badOldSelector },
            new: {
                $0.spec.podSelector = badOldSelector
                $0.spec.ingress![0].from![0].podSelector = LabelSelector(
                    matchExpressions: [LabelSelectorRequirement(key: "a", operator: "NotIn", values: ["-x"])])
            }),
        UpdateRow(
            "old podSelector with a bad key also ratchets", [],
            old: { $0.spec.podSelector = LabelSelector(matchLabels: ["-k": "v"]) },
            new: { $0.spec.podSelector = badOldSelector }),
        UpdateRow(
            "ratchet does not cover matchLabels values",
            ["spec.ingress[0].from[0].podSelector.matchLabels: Invalid value: \"-x\": \(Fixture.labelValue)"],
            old: { $0.spec.podSelector = badOldSelector },
            new: {
                $0.spec.podSelector = badOldSelector
                $0.spec.ingress![0].from![0].podSelector = LabelSelector(matchLabels: ["a": "-x"])
            }),
        UpdateRow(
            "ratchet does not cover keys or operators",
            [
                "spec.podSelector.matchExpressions[0].operator: Invalid value: \"in\": not a valid selector operator",
                "spec.podSelector.matchExpressions[0].key: Invalid value: \"-k\": \(Fixture.namePart)",
            ],
            old: { $0.spec.podSelector = badOldSelector },
            new: {
                $0.spec.podSelector = LabelSelector(matchExpressions: [
                    LabelSelectorRequirement(key: "-k", operator: "in", values: ["-x"])
                ])
            }),
        UpdateRow(
            "no ratchet when the old podSelector is valid",
            ["spec.podSelector.matchExpressions[0].values[0]: Invalid value: \"-bad\": \(Fixture.labelValue)"],
            new: { $0.spec.podSelector = badOldSelector }),
        UpdateRow(
            "invalid old peer selector does not ratchet",
            ["spec.podSelector.matchExpressions[0].values[0]: Invalid value: \"-bad\": \(Fixture.labelValue)"],
            old: { $0.spec.ingress![0].from![0].podSelector = badOldSelector },
            new: {
                $0.spec.ingress![0].from![0].podSelector = LabelSelector()
                $0.spec.podSelector = badOldSelector
            }),
    ]

    @Test(arguments: rows)
    func update(_ row: UpdateRow) {
        var old = Fixture.stored
        row.old(&old)
        var policy = old
        row.new(&policy)
        #expect(Fixture.updateErrors(policy, old: old) == row.errors)
    }
}
