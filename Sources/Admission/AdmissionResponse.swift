import NetworkPolicyValidation

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

    /// The denial the apiserver itself would give for `errors` on the NetworkPolicy `name`.
    public static func invalid(uid: String, name: String, errors: [FieldError], warnings: [String] = [])
        -> AdmissionResponse
    {
        let status = Status(
            code: 422, reason: "Invalid", message: invalidMessage(name: name, errors: errors), name: name,
            group: "networking.k8s.io", kind: "NetworkPolicy", causes: errors)
        return AdmissionResponse(uid: uid, allowed: false, status: status, warnings: warnings)
    }

    /// `errors.NewInvalid(...).Error()`: `NetworkPolicy.networking.k8s.io "NAME" is invalid: ` and the aggregate of
    /// the error texts (one text alone; several distinct ones in brackets, joined by ", ", repeats dropped).
    public static func invalidMessage(name: String, errors: [FieldError]) -> String {
        var seen = Set<String>()
        var texts: [String] = []
        for error in errors {
            let text = error.description
            if seen.insert(text).inserted { texts.append(text) }
        }
        let aggregate = texts.count == 1 ? texts[0] : "[" + texts.joined(separator: ", ") + "]"
        return "NetworkPolicy.networking.k8s.io \(GoQuote.quote(name)) is invalid: " + aggregate
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
            if !status.causes.isEmpty {
                json += ",\"causes\":["
                json += status.causes.map { cause in
                    "{\"reason\":" + JSONText.quote(cause.kind.reason) + ",\"message\":" + JSONText.quote(cause.body)
                        + ",\"field\":" + JSONText.quote(cause.path.description) + "}"
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
