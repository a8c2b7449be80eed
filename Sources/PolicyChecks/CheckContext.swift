import NetworkPolicyValidation

/// What the caller knows around the policy being checked.
public struct CheckContext: Hashable, Sendable {
    /// Whether the other policies of the namespace are known.
    public enum Scope: Hashable, Sendable {
        /// One policy judged alone (`serve`): other policies may open what this one closes.
        case alone
        /// Every policy of the namespace in the linted files is known (`lint`).
        case namespace
    }

    /// The labels of the policy's namespace that are known. Always at least the automatic
    /// `kubernetes.io/metadata.name` label (see `labels(ofNamespace:)`).
    public var namespaceLabels: [String: String]
    /// Paths the apiserver's rules already reject; checks that would report the same problem on the same field
    /// stay quiet there (`cidr-host-bits` on Kubernetes 1.36).
    public var apiserverErrorPaths: Set<FieldPath>
    /// CIDR strings the old object held on UPDATE: accepted as they are, like the apiserver's ratchet.
    public var ratchetedCIDRs: Set<String>
    public var scope: Scope

    public init(
        namespaceLabels: [String: String] = [:], apiserverErrorPaths: Set<FieldPath> = [],
        ratchetedCIDRs: Set<String> = [], scope: Scope = .alone
    ) {
        self.namespaceLabels = namespaceLabels
        self.apiserverErrorPaths = apiserverErrorPaths
        self.ratchetedCIDRs = ratchetedCIDRs
        self.scope = scope
    }

    /// The label every namespace gets from the apiserver (`kubernetes.io/metadata.name`, since 1.21), so a
    /// selector on it works where nothing else about the namespace is known.
    public static let namespaceNameLabel = "kubernetes.io/metadata.name"

    /// `extra` labels plus the automatic name label of `namespace`.
    public static func labels(ofNamespace namespace: String, extra: [String: String] = [:]) -> [String: String] {
        var labels = extra
        labels[namespaceNameLabel] = namespace
        return labels
    }
}
