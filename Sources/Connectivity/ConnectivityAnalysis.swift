import NetworkPolicyValidation
import PolicyChecks

/// Who can reach whom under a set of NetworkPolicies, with the Kubernetes semantics: a pod is isolated for a
/// direction when a policy of its namespace selects it with that direction in its `policyTypes`; a connection
/// between two pods needs the source's egress and the destination's ingress to allow it; for an outside address
/// only the pod's side is judged.
///
/// Everything selectors decide is computed once per workload shape (namespace, labels, container ports), so the
/// cost grows with the distinct shapes, not the workloads.
public struct ConnectivityAnalysis: Sendable {
    public let cluster: Cluster
    /// The workloads, one per `displayName` (the first of duplicates kept).
    public let workloads: [Workload]
    /// The outside ranges connections can come from (the address space cut at every ingress ipBlock bound).
    public let externalSources: [AddressRange]
    /// The outside ranges connections can go to (cut at every egress ipBlock bound).
    public let externalDestinations: [AddressRange]

    let shapes: [Shape]
    let shapeOfWorkload: [Int]
    let rules: [CompiledRule]
    /// Per shape and direction: the rules of the policies selecting it, and those policies when they isolate it.
    let rulesOfShape: PerDirection<[[Int]]>
    let isolatingPolicies: PerDirection<[[Int]]>
    /// Per policy: the shapes its podSelector selects, and its compiled rules.
    let selectedShapes: [[Int]]
    let rulesOfPolicy: [[Int]]
    let index: ShapeIndex

    public init(_ cluster: Cluster) {
        self.cluster = cluster
        var seen: Set<String> = []
        workloads = cluster.workloads.filter { seen.insert($0.displayName).inserted }

        var shapeIndex: [Shape: Int] = [:]
        var shapes: [Shape] = []
        shapeOfWorkload = workloads.map { workload in
            let shape = Shape(namespace: workload.namespace, labels: workload.labels, ports: workload.ports)
            if let index = shapeIndex[shape] { return index }
            shapes.append(shape)
            shapeIndex[shape] = shapes.count - 1
            return shapes.count - 1
        }
        self.shapes = shapes

        let index = ShapeIndex(shapes: shapes, declaredNamespaces: cluster.namespaces.keys)
        self.index = index
        var namespaceLabels: [String: [String: String]] = [:]
        let labels: (String) -> [String: String] = { name in
            if let labels = namespaceLabels[name] { return labels }
            let labels = cluster.labels(ofNamespace: name)
            namespaceLabels[name] = labels
            return labels
        }

        var rules: [CompiledRule] = []
        let empty = [[Int]](repeating: [], count: shapes.count)
        var rulesOfShape = PerDirection(ingress: empty, egress: empty)
        var isolating = PerDirection(ingress: empty, egress: empty)
        var selectedShapes: [[Int]] = []
        var rulesOfPolicy: [[Int]] = []
        for (policyIndex, policy) in cluster.policies.enumerated() {
            let selected = index.shapes(in: [policy.namespace], matching: policy.spec.podSelector)
            selectedShapes.append(selected)
            var policyRules: [Int] = []
            for direction in Direction.allCases where policy.isolates(direction) {
                var ruleIndices: [Int] = []
                let specRules: [([NetworkPolicyPort]?, [NetworkPolicyPeer]?)] =
                    direction == .ingress
                    ? (policy.spec.ingress ?? []).map { ($0.ports, $0.from) }
                    : (policy.spec.egress ?? []).map { ($0.ports, $0.to) }
                for (ruleIndex, rule) in specRules.enumerated() {
                    let matches = (rule.1 ?? []).map {
                        index.match($0, policyNamespace: policy.namespace, namespaceLabels: labels)
                    }
                    rules.append(
                        CompiledRule(
                            policy: policyIndex, direction: direction, rule: ruleIndex, ports: rule.0, peers: rule.1,
                            peerMatches: matches, shapeCount: shapes.count))
                    ruleIndices.append(rules.count - 1)
                }
                policyRules += ruleIndices
                rulesOfShape.update(direction) { table in
                    for shape in selected { table[shape] += ruleIndices }
                }
                isolating.update(direction) { table in
                    for shape in selected { table[shape].append(policyIndex) }
                }
            }
            rulesOfPolicy.append(policyRules)
        }
        self.selectedShapes = selectedShapes
        self.rulesOfPolicy = rulesOfPolicy
        self.rules = rules
        self.rulesOfShape = rulesOfShape
        self.isolatingPolicies = isolating

        // Every policy's ipBlocks cut the outside space, whatever the policy selects: ingress ones the sources,
        // egress ones the destinations. IPv6 appears only when some ipBlock of that direction names it.
        externalSources = Self.pieces(cutBy: rules.filter { $0.direction == .ingress }.flatMap(\.blocks))
        externalDestinations = Self.pieces(cutBy: rules.filter { $0.direction == .egress }.flatMap(\.blocks))
    }

    /// The outside space cut at every bound of `blocks`; IPv6 appears only when a block names it.
    static func pieces(cutBy blocks: [AddressRange]) -> [AddressRange] {
        let families: [IPAddress.Family] = blocks.contains { $0.family == .v6 } ? [.v4, .v6] : [.v4]
        return AddressRange.pieces(of: families, cutBy: blocks)
    }

    /// Every ipBlock range of the rules of `direction`.
    func blocks(_ direction: Direction) -> [AddressRange] {
        rules.filter { $0.direction == direction }.flatMap(\.blocks)
    }

    // MARK: - One side of a connection

    /// What `direction` of a workload of shape `shape` lets through to or from `peer`, and the rules that do.
    func side(
        _ direction: Direction, of shape: Int, peer: Peer, destinationPorts: [ContainerPort]
    ) -> (ConnectionSet, isolated: Bool) {
        guard !isolatingPolicies[direction][shape].isEmpty else { return (.all, false) }
        var allowed = ConnectionSet.none
        for ruleIndex in rulesOfShape[direction][shape] {
            // Read in place: a local copy of the rule would retain and release each of its arrays, per pair.
            guard rules[ruleIndex].admits(peer) else { continue }
            allowed.formUnion(rules[ruleIndex].connections(to: destinationPorts))
            if allowed.isAll { break }
        }
        return (allowed, true)
    }

    /// The other end of a connection as a rule's peers see it.
    enum Peer {
        case shape(Int)
        case external(AddressRange)
    }

    /// The allowed connections from one endpoint to another.
    public func connections(from source: Endpoint, to destination: Endpoint) -> ConnectionSet {
        switch (source.kind, destination.kind) {
        case (.workload(let from), .workload(let to)):
            let fromShape = shapeOfWorkload[from]
            let toShape = shapeOfWorkload[to]
            let ports = workloads[to].ports
            let egress = side(.egress, of: fromShape, peer: .shape(toShape), destinationPorts: ports).0
            if egress.isEmpty { return egress }
            return egress.intersection(side(.ingress, of: toShape, peer: .shape(fromShape), destinationPorts: ports).0)
        case (.external(let range), .workload(let to)):
            return side(
                .ingress, of: shapeOfWorkload[to], peer: .external(range), destinationPorts: workloads[to].ports
            ).0
        case (.workload(let from), .external(let range)):
            return side(.egress, of: shapeOfWorkload[from], peer: .external(range), destinationPorts: []).0
        case (.external, .external):
            return .none
        }
    }

    // MARK: - Endpoints

    /// A workload of this analysis, by index into `workloads`.
    public func endpoint(workload index: Int) -> Endpoint {
        Endpoint(name: workloads[index].displayName, kind: .workload(index))
    }

    public func endpoint(external range: AddressRange) -> Endpoint {
        Endpoint(name: range.description + "[External]", kind: .external(range))
    }

    /// Every allowed connection between two workloads or a workload and an outside range, except a workload to
    /// itself, sorted by source then destination name (byte order), as netpol-analyzer's `list` prints them.
    public func connections() -> [Connection] {
        var result: [Connection] = []
        forEachConnection { result.append($0) }
        return result
    }

    /// `connections()` one at a time, in the same order, without holding them all (a large cluster has millions).
    public func forEachConnection(_ body: (Connection) -> Void) {
        forEachConnection(externalSources: externalSources, externalDestinations: externalDestinations, body)
    }

    /// `forEachConnection` with the outside space cut into the given ranges (`diff` cuts two analyses alike);
    /// each range must lie wholly inside or outside every ipBlock range of its direction.
    func forEachConnection(
        externalSources: [AddressRange], externalDestinations: [AddressRange], _ body: (Connection) -> Void
    ) {
        let workloadEnds = workloads.indices.map { endpoint(workload: $0) }
        let sources = (workloadEnds + externalSources.map { endpoint(external: $0) }).sorted(by: Endpoint.byName)
        let destinations = (workloadEnds + externalDestinations.map { endpoint(external: $0) }).sorted(
            by: Endpoint.byName)
        // Connections depend on the source's shape only, so a row (its own column included, skipped below) serves
        // every workload of the shape: kept for the shapes that have several.
        var workloadsOfShape = [Int](repeating: 0, count: shapes.count)
        for shape in shapeOfWorkload { workloadsOfShape[shape] += 1 }
        var rowCache: [Int: [ConnectionSet]] = [:]
        for source in sources {
            let row: [ConnectionSet]
            if case .workload(let from) = source.kind, workloadsOfShape[shapeOfWorkload[from]] > 1 {
                let shape = shapeOfWorkload[from]
                if let cached = rowCache[shape] {
                    row = cached
                } else {
                    row = destinations.map { connections(from: source, to: $0) }
                    rowCache[shape] = row
                }
            } else {
                row = destinations.map { connections(from: source, to: $0) }
            }
            for (index, destination) in destinations.enumerated() where !row[index].isEmpty {
                guard destination.name != source.name else { continue }
                body(Connection(source: source, destination: destination, connections: row[index]))
            }
        }
    }
}

extension ConnectivityAnalysis {
    /// Why an endpoint named on the command line cannot be used.
    public enum EndpointError: Error, Equatable, CustomStringConvertible {
        case notFound(String)
        case ambiguous(String, candidates: [String])

        public var description: String {
            switch self {
            case .notFound(let text):
                "no workload \(text) in the input (use ns/name, ns/name[Kind] or an IP address)"
            case .ambiguous(let text, let candidates):
                "\(text) names several workloads: \(candidates.joined(separator: ", "))"
            }
        }
    }

    /// The endpoint `text` names: an IP address (an outside address), `ns/name[Kind]`, `ns/name`, or `name` alone
    /// when one workload of any namespace has it.
    public func endpoint(named text: String) -> Result<Endpoint, EndpointError> {
        if let address = IPAddress.parseSloppy(text) {
            return .success(Endpoint(name: "\(address)[External]", kind: .external(AddressRange(address: address))))
        }
        let candidates = matchingWorkloads(text)
        switch candidates.count {
        case 0: return .failure(.notFound(text))
        case 1: return .success(endpoint(workload: candidates[0]))
        default: return .failure(.ambiguous(text, candidates: candidates.map { workloads[$0].displayName }))
        }
    }

    /// Indices of the workloads `text` names (`ns/name[Kind]`, `ns/name` or `name`).
    public func matchingWorkloads(_ text: String) -> [Int] {
        if let exact = workloads.firstIndex(where: { $0.displayName == text }) { return [exact] }
        if let slash = text.firstIndex(of: "/") {
            let namespace = String(text[..<slash])
            let name = String(text[text.index(after: slash)...])
            return workloads.indices.filter { workloads[$0].namespace == namespace && workloads[$0].name == name }
        }
        return workloads.indices.filter { workloads[$0].name == text }
    }
}
