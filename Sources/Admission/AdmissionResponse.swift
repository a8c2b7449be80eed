import NetworkPolicyValidation
import PolicyChecks

/// The answer to one AdmissionReview: allowed, or denied with the apiserver's 422 Status.
public struct AdmissionResponse: Hashable, Sendable {
    /// `metav1.Status` of a denial, shaped like the apiserver's own `errors.NewInvalid`.
    public struct Status: Hashable, Sendable {
        public var code: Int
        public var reason: String
        public var message: String
        public var name: String
        public var group: String
        public var kind: String
        public var causes: [FieldError]
        /// Denials of our own checks, after the apiserver's errors: cause `reason` `FieldValueInvalid`, `message`
        /// `[<id>] <detail>`, `field` the path.
        public var checkCauses: [CheckFinding] = []
    }

    public var uid: String
    public var allowed: Bool
    public var status: Status?
    public var warnings: [String]

    public init(uid: String, allowed: Bool, status: Status? = nil, warnings: [String] = []) {
        self.uid = uid
        self.allowed = allowed
        self.status = status
        self.warnings = warnings
    }

    /// The denial the apiserver itself would give for `errors` on the NetworkPolicy `name`, with the `deny`
    /// findings of our checks after them (`checks`). Without checks, byte for byte the apiserver's.
    public static func invalid(
        uid: String, name: String, errors: [FieldError], checks: [CheckFinding] = [], warnings: [String] = []
    ) -> AdmissionResponse {
        var status = Status(
            code: 422, reason: "Invalid", message: invalidMessage(name: name, errors: errors, checks: checks),
            name: name, group: "networking.k8s.io", kind: "NetworkPolicy", causes: errors)
        status.checkCauses = checks
        return AdmissionResponse(uid: uid, allowed: false, status: status, warnings: warnings)
    }

    /// The cause reason of a check's denial.
    public static let checkCauseReason = "FieldValueInvalid"

    /// `errors.NewInvalid(...).Error()`: `NetworkPolicy.networking.k8s.io "NAME" is invalid: ` and the aggregate of
    /// the error texts (one text alone; several distinct ones in brackets, joined by ", ", repeats dropped). Check
    /// denials follow as `<path>: [<id>] <detail>`, the same `field: cause message` shape.
    public static func invalidMessage(name: String, errors: [FieldError], checks: [CheckFinding] = []) -> String {
        var seen = Set<String>()
        var texts: [String] = []
        for text in errors.map(\.description) + checks.map(checkText) {
            if seen.insert(text).inserted { texts.append(text) }
        }
        let aggregate = texts.count == 1 ? texts[0] : "[" + texts.joined(separator: ", ") + "]"
        return "NetworkPolicy.networking.k8s.io \(GoQuote.quote(name)) is invalid: " + aggregate
    }

    /// A check denial in the aggregate message: `<path>: [<id>] <detail>`.
    static func checkText(_ finding: CheckFinding) -> String {
        finding.path.elements.isEmpty ? finding.causeMessage : "\(finding.path): \(finding.causeMessage)"
    }

    /// The whole response AdmissionReview as compact JSON, echoing the request's `apiVersion`.
    public func reviewJSON(apiVersion: String) -> String {
        String(decoding: reviewJSONBytes(apiVersion: apiVersion), as: UTF8.self)
    }

    /// `reviewJSON(apiVersion:)` as UTF-8, written into one buffer (what `serve` sends): the String built by
    /// concatenation made a temporary per piece, 10k instructions for a typical answer.
    public func reviewJSONBytes(apiVersion: String) -> [UInt8] {
        var json: [UInt8] = []
        json.reserveCapacity(160 + uid.utf8.count + warnings.reduce(0) { $0 + $1.utf8.count + 3 })
        json.appendLiteral("{\"apiVersion\":")
        JSONText.appendQuoted(apiVersion, to: &json)
        json.appendLiteral(",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":")
        JSONText.appendQuoted(uid, to: &json)
        json.appendLiteral(allowed ? ",\"allowed\":true" : ",\"allowed\":false")
        if let status {
            json.appendLiteral(",\"status\":{\"metadata\":{},\"status\":\"Failure\",\"message\":")
            JSONText.appendQuoted(status.message, to: &json)
            json.appendLiteral(",\"reason\":")
            JSONText.appendQuoted(status.reason, to: &json)
            json.appendLiteral(",\"details\":{")
            // `StatusDetails` fields are all `omitempty`: an object without a name has no `name` key.
            if !status.name.isEmpty {
                json.appendLiteral("\"name\":")
                JSONText.appendQuoted(status.name, to: &json)
                json.appendLiteral(",")
            }
            json.appendLiteral("\"group\":")
            JSONText.appendQuoted(status.group, to: &json)
            json.appendLiteral(",\"kind\":")
            JSONText.appendQuoted(status.kind, to: &json)
            let causes =
                status.causes.map { ($0.kind.reason, $0.body, $0.path.description) }
                + status.checkCauses.map { (Self.checkCauseReason, $0.causeMessage, $0.path.description) }
            if !causes.isEmpty {
                json.appendLiteral(",\"causes\":[")
                for (index, (reason, message, field)) in causes.enumerated() {
                    json.appendLiteral(index == 0 ? "{\"reason\":" : ",{\"reason\":")
                    JSONText.appendQuoted(reason, to: &json)
                    json.appendLiteral(",\"message\":")
                    JSONText.appendQuoted(message, to: &json)
                    json.appendLiteral(",\"field\":")
                    JSONText.appendQuoted(field, to: &json)
                    json.appendLiteral("}")
                }
                json.appendLiteral("]")
            }
            json.appendLiteral("},\"code\":")
            json += String(status.code).utf8
            json.appendLiteral("}")
        }
        if !warnings.isEmpty {
            json.appendLiteral(",\"warnings\":[")
            for (index, warning) in warnings.enumerated() {
                if index > 0 { json.appendLiteral(",") }
                JSONText.appendQuoted(warning, to: &json)
            }
            json.appendLiteral("]")
        }
        json.appendLiteral("}}")
        return json
    }
}

extension [UInt8] {
    /// Appends a literal's UTF-8 in one copy.
    fileprivate mutating func appendLiteral(_ literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }
}
