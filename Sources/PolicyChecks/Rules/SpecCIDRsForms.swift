import NetworkPolicyValidation

/// What the four checks that read ipBlocks (`cidr-host-bits`, `cidr-noncanonical`, `except-overlap`,
/// `ipblock-in-cluster`) take of each CIDR string of a spec, parsed once in `SpecCIDRs` (shared with the spec rules
/// and the apiserver's warnings when the caller has it).
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
