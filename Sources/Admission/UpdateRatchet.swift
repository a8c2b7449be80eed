import NetworkPolicyValidation
import PolicyChecks

/// How check findings ratchet on UPDATE, like the apiserver's own rules: a check denies only what the update
/// brings, never what the stored object already had, so an object that breaks a `deny` check (created before the
/// webhook, while it was down with `failurePolicy: Ignore`, before a configuration change, or in a namespace then
/// exempt) can still be labelled, and its finalizers removed once it is being deleted.
enum UpdateRatchet {
    /// `findings` for the UPDATE from `old` to `policy` (both defaulted, namespace set), with every `deny`
    /// finding that is not the update's doing turned into a warning:
    /// - all of them when the object is being deleted (`metadata.deletionTimestamp`): a finalizer's controller
    ///   must be able to let it go;
    /// - all of them when `spec` is unchanged (labels, annotations, finalizers, ownerReferences);
    /// - otherwise those the old object already had (same check, same field).
    /// The apiserver's own errors are not findings and keep their own UPDATE rules.
    static func ratcheted(
        _ findings: [CheckFinding], of policy: NetworkPolicy, old: NetworkPolicy, checker: PolicyChecker
    ) -> [CheckFinding] {
        guard findings.contains(where: { $0.severity == .deny }) else { return findings }
        // The stored object's timestamp: one the update itself brings would not make the object one being deleted.
        let isDeleting = !(old.metadata.deletionTimestamp ?? "").isEmpty
        let keepsEveryDenial = isDeleting || policy.spec == old.spec
        var held: Set<Key> = []
        if !keepsEveryDenial {
            held = Set(checker.check(old, context: CheckContext(scope: .alone)).map(Key.init))
        }
        return findings.map { finding in
            guard finding.severity == .deny, keepsEveryDenial || held.contains(Key(finding)) else { return finding }
            var warning = finding
            warning.severity = .warn
            return warning
        }
    }

    /// What makes two findings the same one across an update: the check and the field.
    private struct Key: Hashable {
        var check: Check
        var path: FieldPath

        init(_ finding: CheckFinding) {
            check = finding.check
            path = finding.path
        }
    }
}
