import NetworkPolicyValidation

/// One ingress or egress rule of an accepted policy, prepared once: which workload shapes and outside ranges
/// its peers match, and the connections its ports open.
struct CompiledRule: Sendable {
    var policy: Int
    var direction: Direction
    /// The rule's index in `spec.ingress` or `spec.egress`.
    var index: Int
    /// No `from`/`to`: every pod and every outside address.
    var matchesEveryPeer: Bool
    /// Indexed by shape: whether a pod/namespace selector peer matches it.
    var shapes: [Bool]
    /// The ipBlock peers' `cidr` minus `except`, as ranges.
    var blocks: [AddressRange]
    /// The ports given by number (or none at all: everything).
    var fixedPorts: ConnectionSet
    /// The ports given by name, resolved against the destination's container ports.
    var namedPorts: [(TransportProtocol, String)]

    /// Per peer, what its selectors match; nil for an ipBlock peer.
    var peerMatches: [PeerMatch?]
    /// The rule as written (defaulted), for the lint findings.
    var peers: [NetworkPolicyPeer]
    var ports: [NetworkPolicyPort]

    /// `peerMatches`: what each of `peers` matches, from `ShapeIndex.match`.
    init(
        policy index: Int, direction: Direction, rule: Int, ports: [NetworkPolicyPort]?, peers: [NetworkPolicyPeer]?,
        peerMatches: [PeerMatch?], shapeCount: Int
    ) {
        self.policy = index
        self.direction = direction
        self.index = rule
        let peers = peers ?? []
        matchesEveryPeer = peers.isEmpty
        self.peerMatches = peerMatches
        self.peers = peers
        self.ports = ports ?? []
        var shapes = [Bool](repeating: peers.isEmpty, count: shapeCount)
        for match in peerMatches {
            for shape in match?.shapes ?? [] { shapes[shape] = true }
        }
        self.shapes = shapes
        var blocks: [AddressRange] = []
        for peer in peers {
            guard let block = peer.ipBlock, let cidr = AddressRange(cidr: block.cidr) else { continue }
            blocks += AddressRange.subtract((block.except ?? []).compactMap { AddressRange(cidr: $0) }, from: [cidr])
        }
        self.blocks = blocks
        (fixedPorts, namedPorts) = Self.connections(of: ports ?? [])
    }

    /// Rule ports: none = everything; each entry one protocol (TCP by default), every port of it, a number or
    /// `port`-`endPort` range, or a name resolved later.
    static func connections(of ports: [NetworkPolicyPort]) -> (ConnectionSet, [(TransportProtocol, String)]) {
        guard !ports.isEmpty else { return (.all, []) }
        var fixed = ConnectionSet.none
        var named: [(TransportProtocol, String)] = []
        for port in ports {
            guard let proto = TransportProtocol(name: port.protocol ?? "TCP") else { continue }
            switch port.port {
            case nil:
                fixed.formUnion(ConnectionSet(proto))
            case .int(let number):
                let end = Int(port.endPort ?? number)
                if end >= Int(number) { fixed.formUnion(ConnectionSet(proto, Int(number)...end)) }
            case .string(let name):
                named.append((proto, name))
            }
        }
        return (fixed, named)
    }

    /// What the rule's ports open towards a destination with `containerPorts` (none for an outside address).
    func connections(to containerPorts: [ContainerPort]) -> ConnectionSet {
        guard !namedPorts.isEmpty else { return fixedPorts }
        var result = fixedPorts
        for (proto, name) in namedPorts {
            for port in containerPorts where port.name == name && port.proto == proto {
                result.formUnion(ConnectionSet(proto, port.port...port.port))
            }
        }
        return result
    }

    /// Whether the rule's peers take in a workload shape or an outside range.
    func admits(_ peer: ConnectivityAnalysis.Peer) -> Bool {
        switch peer {
        case .shape(let shape): shapes[shape]
        case .external(let range): admits(range)
        }
    }

    /// Whether the rule's peers take in the whole of `range`.
    func admits(_ range: AddressRange) -> Bool {
        matchesEveryPeer || blocks.contains { $0.contains(range) }
    }

    /// `spec.ingress[1]`
    var path: String { "spec.\(direction.rawValue)[\(index)]" }
}
