/// The rule ids findings carry. A rule id is a plain string in `Finding`; besides these built-in ones, findings
/// of our checks carry the check's id (`PolicyChecks.Check`).
public enum RuleID {
    /// An error the apiserver's NetworkPolicy validation returns (the object would be refused with 422).
    public static let kubernetes = "kubernetes"
    /// A warning the apiserver returns with an accepted NetworkPolicy.
    public static let kubernetesWarning = "kubernetes-warning"
    /// A field the Go type does not have (`unknown field "spec.ingres"`); the apiserver drops it.
    public static let unknownField = "unknown-field"
    /// A key given twice (`duplicate field "spec.podSelector"`); the last one wins.
    public static let duplicateField = "duplicate-field"
    /// A value of the wrong JSON type; the apiserver refuses the body with 400 BadRequest.
    public static let decodeError = "decode-error"
    /// A file that could not be read or parsed as YAML.
    public static let unreadable = "unreadable"

    /// One-line descriptions of the built-in rules, in the order reports list them.
    public static let descriptions: [(id: String, help: String)] = [
        (kubernetes, "The Kubernetes API server would reject this NetworkPolicy (networking.k8s.io/v1 validation)."),
        (kubernetesWarning, "The Kubernetes API server would accept this NetworkPolicy with a warning."),
        (unknownField, "The field does not exist in networking.k8s.io/v1 NetworkPolicy; the API server drops it."),
        (duplicateField, "The field is given more than once; the API server keeps the last value."),
        (decodeError, "The value has the wrong type; the API server cannot decode the object."),
        (unreadable, "The file could not be read or is not valid YAML or JSON."),
    ]
}
