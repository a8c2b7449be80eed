import NetworkPolicyValidation

/// `cidr-host-bits` and `cidr-noncanonical`: how each ipBlock `cidr` and `except` string is written.
enum CIDRFormRules {
    /// A CIDR string both checks judge: the apiserver accepted its field and the old object did not hold it.
    struct Judged {
        var value: String
        var path: FieldPath
        var cidr: CIDRText
    }

    /// The CIDR strings of `spec` the checks judge, each parsed once for both.
    static func judged(_ spec: NetworkPolicySpec, context: CheckContext) -> [Judged] {
        SpecRules.cidrs(of: spec).compactMap { value, path in
            guard context.apiserverErrorPaths.isEmpty || !context.apiserverErrorPaths.contains(path),
                context.ratchetedCIDRs.isEmpty || !context.ratchetedCIDRs.contains(value),
                let cidr = CIDRText(value)
            else { return nil }
            return Judged(value: value, path: path, cidr: cidr)
        }
    }

    /// Bits set after the prefix: what StrictIPCIDRValidation (Kubernetes 1.36) rejects, reported for older
    /// clusters too. Quiet where the apiserver rules already reject the field, and for CIDRs the old object held.
    static func hostBits(_ judged: [Judged]) -> [Hit] {
        judged.compactMap { judged in
            let (value, cidr) = (judged.value, judged.cidr)
            guard cidr.hasHostBits else { return nil }
            return Hit(
                judged.path,
                "\(GoQuote.quote(value)) has bits set beyond the /\(cidr.prefixLength) prefix, which Kubernetes 1.36 "
                    + "rejects; write \(GoQuote.quote(cidr.networkReading)) for the whole network or "
                    + "\(GoQuote.quote(cidr.addressReading)) for the single address")
        }
    }

    /// Leading zeros, IPv4-mapped IPv6, IPv6 not in RFC 5952 form; the suggestion keeps host bits (that is
    /// `cidr-host-bits`' business). Quiet where the apiserver rules already reject the field, and for ratcheted
    /// CIDRs. The apiserver only warns about these forms (or, strict, rejects some); callers drop its warning for a
    /// field this check reports, so the finding with its configurable severity stands alone.
    static func noncanonical(_ judged: [Judged]) -> [Hit] {
        judged.compactMap { judged in
            let canonical = judged.cidr.canonical
            guard canonical != judged.value else { return nil }
            return Hit(
                judged.path, "\(GoQuote.quote(judged.value)) is not in canonical form; write \(GoQuote.quote(canonical))")
        }
    }
}
