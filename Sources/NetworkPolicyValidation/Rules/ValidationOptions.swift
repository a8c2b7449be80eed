/// Switches that change what the apiserver accepts: feature gates and UPDATE ratcheting.
public struct ValidationOptions: Hashable, Sendable {
    /// The StrictIPCIDRValidation feature gate (beta, on by default in Kubernetes 1.36).
    public var strictCIDRValidation: Bool
    /// Set on UPDATE when the old object's `spec.podSelector` fails validation: invalid label values inside
    /// `matchExpressions` are then tolerated (`AllowInvalidLabelValueInSelector`).
    public var allowInvalidLabelValueInSelector: Bool
    /// CIDR strings of the old object, accepted verbatim on UPDATE (`AllowCIDRsEvenIfInvalid`).
    public var ratchetedCIDRs: Set<String>

    public init(
        strictCIDRValidation: Bool = true, allowInvalidLabelValueInSelector: Bool = false,
        ratchetedCIDRs: Set<String> = []
    ) {
        self.strictCIDRValidation = strictCIDRValidation
        self.allowInvalidLabelValueInSelector = allowInvalidLabelValueInSelector
        self.ratchetedCIDRs = ratchetedCIDRs
    }
}
