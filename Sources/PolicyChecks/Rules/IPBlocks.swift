import NetworkPolicyValidation

/// Every ipBlock of a spec with where it is and its CIDR strings parsed once (`SpecCIDRs`, shared with the spec
/// rules and the apiserver's warnings when the caller has it): four checks read them, and parsing and walking per
/// check cost more than the checks themselves.
struct IPBlocks {
    typealias Block = SpecCIDRs.Block
    typealias Value = SpecCIDRs.Value

    let cidrs: SpecCIDRs

    var blocks: [Block] { cidrs.blocks }
    /// Each block's `cidr`, then its `except` entries, ingress first.
    var values: [Value] { cidrs.values }

    /// Whether any value may have host bits set, or not be in canonical form: the two form checks read every value
    /// only when one may (nearly never), as taking each value out of the list to look cost more than the rest.
    var mayHaveHostBits: Bool { !cidrs.areAllPlain }
    var mayBeNoncanonical: Bool { !cidrs.areAllPlain }

    init(_ cidrs: SpecCIDRs) {
        self.cidrs = cidrs
    }

    /// The `cidr` of `block`.
    func cidr(of block: Block) -> Value { cidrs.cidr(of: block) }

    /// The `except` entries of `block`, in order.
    func excepts(of block: Block) -> ArraySlice<Value> { cidrs.excepts(of: block) }
}

extension SpecCIDRs.Value {
    /// What the form and range checks read of the value; nil when the apiserver's parser rejects the string (its
    /// own error covers that). Made when asked: most values are never looked at again.
    var form: CIDRText? { CIDRText(text, parsed: parsed) }

    /// `form?.network` without the rest of the form: the network with host bits cleared, IPv4-mapped networks
    /// unwrapped to IPv4.
    var network: IPNetwork? {
        parsed.map { CIDRText.network(of: $0.address, prefixLength: $0.prefixLength) }
    }
}
