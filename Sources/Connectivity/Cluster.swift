import NetworkPolicyValidation

/// Where something stands in the input: `file:line:column`.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A container port a workload's pods declare (`spec.containers[].ports[]`), what named ports resolve against.
public struct ContainerPort: Hashable, Sendable {
    public var name: String?
    public var proto: TransportProtocol
    public var port: Int

    public init(name: String? = nil, proto: TransportProtocol = .tcp, port: Int) {
        self.name = name
        self.proto = proto
        self.port = port
    }
}

/// Pods the analysis treats as one: a workload object (its pod template), or a Pod (shown as its controller).
public struct Workload: Hashable, Sendable {
    public var namespace: String
    public var name: String
    /// `Deployment`, `Pod`, ...
    public var kind: String
    /// The pods' labels.
    public var labels: [String: String]
    public var ports: [ContainerPort]
    public var location: SourceLocation?

    public init(
        namespace: String, name: String, kind: String, labels: [String: String] = [:], ports: [ContainerPort] = [],
        location: SourceLocation? = nil
    ) {
        self.namespace = namespace
        self.name = name
        self.kind = kind
        self.labels = labels
        self.ports = ports
        self.location = location
    }

    /// `namespace/name[Kind]`, netpol-analyzer's notation.
    public var displayName: String { "\(namespace)/\(name)[\(kind)]" }
}

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

/// Everything the analysis reads: namespaces with their labels, workloads, accepted policies.
public struct Cluster: Sendable {
    /// Declared namespaces and their labels (without the implicit `kubernetes.io/metadata.name`).
    public var namespaces: [String: [String: String]]
    public var workloads: [Workload]
    public var policies: [Policy]

    public init(namespaces: [String: [String: String]] = [:], workloads: [Workload] = [], policies: [Policy] = []) {
        self.namespaces = namespaces
        self.workloads = workloads
        self.policies = policies
    }

    /// A namespace's labels as selectors see them: its own plus `kubernetes.io/metadata.name`, which the
    /// apiserver sets on every namespace (an undeclared one has only that).
    public func labels(ofNamespace name: String) -> [String: String] {
        var labels = namespaces[name] ?? [:]
        labels["kubernetes.io/metadata.name"] = name
        return labels
    }
}
