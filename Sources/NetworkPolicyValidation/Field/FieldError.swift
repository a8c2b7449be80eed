/// One validation failure on one field, shaped like Kubernetes' `field.Error`
/// (k8s.io/apimachinery/pkg/util/validation/field/errors.go).
public struct FieldError: Hashable, Sendable, CustomStringConvertible {
    /// The error types Kubernetes uses; `reason` is the Status cause reason the apiserver reports.
    public enum Kind: String, Hashable, Sendable {
        case required, invalid, notSupported, forbidden, duplicate, tooLong, tooMany

        /// `metav1.CauseType` of the apiserver's Status causes.
        public var reason: String {
            switch self {
            case .required: "FieldValueRequired"
            case .invalid: "FieldValueInvalid"
            case .notSupported: "FieldValueNotSupported"
            case .forbidden: "FieldValueForbidden"
            case .duplicate: "FieldValueDuplicate"
            case .tooLong: "FieldValueTooLong"
            case .tooMany: "FieldValueTooMany"
            }
        }

        /// `field.ErrorType.String()`.
        public var title: String {
            switch self {
            case .required: "Required value"
            case .invalid: "Invalid value"
            case .notSupported: "Unsupported value"
            case .forbidden: "Forbidden"
            case .duplicate: "Duplicate value"
            case .tooLong: "Too long"
            case .tooMany: "Too many"
            }
        }
    }

    public let kind: Kind
    public let path: FieldPath
    /// The offending value, absent where Kubernetes omits it (Required, Forbidden, TooLong).
    public let value: BadValue?
    public let detail: String

    public init(_ kind: Kind, _ path: FieldPath, value: BadValue? = nil, detail: String = "") {
        self.kind = kind
        self.path = path
        self.value = value
        self.detail = detail
    }

    public static func required(_ path: FieldPath, _ detail: String = "") -> FieldError {
        FieldError(.required, path, detail: detail)
    }

    public static func invalid(_ path: FieldPath, _ value: BadValue, _ detail: String) -> FieldError {
        FieldError(.invalid, path, value: value, detail: detail)
    }

    public static func notSupported(_ path: FieldPath, _ value: BadValue, supported: [String]) -> FieldError {
        let list = supported.map { GoQuote.quote($0) }.joined(separator: ", ")
        return FieldError(.notSupported, path, value: value, detail: "supported values: " + list)
    }

    public static func forbidden(_ path: FieldPath, _ detail: String) -> FieldError {
        FieldError(.forbidden, path, detail: detail)
    }

    public static func tooLong(_ path: FieldPath, _ detail: String) -> FieldError {
        FieldError(.tooLong, path, detail: detail)
    }

    /// `field.Error.ErrorBody()`: the message without the path, as in a Status cause.
    public var body: String {
        var text = kind.title
        switch kind {
        case .required, .forbidden, .tooLong:
            break
        default:
            if let value { text += ": " + value.rendered }
        }
        if !detail.isEmpty { text += ": " + detail }
        return text
    }

    /// `field.Error.Error()`: `<path>: <body>`.
    public var description: String {
        "\(path): \(body)"
    }
}

/// A bad value as `field.Error` prints it: strings Go-quoted, integers bare, lists and objects as compact JSON.
public enum BadValue: Hashable, Sendable {
    case string(String)
    case integer(Int64)
    case stringList([String])
    /// A value already rendered as compact JSON (objects, lists of objects).
    case json(String)

    /// A value of a Go named string type (`api.Protocol`, `PolicyType`, `LabelSelectorOperator`, `types.UID`):
    /// `field.Error` does not match those as `string` and prints them with `json.Marshal` instead of `%q`.
    public static func namedString(_ string: String) -> BadValue {
        .json(JSONText.quote(string))
    }

    public var rendered: String {
        switch self {
        case .string(let string):
            GoQuote.quote(string)
        case .integer(let integer):
            String(integer)
        case .stringList(let list):
            "[" + list.map { JSONText.quote($0) }.joined(separator: ",") + "]"
        case .json(let text):
            text
        }
    }
}

extension [FieldError] {
    /// `self += errors` that leaves the list alone when there is nothing to add, and takes `errors` whole when the
    /// list is empty: appending even nothing to the shared empty array allocates a buffer, and nearly every rule
    /// adds nothing.
    mutating func collect(_ errors: [FieldError]) {
        guard !errors.isEmpty else { return }
        if isEmpty { self = errors } else { self += errors }
    }

    /// `lhs + rhs` without a new buffer when either side is empty.
    static func joined(_ lhs: [FieldError], _ rhs: [FieldError]) -> [FieldError] {
        var errors = lhs
        errors.collect(rhs)
        return errors
    }
}
