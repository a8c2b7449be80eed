/// The apiserver's NetworkPolicy validation: `ValidateNetworkPolicy` on CREATE, the update composition on UPDATE,
/// and the warnings returned with accepted requests. Pure: value in, errors out.
public enum NetworkPolicyValidator {
    /// Errors for a CREATE of `policy` (already defaulted), in the apiserver's order.
    public static func validateCreate(_ policy: NetworkPolicy, options: ValidationOptions = ValidationOptions())
        -> [FieldError]
    {
        []
    }

    /// Errors for an UPDATE from `old` to `policy` (both defaulted), with ratcheting derived from `old`.
    public static func validateUpdate(
        _ policy: NetworkPolicy, old: NetworkPolicy, options: ValidationOptions = ValidationOptions()
    ) -> [FieldError] {
        []
    }

    /// Warnings the apiserver returns with an accepted write of `policy`.
    public static func warnings(for policy: NetworkPolicy) -> [String] {
        []
    }
}
