import NetworkPolicyValidation

/// A NetworkPolicy the apiserver accepts, defaulted, with where its rules are.
public struct Policy: Hashable, Sendable {
    public var namespace: String
    public var name: String
    /// Defaulted (`NetworkPolicyDefaulter`): `policyTypes` and port protocols set.
    public var spec: NetworkPolicySpec
    public var location: SourceLocation?
    /// Where `spec.ingress[i]` and `spec.egress[i]` are, by index; empty when unknown.
    public var ingressLocations: [SourceLocation]
    public var egressLocations: [SourceLocation]

    /// `policy` is defaulted here unless `isDefaulted`; a missing namespace is `default`.
    public init(
        _ policy: NetworkPolicy, isDefaulted: Bool = false, location: SourceLocation? = nil,
        ingressLocations: [SourceLocation] = [], egressLocations: [SourceLocation] = []
    ) {
        let defaulted = isDefaulted ? policy : NetworkPolicyDefaulter.defaulted(policy)
        let namespace = defaulted.metadata.namespace ?? ""
        self.namespace = namespace.isEmpty ? "default" : namespace
        self.name = defaulted.metadata.name ?? ""
        self.spec = defaulted.spec
        self.location = location
        self.ingressLocations = ingressLocations
        self.egressLocations = egressLocations
    }

    /// `namespace/name`.
    public var displayName: String { "\(namespace)/\(name)" }

    public func isolates(_ direction: Direction) -> Bool {
        (spec.policyTypes ?? []).contains(direction.policyType)
    }
}

/// A direction of traffic as a pod sees it.
public enum Direction: String, Hashable, Sendable, CaseIterable {
    case ingress
    case egress

    /// The `policyTypes` value.
    public var policyType: String { self == .ingress ? "Ingress" : "Egress" }
}
