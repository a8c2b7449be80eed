import NetworkPolicyValidation

/// `cidr-host-bits` and `cidr-noncanonical`: how each ipBlock `cidr` and `except` string is written.
enum CIDRFormRules {
    /// Bits set after the prefix: what StrictIPCIDRValidation (Kubernetes 1.36) rejects, reported for older
    /// clusters too. Quiet where the apiserver rules already reject the field, and for CIDRs the old object held.
    static func hostBits(_ blocks: SpecCIDRs, context: CheckContext) -> [Hit] {
        guard !blocks.areAllPlain else { return [] }
        return blocks.values.compactMap { value in
            guard let cidr = value.form, cidr.hasHostBits, context.reports(value) else { return nil }
            return Hit(
                value.path,
                "\(GoQuote.quote(value.text)) has bits set beyond the /\(cidr.prefixLength) prefix, which Kubernetes 1.36 "
                    + "rejects; write \(GoQuote.quote(cidr.networkReading)) for the whole network or "
                    + "\(GoQuote.quote(cidr.addressReading)) for the single address")
        }
    }

    /// Leading zeros, IPv4-mapped IPv6, IPv6 not in RFC 5952 form; the suggestion keeps host bits (that is
    /// `cidr-host-bits`' business). Quiet where the apiserver rules already reject the field, and for ratcheted
    /// CIDRs. The apiserver only warns about these forms (or, strict, rejects some); callers drop its warning for a
    /// field this check reports, so the finding with its configurable severity stands alone.
    static func noncanonical(_ blocks: SpecCIDRs, context: CheckContext) -> [Hit] {
        guard !blocks.areAllPlain else { return [] }
        return blocks.values.compactMap { value in
            guard let cidr = value.form, !cidr.isCanonical, context.reports(value) else { return nil }
            return Hit(
                value.path,
                "\(GoQuote.quote(value.text)) is not in canonical form; write \(GoQuote.quote(cidr.canonical))")
        }
    }
}

extension CheckContext {
    /// False where the apiserver's rules already reject the field, and for CIDRs the old object held.
    fileprivate func reports(_ value: SpecCIDRs.Value) -> Bool {
        (apiserverErrorPaths.isEmpty || !apiserverErrorPaths.contains(value.path))
            && (ratchetedCIDRs.isEmpty || !ratchetedCIDRs.contains(value.text))
    }
}
