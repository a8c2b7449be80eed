/// Why a connection is allowed or denied: for each side judged (the source's egress, the destination's ingress;
/// one side only when the other end is outside the cluster), the policies isolating the pod and the rules that
/// admit the peer.
public struct Explanation: Sendable {
    public var source: Endpoint
    public var destination: Endpoint
    public var sides: [Side]
    /// Both sides together.
    public var allowed: ConnectionSet

    /// One direction of one workload.
    public struct Side: Sendable {
        public var direction: Direction
        /// The workload whose policies decide (`ns/name[Kind]`).
        public var workload: String
        /// The policies selecting the workload with this direction in their `policyTypes`; empty: not isolated,
        /// everything passes this side.
        public var isolatingPolicies: [PolicyReference]
        /// The rules whose peers take in the other end, with what their ports open to it (possibly nothing, when
        /// a named port resolves nowhere).
        public var admittingRules: [RuleReference]
        public var allowed: ConnectionSet

        public var isIsolated: Bool { !isolatingPolicies.isEmpty }
    }

    /// A policy, named and located.
    public struct PolicyReference: Hashable, Sendable, CustomStringConvertible {
        public var name: String
        public var location: SourceLocation?

        public var description: String { location.map { "\(name) (\($0))" } ?? name }
    }

    /// A rule, named by its policy and path (`shop/api-allow spec.ingress[1]`) and located.
    public struct RuleReference: Hashable, Sendable, CustomStringConvertible {
        public var policy: String
        public var path: String
        public var location: SourceLocation?
        public var connections: ConnectionSet

        public var description: String {
            "\(policy) \(path)" + (location.map { " (\($0))" } ?? "")
        }
    }

    /// Indented lines, one block per side: `egress of a: not isolated`, `ingress of b: isolated by p (f:1:1)`,
    /// then `allowed by p spec.ingress[0] (f:9:5): TCP 80`, or why nothing is. `asked`: the connection asked
    /// about (`check --port`), to say on which ports a rule would admit the peer instead.
    public func lines(asked: ConnectionSet? = nil, indent: String = "  ") -> [String] {
        var lines: [String] = []
        for side in sides {
            let head = "\(indent)\(side.direction.rawValue) of \(side.workload): "
            guard side.isIsolated else {
                lines.append(
                    head + "not isolated (no policy selects it for \(side.direction.policyType)): All Connections")
                continue
            }
            lines.append(head + "isolated by " + side.isolatingPolicies.map(\.description).joined(separator: ", "))
            let other = side.direction == .ingress ? source.name : destination.name
            let opening = side.admittingRules.filter { !$0.connections.isEmpty }
            if opening.isEmpty && side.admittingRules.isEmpty {
                lines.append("\(indent)  no rule of these policies admits \(other)")
            }
            for rule in side.admittingRules {
                if rule.connections.isEmpty {
                    lines.append(
                        "\(indent)  \(rule) admits \(other) but its ports open nothing to it (named port not declared)")
                } else if let asked, rule.connections.intersection(asked).isEmpty {
                    lines.append("\(indent)  \(rule) admits \(other) on \(rule.connections) only, not \(asked)")
                } else {
                    lines.append("\(indent)  allowed by \(rule): \(rule.connections)")
                }
            }
        }
        return lines
    }
}

extension ConnectivityAnalysis {
    /// Why `source` can or cannot reach `destination`.
    public func explain(from source: Endpoint, to destination: Endpoint) -> Explanation {
        var sides: [Explanation.Side] = []
        switch (source.kind, destination.kind) {
        case (.workload(let from), .workload(let to)):
            sides.append(
                explainSide(.egress, of: from, peer: .shape(shapeOfWorkload[to]), destinationPorts: workloads[to].ports)
            )
            sides.append(
                explainSide(
                    .ingress, of: to, peer: .shape(shapeOfWorkload[from]), destinationPorts: workloads[to].ports))
        case (.external(let range), .workload(let to)):
            sides.append(explainSide(.ingress, of: to, peer: .external(range), destinationPorts: workloads[to].ports))
        case (.workload(let from), .external(let range)):
            sides.append(explainSide(.egress, of: from, peer: .external(range), destinationPorts: []))
        case (.external, .external):
            break
        }
        let allowed = sides.isEmpty ? .none : sides.reduce(ConnectionSet.all) { $0.intersection($1.allowed) }
        return Explanation(source: source, destination: destination, sides: sides, allowed: allowed)
    }

    private func explainSide(
        _ direction: Direction, of workload: Int, peer: Peer, destinationPorts: [ContainerPort]
    ) -> Explanation.Side {
        let shape = shapeOfWorkload[workload]
        let isolating = isolatingPolicies[direction][shape].map { index in
            Explanation.PolicyReference(
                name: cluster.policies[index].displayName, location: cluster.policies[index].location)
        }
        var admitting: [Explanation.RuleReference] = []
        for ruleIndex in rulesOfShape[direction][shape] {
            let rule = rules[ruleIndex]
            guard rule.admits(peer) else { continue }
            let policy = cluster.policies[rule.policy]
            let locations = direction == .ingress ? policy.ingressLocations : policy.egressLocations
            admitting.append(
                Explanation.RuleReference(
                    policy: policy.displayName, path: rule.path,
                    location: locations.indices.contains(rule.index) ? locations[rule.index] : nil,
                    connections: rule.connections(to: destinationPorts)))
        }
        let allowed = side(direction, of: shape, peer: peer, destinationPorts: destinationPorts).0
        return Explanation.Side(
            direction: direction, workload: workloads[workload].displayName, isolatingPolicies: isolating,
            admittingRules: admitting, allowed: allowed)
    }
}
