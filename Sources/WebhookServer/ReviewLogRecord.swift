import Logging
import NetworkPolicyValidation

/// The line `serve` logs for every review it answers.
struct ReviewLogRecord: JSONLogRecord {
    var uid: String
    var operation: String
    var kind: String
    var namespace: String
    var name: String
    var verdict: String
    var errors: Int
    var warnings: Int
    var dryRun: Bool
    var protocolName: String
    var durationMilliseconds: Double

    var metadata: Logger.Metadata {
        [
            "uid": .string(uid),
            "operation": .string(operation),
            "kind": .string(kind),
            "namespace": .string(namespace),
            "name": .string(name),
            "verdict": .string(verdict),
            "errors": .stringConvertible(errors),
            "warnings": .stringConvertible(warnings),
            "dry_run": .stringConvertible(dryRun),
            "protocol": .string(protocolName),
            "duration_ms": .stringConvertible(durationMilliseconds),
        ]
    }

    func appendFields(into line: inout [UInt8]) {
        Self.appendKey("dry_run", into: &line)
        JSONLogHandler.render(dryRun, into: &line)
        Self.appendKey("duration_ms", into: &line)
        JSONLogHandler.render(durationMilliseconds, into: &line)
        Self.appendKey("errors", into: &line)
        JSONLogHandler.render(errors, into: &line)
        Self.appendKey("kind", into: &line)
        JSONText.appendQuoted(kind, to: &line)
        Self.appendKey("name", into: &line)
        JSONText.appendQuoted(name, to: &line)
        Self.appendKey("namespace", into: &line)
        JSONText.appendQuoted(namespace, to: &line)
        Self.appendKey("operation", into: &line)
        JSONText.appendQuoted(operation, to: &line)
        Self.appendKey("protocol", into: &line)
        JSONText.appendQuoted(protocolName, to: &line)
        Self.appendKey("uid", into: &line)
        JSONText.appendQuoted(uid, to: &line)
        Self.appendKey("verdict", into: &line)
        JSONText.appendQuoted(verdict, to: &line)
        Self.appendKey("warnings", into: &line)
        JSONLogHandler.render(warnings, into: &line)
    }
}
