import NetworkPolicyValidation

/// Every ipBlock of a spec with where it is and its CIDR strings parsed once: four checks read them, and parsing
/// and walking per check cost more than the checks themselves.
struct IPBlocks {
    /// Where an ipBlock is: enough to make its path for a finding. Most ipBlocks draw none, and making a path
    /// for each of them took more than the checks that read them.
    struct Location {
        var direction: PolicyWalk.Direction
        var rule: Int
        var peer: Int

        /// `spec.ingress[0].from[1].ipBlock`
        var path: FieldPath {
            FieldPath.root("spec").child(direction.specField).index(rule).child(direction.peersField).index(peer)
                .child("ipBlock")
        }
    }

    /// One ipBlock: where it is and where its strings are in `values`.
    struct Block {
        var location: Location
        /// The block's `cidr` in `values`, then its `except` entries.
        var positions: Range<Int>

        /// `spec.ingress[0].from[1].ipBlock`
        var path: FieldPath { location.path }
    }

    /// One `cidr` or `except` string, in the order `SpecRules.cidrs(of:)` lists them.
    struct Value {
        var text: String
        /// nil when the apiserver's parser rejects the string (its own error covers that).
        var parsed: CIDRText?
        var location: Location
        /// The `except` entry, nil for `cidr`.
        var exceptIndex: Int?

        /// `spec.ingress[0].from[1].ipBlock.cidr` or `...ipBlock.except[2]`
        var path: FieldPath {
            guard let exceptIndex else { return location.path.child("cidr") }
            return location.path.child("except").index(exceptIndex)
        }
    }

    let blocks: [Block]
    /// Each block's `cidr`, then its `except` entries, ingress first: one list for all blocks, as making a list
    /// per block cost more than the checks that read them.
    let values: [Value]
    /// Whether any value has host bits set, or is not in canonical form: the two form checks read every value
    /// only when one does (nearly never), as taking each value out of the list to look cost more than the rest.
    let hasHostBits: Bool
    let hasNoncanonical: Bool

    /// The `cidr` of `block`.
    func cidr(of block: Block) -> Value { values[block.positions.lowerBound] }

    /// The `except` entries of `block`, in order.
    func excepts(of block: Block) -> ArraySlice<Value> {
        values[(block.positions.lowerBound + 1)..<block.positions.upperBound]
    }

    init(_ spec: NetworkPolicySpec) {
        var blocks: [Block] = []
        var values: [Value] = []
        var hasHostBits = false
        var hasNoncanonical = false
        func value(_ text: String, _ location: Location, exceptIndex: Int?) -> Value {
            let parsed = CIDRText(text)
            if let parsed {
                hasHostBits = hasHostBits || parsed.hasHostBits
                hasNoncanonical = hasNoncanonical || !parsed.isCanonical
            }
            return Value(text: text, parsed: parsed, location: location, exceptIndex: exceptIndex)
        }
        func collect(_ peers: [NetworkPolicyPeer]?, _ direction: PolicyWalk.Direction, rule: Int) {
            for (peerIndex, peer) in (peers ?? []).enumerated() {
                guard let block = peer.ipBlock else { continue }
                let location = Location(direction: direction, rule: rule, peer: peerIndex)
                if values.isEmpty {
                    // Room for a usual policy's blocks at once, rather than growing the lists block by block.
                    values.reserveCapacity(16)
                    blocks.reserveCapacity(8)
                }
                let start = values.count
                values.append(value(block.cidr, location, exceptIndex: nil))
                for (index, text) in (block.except ?? []).enumerated() {
                    values.append(value(text, location, exceptIndex: index))
                }
                blocks.append(Block(location: location, positions: start..<values.count))
            }
        }
        for (index, rule) in (spec.ingress ?? []).enumerated() { collect(rule.from, .ingress, rule: index) }
        for (index, rule) in (spec.egress ?? []).enumerated() { collect(rule.to, .egress, rule: index) }
        self.blocks = blocks
        self.values = values
        self.hasHostBits = hasHostBits
        self.hasNoncanonical = hasNoncanonical
    }
}
