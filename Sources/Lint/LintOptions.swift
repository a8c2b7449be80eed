import Foundation
import NetworkPolicyValidation
import PolicyChecks

/// What a lint run reports and how hard.
public struct LintOptions: Hashable, Sendable {
    /// Unknown and duplicate fields are errors instead of warnings (kubectl's `--validate=strict`).
    public var strict: Bool
    /// Every warning is reported as an error.
    public var warningsAsErrors: Bool
    /// Feature gates of the apiserver being imitated.
    public var validation: ValidationOptions
    /// Our own checks; nil for exactly the apiserver's rules (`--rules kubernetes`).
    public var checks: CheckConfiguration?
    /// Files processed at once; 1 runs on the calling thread.
    public var concurrency: Int

    public init(
        strict: Bool = false, warningsAsErrors: Bool = false, validation: ValidationOptions = ValidationOptions(),
        checks: CheckConfiguration? = nil, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.checks = checks
        self.strict = strict
        self.warningsAsErrors = warningsAsErrors
        self.validation = validation
        self.concurrency = concurrency
    }
}
