import Foundation
import NetworkPolicyValidation
import PolicyChecks

/// AdmissionReview in, AdmissionReview out: decodes with Foundation's `JSONDecoder`, defaults, validates and
/// builds the response. Thread-safe; one instance serves every connection.
public final class AdmissionHandler: Sendable {
    /// What one review came to, for the response body and for logs and metrics.
    public struct Outcome: Sendable {
        public var apiVersion: String
        public var request: AdmissionRequest
        public var response: AdmissionResponse
        /// True when the request was about something this webhook does not judge (other kinds, DELETE, CONNECT).
        public var skipped: Bool
        /// The apiserver's errors, the apiserver's warnings (given only when there is no error), and the findings
        /// of our checks as answered (on UPDATE after the ratchet turned some `deny` into `warn`; with
        /// `apiserverWarnsFirst`, without the warnings that would repeat the apiserver's), for metrics and logs.
        public var errors: [FieldError] = []
        public var apiserverWarnings: [String] = []
        public var checkFindings: [CheckFinding] = []

        /// The response AdmissionReview as JSON text.
        public var json: String { response.reviewJSON(apiVersion: apiVersion) }
        /// `json` as UTF-8, made without a String in between.
        public var jsonBytes: [UInt8] { response.reviewJSONBytes(apiVersion: apiVersion) }
    }

    /// A body that is not an AdmissionReview this webhook can answer.
    public struct DecodeError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public let options: ValidationOptions
    /// Our own checks; nil for exactly the apiserver's rules (`--rules kubernetes`).
    public let checks: CheckConfiguration?
    /// True when a kube-apiserver calls this handler (`serve`): the apiserver has already given its own warnings
    /// for the object before calling its webhooks, so a check's warning about a field the apiserver warns about
    /// is dropped rather than said twice. False (`review`, lint) keeps the check's warning in place of the
    /// apiserver's.
    public let apiserverWarnsFirst: Bool

    public init(
        options: ValidationOptions = ValidationOptions(), checks: CheckConfiguration? = nil,
        apiserverWarnsFirst: Bool = false
    ) {
        self.options = options
        self.checks = checks
        self.apiserverWarnsFirst = apiserverWarnsFirst
    }

    /// Decodes (with Foundation's `JSONDecoder`, `AdmissionReviewRequest.decode(_:)`) and answers one AdmissionReview.
    public func review(_ body: Data) throws(DecodeError) -> Outcome {
        let review: AdmissionReviewRequest
        do {
            review = try AdmissionReviewRequest.decode(body)
        } catch let error as DecodingError {
            throw DecodeError(description: Self.describe(error))
        } catch {
            throw DecodeError(description: "\(error)")
        }
        return try answer(review)
    }

    private func answer(_ review: AdmissionReviewRequest) throws(DecodeError) -> Outcome {
        guard review.kind == "AdmissionReview" else {
            throw DecodeError(description: "kind \(GoQuote.quote(review.kind)) is not AdmissionReview")
        }
        guard AdmissionReviewRequest.supportedAPIVersions.contains(review.apiVersion) else {
            throw DecodeError(
                description: "apiVersion \(GoQuote.quote(review.apiVersion)) is not one of "
                    + AdmissionReviewRequest.supportedAPIVersions.joined(separator: ", "))
        }
        return try answer(review.request, apiVersion: review.apiVersion)
    }

    /// Answers a decoded request.
    public func answer(_ request: AdmissionRequest, apiVersion: String = "admission.k8s.io/v1")
        throws(DecodeError) -> Outcome
    {
        guard request.kind.isNetworkPolicy, request.operation == "CREATE" || request.operation == "UPDATE" else {
            return Outcome(
                apiVersion: apiVersion, request: request, response: AdmissionResponse(uid: request.uid, allowed: true),
                skipped: true)
        }
        guard let object = request.object else {
            throw DecodeError(description: "request.object: required for \(request.operation) of a NetworkPolicy")
        }
        var policy = NetworkPolicyDefaulter.defaulted(object)
        if (policy.metadata.namespace ?? "").isEmpty, let namespace = request.namespace {
            policy.metadata.namespace = namespace
        }
        if (policy.metadata.name ?? "").isEmpty, let name = request.name {
            policy.metadata.name = name
        }
        let errors: [FieldError]
        var old: NetworkPolicy?
        // Parsed once for the rules, the checks and the warnings: on a policy of many ipBlocks, parsing for each cost
        // more than what each then did. CREATE's preparation below touches only the metadata.
        let cidrs = SpecCIDRs(policy.spec)
        if request.operation == "UPDATE" {
            guard let oldObject = request.oldObject else {
                throw DecodeError(description: "request.oldObject: required for UPDATE of a NetworkPolicy")
            }
            var oldPolicy = NetworkPolicyDefaulter.defaulted(oldObject)
            if (oldPolicy.metadata.namespace ?? "").isEmpty { oldPolicy.metadata.namespace = policy.metadata.namespace }
            errors = NetworkPolicyValidator.validateUpdate(policy, old: oldPolicy, options: options, cidrs: cidrs)
            old = oldPolicy
        } else {
            // Name generation and `generation: 1` happen before validation; the denial names the generated name.
            policy = NetworkPolicyValidator.preparedForCreate(policy)
            errors = NetworkPolicyValidator.validateCreate(policy, options: options, cidrs: cidrs)
        }
        var findings: [CheckFinding] = []
        if let checks {
            let checker = PolicyChecker(configuration: checks)
            // No API client: of the namespace's labels only the automatic name label is known (README, Checks).
            let context = CheckContext(
                apiserverErrorPaths: Set(errors.map(\.path)),
                ratchetedCIDRs: old.map { Set(SpecRules.cidrs(of: $0.spec).map(\.value)) } ?? [], scope: .alone)
            findings = checker.check(policy, context: context, cidrs: cidrs)
            if let old {
                findings = UpdateRatchet.ratcheted(findings, of: policy, old: old, checker: checker)
            }
        }
        var apiserverWarnings: [String] = []
        if errors.isEmpty {
            if apiserverWarnsFirst {
                // The apiserver has said these already; ours about the same fields would repeat them.
                let warned = NetworkPolicyValidator.cidrWarnings(of: cidrs)
                apiserverWarnings = warned.map(\.message)
                let paths = Set(warned.map(\.path))
                findings.removeAll { $0.severity == .warn && paths.contains($0.path) }
            } else {
                apiserverWarnings = Self.apiserverWarnings(of: cidrs, replacedBy: findings).map(\.message)
            }
        }
        let denials = findings.filter { $0.severity == .deny }
        let checkWarnings = findings.filter { $0.severity == .warn }.map(\.message)
        let response: AdmissionResponse
        if errors.isEmpty && denials.isEmpty {
            response = AdmissionResponse(
                uid: request.uid, allowed: true, warnings: WarningLimits.apply(apiserverWarnings + checkWarnings))
        } else {
            response = .invalid(
                uid: request.uid, name: policy.metadata.name ?? "", errors: errors, checks: denials,
                warnings: WarningLimits.apply(apiserverWarnings + checkWarnings))
        }
        return Outcome(
            apiVersion: apiVersion, request: request, response: response, skipped: false, errors: errors,
            apiserverWarnings: apiserverWarnings, checkFindings: findings)
    }

    /// The apiserver's warnings for an accepted `policy`, without those about a CIDR that a finding of
    /// `cidr-host-bits` or `cidr-noncanonical` already reports (same field, same problem, once).
    static func apiserverWarnings(for policy: NetworkPolicy, replacedBy findings: [CheckFinding]) -> [String] {
        apiserverWarnings(of: policy.spec, replacedBy: findings).map(\.message)
    }

    /// `apiserverWarnings(for:replacedBy:)` with the field each is about (lint locates them).
    public static func apiserverWarnings(of spec: NetworkPolicySpec, replacedBy findings: [CheckFinding])
        -> [(path: FieldPath, message: String)]
    {
        apiserverWarnings(of: SpecCIDRs(spec), replacedBy: findings)
    }

    /// `apiserverWarnings(of:replacedBy:)` of the spec `cidrs` was made from.
    public static func apiserverWarnings(of cidrs: SpecCIDRs, replacedBy findings: [CheckFinding])
        -> [(path: FieldPath, message: String)]
    {
        let warnings = NetworkPolicyValidator.cidrWarnings(of: cidrs)
        guard !warnings.isEmpty else { return [] }
        let reported = Set(findings.filter { $0.check == .cidrHostBits || $0.check == .cidrNoncanonical }.map(\.path))
        return warnings.filter { !reported.contains($0.path) }
    }

    /// A one-line account of a decoding failure naming the field, e.g.
    /// `request.object.spec.ingress[0].ports[0].port: expected an integer or a string`.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    if !text.isEmpty { text += "." }
                    text += key.stringValue
                }
            }
            return text.isEmpty ? "body" : text
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type)): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type)), found null"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required field is missing"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return "body is not valid JSON: \(context.debugDescription)"
            }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int32.Type, is Int64.Type, is Int.Type: "an integer"
        case is IntOrString.Type: "an integer or a string"
        default: "\(type)"
        }
    }
}
