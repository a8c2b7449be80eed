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
