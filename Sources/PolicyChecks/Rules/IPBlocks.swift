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

    struct Block {
        var block: IPBlock
        var location: Location
        /// nil when the apiserver's parser rejects the string (its own error covers that).
        var cidr: CIDRText?
        var excepts: [CIDRText?]

        /// `spec.ingress[0].from[1].ipBlock`
        var path: FieldPath { location.path }
    }

    /// One `cidr` or `except` string, in the order `SpecRules.cidrs(of:)` lists them.
    struct Value {
        var text: String
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
    /// Each block's `cidr`, then its `except` entries, ingress first.
    let values: [Value]

    init(_ spec: NetworkPolicySpec) {
        var blocks: [Block] = []
        var values: [Value] = []
        for direction in PolicyWalk.Direction.allCases {
            let peersOfRules = direction == .ingress ? (spec.ingress ?? []).map(\.from) : (spec.egress ?? []).map(\.to)
            for (ruleIndex, peers) in peersOfRules.enumerated() {
                for (peerIndex, peer) in (peers ?? []).enumerated() {
                    guard let block = peer.ipBlock else { continue }
                    let location = Location(direction: direction, rule: ruleIndex, peer: peerIndex)
                    let cidr = CIDRText(block.cidr)
                    let excepts = (block.except ?? []).map(CIDRText.init)
                    blocks.append(Block(block: block, location: location, cidr: cidr, excepts: excepts))
                    values.append(Value(text: block.cidr, parsed: cidr, location: location, exceptIndex: nil))
                    for (index, text) in (block.except ?? []).enumerated() {
                        values.append(Value(text: text, parsed: excepts[index], location: location, exceptIndex: index))
                    }
                }
            }
        }
        self.blocks = blocks
        self.values = values
    }
}
