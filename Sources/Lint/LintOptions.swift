import Foundation
import NetworkPolicyValidation
import PolicyChecks

/// What a lint run reports and how hard.
public struct LintOptions: Hashable, Sendable {
    /// Unknown and duplicate fields are errors worded like the apiserver's strict decoding error, as kubectl's
    /// default `--validate=strict` refuses them (the default); false reports them as the warnings the apiserver
    /// gives with `fieldValidation=Warn` (`--allow-unknown-fields`, for `--validate=false` pipelines).
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
        strict: Bool = true, warningsAsErrors: Bool = false, validation: ValidationOptions = ValidationOptions(),
        checks: CheckConfiguration? = nil, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.checks = checks
        self.strict = strict
        self.warningsAsErrors = warningsAsErrors
        self.validation = validation
        self.concurrency = concurrency
    }
}
