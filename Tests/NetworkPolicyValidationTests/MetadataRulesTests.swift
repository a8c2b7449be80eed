import Testing

@testable import NetworkPolicyValidation

/// `ValidateObjectMeta` as NetworkPolicy uses it on CREATE (KUBERNETES_RULES.md 5), after name generation and
/// `PrepareForCreate`.
@Suite struct MetadataRulesTests {
    static func meta(_ change: @escaping @Sendable (inout ObjectMeta) -> Void)
        -> @Sendable (inout NetworkPolicy) -> Void
    {
        { change(&$0.metadata) }
    }

    static let name254 = String(repeating: "a", count: 254)
    static let label64 = String(repeating: "a", count: 64)

    static let rows: [Row] = [
        // name and generateName.
        Row(
            "missing name", ["metadata.name: Required value: name or generateName is required"],
            tweak: meta { $0.name = nil }),
        Row(
            "empty name", ["metadata.name: Required value: name or generateName is required"],
            tweak: meta { $0.name = "" }),
        Row(
            "uppercase name", ["metadata.name: Invalid value: \"Web\": \(Fixture.subdomain)"],
            tweak: meta { $0.name = "Web" }),
        Row(
            "name with an underscore", ["metadata.name: Invalid value: \"a_b\": \(Fixture.subdomain)"],
            tweak: meta { $0.name = "a_b" }),
        Row("name with dots", [], tweak: meta { $0.name = "web.v1" }),
        Row("name of 253 characters", [], tweak: meta { $0.name = String(repeating: "a", count: 253) }),
        Row(
            "name of 254 characters",
            ["metadata.name: Invalid value: \"\(name254)\": must be no more than 253 characters"],
            tweak: meta { $0.name = name254 }),
        Row(
            "generateName with a trailing hyphen and no name", [],
            tweak: meta {
                $0.name = nil
                $0.generateName = "web-"
            }),
        Row("generateName next to a name", [], tweak: meta { $0.generateName = "web-" }),
        Row(
            "invalid generateName and the name generated from it",
            [
                "metadata.generateName: Invalid value: \"Web-\": \(Fixture.subdomain)",
                "metadata.name: Invalid value: \"Web-xxxxx\": \(Fixture.subdomain)",
            ],
            tweak: meta {
                $0.name = nil
                $0.generateName = "Web-"
            }),
        Row(
            "generateName ending in a two-byte letter and a hyphen",
            ["metadata.generateName: Invalid value: \"webé-\": \(Fixture.subdomain)"],
            tweak: meta { $0.generateName = "webé-" }),

        // namespace.
        Row("missing namespace", ["metadata.namespace: Required value"], tweak: meta { $0.namespace = nil }),
        Row(
            "uppercase namespace", ["metadata.namespace: Invalid value: \"Shop\": \(Fixture.dnsLabel)"],
            tweak: meta { $0.namespace = "Shop" }),
        Row(
            "namespace with dots", ["metadata.namespace: Invalid value: \"shop.eu\": must not contain dots"],
            tweak: meta { $0.namespace = "shop.eu" }),
        Row(
            "namespace of 64 characters",
            ["metadata.namespace: Invalid value: \"\(label64)\": must be no more than 63 characters"],
            tweak: meta { $0.namespace = label64 }),

        // generation is overwritten with 1 on CREATE.
        Row("negative generation is overwritten", [], tweak: meta { $0.generation = -5 }),

        // labels.
        Row(
            "bad label key", ["metadata.labels: Invalid value: \"-a\": \(Fixture.namePart)"],
            tweak: meta { $0.labels = ["-a": "x"] }),
        Row(
            "bad label value", ["metadata.labels: Invalid value: \"a b\": \(Fixture.labelValue)"],
            tweak: meta { $0.labels = ["a": "a b"] }),
        Row(
            "uppercase label prefix",
            ["metadata.labels: Invalid value: \"Example.com/a\": prefix part \(Fixture.subdomain)"],
            tweak: meta { $0.labels = ["Example.com/a": "x"] }),

        // annotations.
        Row(
            "annotation keys are case-insensitive", [],
            tweak: meta { $0.annotations = ["Example.COM/Key": "x", "MyAnnotation": "y"] }),
        Row(
            "bad annotation key", ["metadata.annotations: Invalid value: \"-A\": \(Fixture.namePart)"],
            tweak: meta { $0.annotations = ["-A": "x"] }),
        Row(
            "annotation key with two slashes", ["metadata.annotations: Invalid value: \"A/B/C\": \(Fixture.labelKey)"],
            tweak: meta { $0.annotations = ["A/B/C": "x"] }),
        Row(
            "annotations of exactly 256 KiB", [],
            tweak: meta { $0.annotations = ["a": String(repeating: "x", count: 256 * 1024 - 1)] }),
        Row(
            "annotations over 256 KiB", ["metadata.annotations: Too long: may not be more than 262144 bytes"],
            tweak: meta {
                $0.annotations = [
                    "a": String(repeating: "x", count: 128 * 1024), "b": String(repeating: "x", count: 128 * 1024),
                ]
            }),

        // finalizers.
        Row("standard finalizers", [], tweak: meta { $0.finalizers = ["kubernetes", "orphan"] }),
        Row("qualified finalizer", [], tweak: meta { $0.finalizers = ["example.com/cleanup"] }),
        Row(
            "non-standard finalizer",
            [
                "metadata.finalizers[1]: Invalid value: \"foo\": name is neither a standard finalizer name nor is it fully qualified"
            ],
            tweak: meta { $0.finalizers = ["kubernetes", "foo"] }),
        Row(
            "orphan with foregroundDeletion",
            [
                #"metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set"#
            ],
            tweak: meta { $0.finalizers = ["orphan", "foregroundDeletion"] }),
        Row(
            "finalizer with two slashes", ["metadata.finalizers: Invalid value: \"a/b/c\": \(Fixture.labelKey)"],
            tweak: meta { $0.finalizers = ["a/b/c"] }),
        Row(
            "unqualified invalid finalizer fails both checks",
            [
                "metadata.finalizers: Invalid value: \"-foo\": \(Fixture.namePart)",
                "metadata.finalizers[0]: Invalid value: \"-foo\": name is neither a standard finalizer name nor is it fully qualified",
            ], tweak: meta { $0.finalizers = ["-foo"] }),

        // managedFields (`ValidateManagedFields`), after the generic finalizer rules, before the kube ones.
        Row(
            "managedFields written by kubectl", [],
            tweak: meta {
                $0.managedFields = [ManagedFieldsEntry(manager: "kubectl", operation: "Update", fieldsType: "FieldsV1")]
            }),
        Row(
            "managedFields with placeholder operation and fieldsType, as in the API round-trip fixtures",
            [
                "metadata.managedFields[0].operation: Invalid value: \"operationValue\": must be `Apply` or `Update`",
                "metadata.managedFields[0].fieldsType: Invalid value: \"fieldsTypeValue\": must be `FieldsV1`",
                "metadata.finalizers[0]: Invalid value: \"finalizersValue\": name is neither a standard finalizer name nor is it fully qualified",
            ],
            tweak: meta {
                $0.finalizers = ["finalizersValue"]
                $0.managedFields = [
                    ManagedFieldsEntry(
                        manager: "managerValue", operation: "operationValue", fieldsType: "fieldsTypeValue",
                        subresource: "subresourceValue")
                ]
            }),
        Row(
            "managedFields entry without operation; empty fieldsType is fine",
            ["metadata.managedFields[1].operation: Invalid value: \"\": must be `Apply` or `Update`"],
            tweak: meta {
                $0.managedFields = [ManagedFieldsEntry(operation: "Apply"), ManagedFieldsEntry(fieldsType: "")]
            }),
        Row(
            "managedFields manager too long and unprintable",
            [
                "metadata.managedFields[0].manager: Too long: may not be more than 128 bytes",
                "metadata.managedFields[0].manager: Invalid value: \"\(String(repeating: "m", count: 127))é\\n\": invalid character U+000A (at position 129)",
                "metadata.managedFields[0].subresource: Too long: may not be more than 256 bytes",
            ],
            tweak: meta {
                $0.managedFields = [
                    ManagedFieldsEntry(
                        manager: String(repeating: "m", count: 127) + "é\n", operation: "Apply",
                        subresource: String(repeating: "s", count: 257))
                ]
            }),

        // ownerReferences.
        Row(
            "owner reference with empty fields",
            [
                "metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty",
                "metadata.ownerReferences.kind: Invalid value: \"\": must not be empty",
                "metadata.ownerReferences.name: Invalid value: \"\": must not be empty",
                "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty",
            ], tweak: meta { $0.ownerReferences = [OwnerReference()] }),
        Row(
            "owner reference apiVersion with two slashes",
            ["metadata.ownerReferences.apiVersion: Invalid value: \"a/b/c\": version must not be empty"],
            tweak: meta { $0.ownerReferences = [OwnerReference(apiVersion: "a/b/c", kind: "K", name: "n", uid: "u")] }),
        Row(
            "two controllers",
            [
                #"metadata.ownerReferences: Invalid value: [{"apiVersion":"apps/v1","kind":"Deployment","name":"a","uid":"u1","controller":true},{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"b","uid":"u2","controller":true,"blockOwnerDeletion":true}]: Only one reference can have Controller set to true. Found "true" in references for Deployment/a and ReplicaSet/b"#
            ],
            tweak: meta {
                $0.ownerReferences = [
                    OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: "a", uid: "u1", controller: true),
                    OwnerReference(
                        apiVersion: "apps/v1", kind: "ReplicaSet", name: "b", uid: "u2", controller: true,
                        blockOwnerDeletion: true),
                ]
            }),
        Row(
            "one controller among owners", [],
            tweak: meta {
                $0.ownerReferences = [
                    OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: "a", uid: "u1", controller: true),
                    OwnerReference(apiVersion: "v1", kind: "ConfigMap", name: "b", uid: "u2", controller: false),
                ]
            }),
        Row(
            "an Event cannot own anything",
            [
                #"metadata.ownerReferences: Invalid value: {"apiVersion":"v1","kind":"Event","name":"e","uid":"u"}: /v1, Kind=Event is disallowed from being an owner"#
            ],
            tweak: meta { $0.ownerReferences = [OwnerReference(apiVersion: "v1", kind: "Event", name: "e", uid: "u")] }),

        // Order: metadata, then spec.
        Row(
            "metadata errors come before spec errors",
            [
                "metadata.name: Invalid value: \"Web\": \(Fixture.subdomain)",
                "metadata.namespace: Required value",
                "metadata.labels: Invalid value: \"-a\": \(Fixture.namePart)",
                "spec.ingress[0].ports[0].protocol: Unsupported value: \"tcp\": \(Fixture.protocols)",
            ],
            tweak: {
                $0.metadata.name = "Web"
                $0.metadata.namespace = nil
                $0.metadata.labels = ["-a": "x"]
                $0.spec.ingress![0].ports![0].protocol = "tcp"
            }),
    ]

    @Test(arguments: rows)
    func create(_ row: Row) {
        #expect(Fixture.createErrors(row.policy) == row.errors)
    }

    @Test func generatedNameKeepsAtMost58BytesOfThePrefix() {
        var policy = Fixture.valid
        policy.metadata.name = nil
        policy.metadata.generateName = String(repeating: "a", count: 70)
        #expect(
            NetworkPolicyValidator.preparedForCreate(policy).metadata.name == String(repeating: "a", count: 58)
                + "xxxxx")
        #expect(NetworkPolicyValidator.preparedForCreate(policy).metadata.generation == 1)
    }
}
