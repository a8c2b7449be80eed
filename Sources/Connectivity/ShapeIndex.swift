import NetworkPolicyValidation
import PolicyChecks

/// Workload shapes by namespace and by label, so a selector is tried only on the shapes that can match it: a
/// selector with `matchLabels` starts from the shortest list of shapes carrying one of its pairs.
struct ShapeIndex: Sendable {
    let shapes: [Shape]
    private let byNamespace: [String: [Int]]
    private let byLabel: [String: [String: [Int]]]
    /// Declared namespaces and those holding workloads, sorted.
    let namespaces: [String]

    init(shapes: [Shape], declaredNamespaces: some Sequence<String>) {
        self.shapes = shapes
        var byNamespace: [String: [Int]] = [:]
        var byLabel: [String: [String: [Int]]] = [:]
        for (index, shape) in shapes.enumerated() {
            byNamespace[shape.namespace, default: []].append(index)
            for (key, value) in shape.labels {
                byLabel[key, default: [:]][value, default: []].append(index)
            }
        }
        self.byNamespace = byNamespace
        self.byLabel = byLabel
        namespaces = Set(declaredNamespaces).union(byNamespace.keys).sorted()
    }

    /// The shapes of `namespaces` (nil: every namespace) that `selector` matches (nil: every pod), ascending.
    func shapes(in namespaces: [String]?, matching selector: LabelSelector?) -> [Int] {
        var pool: [Int]
        if let pairs = selector?.matchLabels, !pairs.isEmpty {
            pool = pairs.map { byLabel[$0.key]?[$0.value] ?? [] }.min { $0.count < $1.count }!
        } else if let namespaces {
            pool =
                namespaces.count == 1
                ? byNamespace[namespaces[0]] ?? [] : namespaces.flatMap { byNamespace[$0] ?? [] }.sorted()
        } else {
            pool = Array(shapes.indices)
        }
        let wanted: Set<String>? = namespaces.map(Set.init)
        if let selector, selector.isEmpty == false {
            pool = pool.filter { selector.matches(shapes[$0].labels) }
        }
        if let wanted {
            pool = pool.filter { wanted.contains(shapes[$0].namespace) }
        }
        return pool
    }

    /// What a rule peer's selectors match: the shapes, and how many namespaces its namespace part takes in;
    /// nil for an ipBlock peer (pod IPs are not in manifests, so it matches no pod). `podSelector` stays in the
    /// policy's namespace, `namespaceSelector` takes whole namespaces, both together are ANDed.
    func match(_ peer: NetworkPolicyPeer, policyNamespace: String, namespaceLabels: (String) -> [String: String])
        -> PeerMatch?
    {
        guard peer.ipBlock == nil else { return nil }
        guard peer.podSelector != nil || peer.namespaceSelector != nil else {
            return PeerMatch(shapes: [], namespaces: 0)
        }
        var selected: [String]? = [policyNamespace]
        var count = 1
        if let selector = peer.namespaceSelector {
            if selector.isEmpty {
                selected = nil
                count = namespaces.count
            } else {
                let matching = namespaces.filter { selector.matches(namespaceLabels($0)) }
                selected = matching
                count = matching.count
            }
        }
        return PeerMatch(shapes: shapes(in: selected, matching: peer.podSelector), namespaces: count)
    }
}

/// The shapes one rule peer matches, and the number of namespaces its namespace part takes in.
struct PeerMatch: Sendable {
    var shapes: [Int]
    var namespaces: Int
}

/// Workloads no selector tells apart: same namespace, labels and container ports.
struct Shape: Hashable, Sendable {
    var namespace: String
    var labels: [String: String]
    var ports: [ContainerPort]
}
