/// A problem found while decoding an object into its Go type: a field the type does not have, a key given twice,
/// or a value of the wrong JSON type.
struct DecodeIssue: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        /// kubectl's strict field validation: `unknown field "spec.ingres"`.
        case unknownField
        /// kubectl's strict field validation: `duplicate field "spec.podSelector"`.
        case duplicateField
        /// Go's encoding/json `UnmarshalTypeError`; the apiserver refuses the object.
        case typeError
    }

    var kind: Kind
    /// The field path with list indices (`spec.ingress[0].ports[0].port`).
    var field: String
    var message: String
    var position: SourcePosition
}
