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
