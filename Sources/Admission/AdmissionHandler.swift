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
        /// of our checks, for metrics and logs.
        public var errors: [FieldError] = []
        public var apiserverWarnings: [String] = []
        public var checkFindings: [CheckFinding] = []

        /// The response AdmissionReview as JSON text.
        public var json: String { response.reviewJSON(apiVersion: apiVersion) }
    }

    /// A body that is not an AdmissionReview this webhook can answer.
    public struct DecodeError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public let options: ValidationOptions
    /// Our own checks; nil for exactly the apiserver's rules (`--rules kubernetes`).
    public let checks: CheckConfiguration?

    public init(options: ValidationOptions = ValidationOptions(), checks: CheckConfiguration? = nil) {
        self.options = options
        self.checks = checks
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
        var ratchetedCIDRs: Set<String> = []
        if request.operation == "UPDATE" {
            guard let oldObject = request.oldObject else {
                throw DecodeError(description: "request.oldObject: required for UPDATE of a NetworkPolicy")
            }
            let old = NetworkPolicyDefaulter.defaulted(oldObject)
            errors = NetworkPolicyValidator.validateUpdate(policy, old: old, options: options)
            ratchetedCIDRs = Set(SpecRules.cidrs(of: old.spec).map(\.value))
        } else {
            // Name generation and `generation: 1` happen before validation; the denial names the generated name.
            policy = NetworkPolicyValidator.preparedForCreate(policy)
            errors = NetworkPolicyValidator.validateCreate(policy, options: options)
        }
        var findings: [CheckFinding] = []
        if let checks {
            // No API client: of the namespace's labels only the automatic name label is known (README, Checks).
            let context = CheckContext(
                apiserverErrorPaths: Set(errors.map(\.path)), ratchetedCIDRs: ratchetedCIDRs, scope: .alone)
            findings = PolicyChecker(configuration: checks).check(policy, context: context)
        }
        let denials = findings.filter { $0.severity == .deny }
        let checkWarnings = findings.filter { $0.severity == .warn }.map(\.message)
        var apiserverWarnings: [String] = []
        let response: AdmissionResponse
        if errors.isEmpty {
            apiserverWarnings = Self.apiserverWarnings(for: policy, replacedBy: findings)
        }
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
        let warnings = NetworkPolicyValidator.cidrWarnings(of: spec)
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
