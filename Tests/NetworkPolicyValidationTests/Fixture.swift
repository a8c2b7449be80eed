import Testing

@testable import NetworkPolicyValidation

/// The valid policy every table row starts from, the row type, and the apiserver's long messages written out
/// once (copied from the Go sources, not from our constants, so a wrong constant fails a test).
enum Fixture {
    /// A policy the apiserver accepts: a pod selector, one ingress and one egress rule, both policy types.
    static var valid: NetworkPolicy {
        NetworkPolicy(
            metadata: ObjectMeta(name: "web", namespace: "shop"),
            spec: NetworkPolicySpec(
                podSelector: LabelSelector(matchLabels: ["app": "web"]),
                ingress: [
                    NetworkPolicyIngressRule(
                        ports: [NetworkPolicyPort(protocol: "TCP", port: .int(8080))],
                        from: [NetworkPolicyPeer(podSelector: LabelSelector(matchLabels: ["role": "frontend"]))])
                ],
                egress: [
                    NetworkPolicyEgressRule(
                        ports: [NetworkPolicyPort(protocol: "UDP", port: .int(53))],
                        to: [
                            NetworkPolicyPeer(
                                namespaceSelector: LabelSelector(
                                    matchLabels: ["kubernetes.io/metadata.name": "kube-system"]))
                        ])
                ],
                policyTypes: ["Ingress", "Egress"]))
    }

    /// The stored object of UPDATE rows: `valid` as storage holds it.
    static var stored: NetworkPolicy {
        var policy = valid
        policy.metadata.uid = "8d2b6a4e-0000-4000-8000-000000000001"
        policy.metadata.resourceVersion = "7"
        policy.metadata.generation = 3
        policy.metadata.creationTimestamp = "2026-01-02T03:04:05Z"
        return policy
    }

    /// The rendered errors of a CREATE of `policy` after defaulting, in order.
    static func createErrors(_ policy: NetworkPolicy, options: ValidationOptions = ValidationOptions()) -> [String] {
        NetworkPolicyValidator.validateCreate(NetworkPolicyDefaulter.defaulted(policy), options: options)
            .map(\.description)
    }

    /// The rendered errors of an UPDATE from `old` to `policy`, both defaulted, in order.
    static func updateErrors(_ policy: NetworkPolicy, old: NetworkPolicy) -> [String] {
        NetworkPolicyValidator.validateUpdate(
            NetworkPolicyDefaulter.defaulted(policy), old: NetworkPolicyDefaulter.defaulted(old)
        ).map(\.description)
    }

    // MARK: - Messages of k8s.io/apimachinery (util/validation, api/validate/content)

    static let nameRegex =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    static let namePart = "name part " + nameRegex
    static let labelKey =
        "a valid label key " + nameRegex
        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
    static let labelValue =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    static let subdomain =
        #"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#
    static let dnsLabel =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let portRange = "must be between 1 and 65535, inclusive"
    static let portCharset = "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
    static let portLetter = "must contain at least one letter (a-z)"
    static let protocols = #"supported values: "TCP", "UDP", "SCTP""#
    static let policyTypes = #"supported values: "Ingress", "Egress""#
    static let invalidCIDR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
}

/// One table row: a name in words, a tweak of `Fixture.valid`, and the exact rendered errors expected.
struct Row: Sendable, CustomTestStringConvertible {
    let name: String
    let errors: [String]
    let tweak: @Sendable (inout NetworkPolicy) -> Void

    init(_ name: String, _ errors: [String], tweak: @escaping @Sendable (inout NetworkPolicy) -> Void) {
        self.name = name
        self.errors = errors
        self.tweak = tweak
    }

    var testDescription: String { name }

    /// `Fixture.valid` with the tweak applied.
    var policy: NetworkPolicy {
        var policy = Fixture.valid
        tweak(&policy)
        return policy
    }
}
