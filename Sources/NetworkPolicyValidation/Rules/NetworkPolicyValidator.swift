/// The apiserver's NetworkPolicy validation: `ValidateNetworkPolicy` on CREATE, the update composition on UPDATE,
/// and the warnings returned with accepted requests. Pure: value in, errors out.
public enum NetworkPolicyValidator {
    /// Errors for a CREATE of `policy` (already defaulted), in the apiserver's order: metadata, then spec.
    public static func validateCreate(_ policy: NetworkPolicy, options: ValidationOptions = ValidationOptions())
        -> [FieldError]
    {
        MetadataRules.validate(policy.metadata, at: .root("metadata"))
            + SpecRules.validate(policy.spec, at: .root("spec"), options: options)
    }

    /// Errors for an UPDATE from `old` to `policy` (both defaulted). Mirrors `rest.BeforeUpdate`: the system
    /// fields the apiserver copies from the stored object are copied first, then generic metadata validation,
    /// metadata update validation and `ValidateNetworkPolicyUpdate` with the options `old` ratchets.
    public static func validateUpdate(
        _ policy: NetworkPolicy, old: NetworkPolicy, options: ValidationOptions = ValidationOptions()
    ) -> [FieldError] {
        var meta = policy.metadata
        if (meta.uid ?? "").isEmpty { meta.uid = old.metadata.uid }
        if !(old.metadata.creationTimestamp ?? "").isEmpty { meta.creationTimestamp = old.metadata.creationTimestamp }
        if !(old.metadata.deletionTimestamp ?? "").isEmpty { meta.deletionTimestamp = old.metadata.deletionTimestamp }
        if meta.deletionGracePeriodSeconds == nil { meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds }
        meta.generation = old.metadata.generation
        if (meta.resourceVersion ?? "").isEmpty { meta.resourceVersion = old.metadata.resourceVersion }

        let ratcheted = ratchetingOptions(old: old, base: options)
        return MetadataRules.validateAccessor(meta, at: .root("metadata"), nameValidator: { name, _ in
            NameRules.pathSegmentName(name)
        })
            + MetadataRules.validateUpdate(meta, old: old.metadata, at: .root("metadata"))
            + SpecRules.validate(policy.spec, at: .root("spec"), options: ratcheted)
    }

    /// `ValidationOptionsForNetworking` plus the CIDR ratchet (`AllowCIDRsEvenIfInvalid`): what the old object
    /// already held stays acceptable.
    public static func ratchetingOptions(old: NetworkPolicy, base: ValidationOptions = ValidationOptions())
        -> ValidationOptions
    {
        var options = base
        let oldSelectorErrors = LabelSelectorRules.validate(
            old.spec.podSelector ?? LabelSelector(), at: FieldPath(), allowInvalidLabelValue: false)
        if !oldSelectorErrors.isEmpty {
            options.allowInvalidLabelValueInSelector = true
        }
        options.ratchetedCIDRs.formUnion(SpecRules.cidrs(of: old.spec).map(\.value))
        return options
    }

    /// Warnings the apiserver returns with an accepted write of `policy`: the CIDR warnings of every ipBlock
    /// `cidr` and `except`, ingress first, then egress.
    public static func warnings(for policy: NetworkPolicy) -> [String] {
        SpecRules.cidrs(of: policy.spec).flatMap { CIDRValidation.warnings(for: $0.value, at: $0.path) }
    }
}
