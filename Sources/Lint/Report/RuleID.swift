/// The rule ids findings carry. A rule id is a plain string in `Finding`; besides these built-in ones, findings
/// of our checks carry the check's id (`PolicyChecks.Check`).
public enum RuleID {
    /// An error the apiserver's NetworkPolicy validation returns (the object would be refused with 422).
    public static let kubernetes = "kubernetes"
    /// A warning the apiserver returns with an accepted NetworkPolicy.
    public static let kubernetesWarning = "kubernetes-warning"
    /// A field the Go type does not have (`unknown field "spec.ingres"`): strict decoding (kubectl's default)
    /// refuses the object, a non-strict apiserver drops the field.
    public static let unknownField = "unknown-field"
    /// A key given twice (`duplicate field "spec.podSelector"`): strict decoding refuses the object, a non-strict
    /// apiserver keeps the last value.
    public static let duplicateField = "duplicate-field"
    /// A value of the wrong JSON type; the apiserver refuses the body with 400 BadRequest.
    public static let decodeError = "decode-error"
    /// A file that could not be read or parsed as YAML.
    public static let unreadable = "unreadable"

    /// One-line descriptions of the built-in rules, in the order reports list them.
    public static let descriptions: [(id: String, help: String)] = [
        (kubernetes, "The Kubernetes API server would reject this NetworkPolicy (networking.k8s.io/v1 validation)."),
        (kubernetesWarning, "The Kubernetes API server would accept this NetworkPolicy with a warning."),
        (
            unknownField,
            "The field does not exist in networking.k8s.io/v1 NetworkPolicy; kubectl apply refuses it (strict decoding)."
        ),
        (duplicateField, "The field is given more than once; kubectl apply refuses it (strict decoding)."),
        (decodeError, "The value has the wrong type; the API server cannot decode the object."),
        (unreadable, "The file could not be read or is not valid YAML or JSON."),
    ]
}
