/// The apiserver's NetworkPolicy validation: `ValidateNetworkPolicy` on CREATE, the update composition on UPDATE,
/// and the warnings returned with accepted requests. Pure: value in, errors out.
public enum NetworkPolicyValidator {
    /// Errors for a CREATE of `policy` (already defaulted), in the apiserver's order: metadata, then spec. The
    /// object is first prepared as the apiserver prepares it (`preparedForCreate`).
    public static func validateCreate(_ policy: NetworkPolicy, options: ValidationOptions = ValidationOptions())
        -> [FieldError]
    {
        validateCreate(policy, options: options, cidrs: SpecCIDRs(policy.spec))
    }

    /// `validateCreate(_:options:)` with the spec's CIDR strings already parsed (`cidrs`, made from `policy.spec`).
    public static func validateCreate(_ policy: NetworkPolicy, options: ValidationOptions, cidrs: SpecCIDRs)
        -> [FieldError]
    {
        // Only the metadata is prepared: copying the whole policy for it cost more than some rules.
        return [FieldError].joined(
            MetadataRules.validate(preparedForCreate(policy.metadata), at: .root("metadata")),
            SpecRules.validate(policy.spec, at: .root("spec"), options: options, cidrs: cidrs))
    }

    /// The suffix standing in for the 5 random characters of `names.SimpleNameGenerator`; every character of its
    /// alphabet is a lowercase alphanumeric, so the validity of a generated name never depends on them.
    public static let generatedNameSuffix = "xxxxx"

    /// What the apiserver does to a new object before strategy validation: a name is generated from
    /// `generateName` when `name` is empty (the prefix cut to 58 bytes, then 5 random characters), and
    /// `PrepareForCreate` sets `generation` to 1.
    public static func preparedForCreate(_ policy: NetworkPolicy) -> NetworkPolicy {
        var policy = policy
        policy.metadata = preparedForCreate(policy.metadata)
        return policy
    }

    /// `preparedForCreate(_:)` of the metadata alone.
    static func preparedForCreate(_ metadata: ObjectMeta) -> ObjectMeta {
        var metadata = metadata
        if (metadata.name ?? "").isEmpty, let base = metadata.generateName, !base.isEmpty {
            let bytes = Array(base.utf8)
            let prefix = bytes.count > 58 ? String(decoding: bytes.prefix(58), as: UTF8.self) : base
            metadata.name = prefix + generatedNameSuffix
        }
        metadata.generation = 1
        return metadata
    }

    /// Errors for an UPDATE from `old` to `policy` (both defaulted). Mirrors `rest.BeforeUpdate`: the system
    /// fields the apiserver copies from the stored object are copied first; then `validateCommonFields`
    /// (`ValidateObjectMetaAccessor` with the path-segment name rule, `ValidateObjectMetaAccessorUpdate`), then
    /// the strategy's `ValidateNetworkPolicyUpdate`, which runs `ValidateObjectMetaUpdate` (the same update checks
    /// again, plus the kube finalizer names) and `ValidateNetworkPolicySpec` with the options `old` ratchets. An
    /// update error therefore appears twice among the causes (once in the aggregated message).
    public static func validateUpdate(
        _ policy: NetworkPolicy, old: NetworkPolicy, options: ValidationOptions = ValidationOptions()
    ) -> [FieldError] {
        validateUpdate(policy, old: old, options: options, cidrs: SpecCIDRs(policy.spec))
    }

    /// `validateUpdate(_:old:options:)` with the new spec's CIDR strings already parsed (`cidrs`, made from
    /// `policy.spec`).
    public static func validateUpdate(
        _ policy: NetworkPolicy, old: NetworkPolicy, options: ValidationOptions, cidrs: SpecCIDRs
    ) -> [FieldError] {
        var meta = policy.metadata
        if (meta.uid ?? "").isEmpty { meta.uid = old.metadata.uid }
        if !(old.metadata.creationTimestamp ?? "").isEmpty { meta.creationTimestamp = old.metadata.creationTimestamp }
        if !(old.metadata.deletionTimestamp ?? "").isEmpty { meta.deletionTimestamp = old.metadata.deletionTimestamp }
        if meta.deletionGracePeriodSeconds == nil {
            meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds
        }
        meta.generation = old.metadata.generation
        if (meta.resourceVersion ?? "").isEmpty { meta.resourceVersion = old.metadata.resourceVersion }

        let ratcheted = ratchetingOptions(old: old, base: options)
        let metadata = FieldPath.root("metadata")
        let updateErrors = MetadataRules.validateUpdate(meta, old: old.metadata, at: metadata)
        return MetadataRules.validateAccessor(meta, at: metadata, nameValidator: NameRules.pathSegmentName)
            + updateErrors
            + updateErrors + MetadataRules.validateKubeFinalizers(meta, at: metadata)
            + SpecRules.validate(policy.spec, at: .root("spec"), options: ratcheted, cidrs: cidrs)
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
        cidrWarnings(of: policy.spec).map(\.message)
    }

    /// `warnings(for:)` with the field each is about, for callers that drop some (a check reporting the same
    /// field) or locate them (lint). Paths are made only for the CIDRs that draw a warning.
    public static func cidrWarnings(of spec: NetworkPolicySpec) -> [(path: FieldPath, message: String)] {
        cidrWarnings(of: SpecCIDRs(spec))
    }

    /// `cidrWarnings(of:)` of the spec `cidrs` was made from.
    public static func cidrWarnings(of cidrs: SpecCIDRs) -> [(path: FieldPath, message: String)] {
        // Nearly every policy's values are all plain, and then none is looked at again.
        guard !cidrs.areAllPlain else { return [] }
        var found: [(path: FieldPath, message: String)] = []
        for value in cidrs.values {
            guard let cidr = value.cidr else { continue }
            for message in CIDRValidation.warnings(for: value.text, parsed: cidr, at: value.path) {
                found.append((value.path, message))
            }
        }
        return found
    }
}
