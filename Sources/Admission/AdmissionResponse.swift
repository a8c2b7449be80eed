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
        var json = "{\"apiVersion\":" + JSONText.quote(apiVersion) + ",\"kind\":\"AdmissionReview\",\"response\":{"
        json += "\"uid\":" + JSONText.quote(uid) + ",\"allowed\":" + (allowed ? "true" : "false")
        if let status {
            json += ",\"status\":{\"metadata\":{},\"status\":\"Failure\",\"message\":" + JSONText.quote(status.message)
            json += ",\"reason\":" + JSONText.quote(status.reason)
            // `StatusDetails` fields are all `omitempty`: an object without a name has no `name` key.
            var details: [String] = []
            if !status.name.isEmpty { details.append("\"name\":" + JSONText.quote(status.name)) }
            details.append("\"group\":" + JSONText.quote(status.group))
            details.append("\"kind\":" + JSONText.quote(status.kind))
            json += ",\"details\":{" + details.joined(separator: ",")
            let causes =
                status.causes.map { ($0.kind.reason, $0.body, $0.path.description) }
                + status.checkCauses.map { (Self.checkCauseReason, $0.causeMessage, $0.path.description) }
            if !causes.isEmpty {
                json += ",\"causes\":["
                json += causes.map { reason, message, field in
                    "{\"reason\":" + JSONText.quote(reason) + ",\"message\":" + JSONText.quote(message)
                        + ",\"field\":" + JSONText.quote(field) + "}"
                }.joined(separator: ",")
                json += "]"
            }
            json += "},\"code\":\(status.code)}"
        }
        if !warnings.isEmpty {
            json += ",\"warnings\":[" + warnings.map(JSONText.quote).joined(separator: ",") + "]"
        }
        return json + "}}"
    }
}
