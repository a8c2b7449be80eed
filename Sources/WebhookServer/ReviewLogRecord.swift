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

    func forEachField(_ body: (_ key: StaticString, _ value: JSONLogField) -> Void) {
        body("dry_run", .bool(dryRun))
        body("duration_ms", .double(durationMilliseconds))
        body("errors", .int(errors))
        body("kind", .string(kind))
        body("name", .string(name))
        body("namespace", .string(namespace))
        body("operation", .string(operation))
        body("protocol", .string(protocolName))
        body("uid", .string(uid))
        body("verdict", .string(verdict))
        body("warnings", .int(warnings))
    }
}
