import NetworkPolicyValidation

/// Every ipBlock of a spec with its path and its CIDR strings parsed once: four checks read them, and parsing and
/// walking per check cost more than the checks themselves.
struct IPBlocks {
    struct Block {
        var block: IPBlock
        /// `spec.ingress[0].from[1].ipBlock`
        var path: FieldPath
        /// nil when the apiserver's parser rejects the string (its own error covers that).
        var cidr: CIDRText?
        var excepts: [CIDRText?]
    }

    /// One `cidr` or `except` string with its path, in the order `SpecRules.cidrs(of:)` lists them.
    struct Value {
        var text: String
        var parsed: CIDRText?
        var path: FieldPath
    }

    let blocks: [Block]
    /// Each block's `cidr`, then its `except` entries, ingress first.
    let values: [Value]

    init(_ spec: NetworkPolicySpec) {
        blocks = PolicyWalk.ipBlocks(of: spec).map { block, path in
            Block(block: block, path: path, cidr: CIDRText(block.cidr),
                excepts: (block.except ?? []).map(CIDRText.init))
        }
        var values: [Value] = []
        for block in blocks {
            values.append(Value(text: block.block.cidr, parsed: block.cidr, path: block.path.child("cidr")))
            let excepts = block.path.child("except")
            for (index, text) in (block.block.except ?? []).enumerated() {
                values.append(Value(text: text, parsed: block.excepts[index], path: excepts.index(index)))
            }
        }
        self.values = values
    }
}
