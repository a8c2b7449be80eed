/// What a check's finding does: `deny` refuses the object in `serve` and is an error in `lint`; `warn` becomes an
/// AdmissionReview warning or a lint warning; `off` switches the check off.
public enum CheckSeverity: String, CaseIterable, Hashable, Sendable {
    case deny
    case warn
    case off
}
