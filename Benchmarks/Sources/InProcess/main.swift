import Admission
import Foundation
import HTTP1
import NetworkPolicyValidation
import PolicyChecks

/// Nanoseconds per operation (median of 7 batches) for each step of answering one AdmissionReview, plus the HTTP/1
/// head parser and the CIDR parser. Payload: the first argument, default ../shared/peers/payloads/typical.json.
var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(index...(index + 1)) }
    return arguments[index + 1]
}
let only = option("--only")
let fixedIterations = option("--iterations").flatMap(Int.init)
let here = URL(fileURLWithPath: #filePath)
let defaultPayload = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/peers/payloads/typical.json").path
let path = arguments.first ?? defaultPayload
guard let body = FileManager.default.contents(atPath: path) else {
    FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
    exit(2)
}
let bytes = [UInt8](body)

@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

@MainActor func measure(_ name: String, _ body: () -> Void) {
    if let only, only != name { return }
    if let fixedIterations {
        for _ in 0..<fixedIterations { body() }
        print("\(name): \(fixedIterations) iterations")
        return
    }
    // Calibrate to ~20 ms a batch.
    var iterations = 1
    while true {
        let start = ContinuousClock.now
        for _ in 0..<iterations { body() }
        if ContinuousClock.now - start > .milliseconds(20) { break }
        iterations *= 2
    }
    var samples: [Double] = []
    for _ in 0..<7 {
        let start = ContinuousClock.now
        for _ in 0..<iterations { body() }
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        samples.append((Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(iterations))
    }
    samples.sort()
    let median = samples[3]
    let text = median >= 10_000 ? String(format: "%10.1f us", median / 1000) : String(format: "%10.0f ns", median)
    print("\(name.padding(toLength: 34, withPad: " ", startingAt: 0)) \(text)/op")
}

let handler = AdmissionHandler()
let review = try! JSONDecoder().decode(AdmissionReviewRequest.self, from: body)
let policy = NetworkPolicyValidator.preparedForCreate(NetworkPolicyDefaulter.defaulted(review.request.object!))
let outcome = try! handler.answer(review.request, apiVersion: review.apiVersion)

print("payload: \(path) (\(bytes.count) bytes)")
measure("decode (Foundation JSONDecoder)") { blackHole(try! JSONDecoder().decode(AdmissionReviewRequest.self, from: body)) }
// Where JSONDecoder's time goes: the same body decoded into ever larger parts of the model.
struct UIDOnly: Decodable {
    struct Request: Decodable { var uid: String }
    var request: Request
}
struct MetadataOnly: Decodable {
    struct Request: Decodable { var uid: String; var object: Object? }
    struct Object: Decodable { var metadata: ObjectMeta }
    var request: Request
}
struct SpecOnly: Decodable {
    struct Request: Decodable { var uid: String; var object: Object? }
    struct Object: Decodable { var spec: NetworkPolicySpec }
    var request: Request
}
let sharedDecoder = JSONDecoder()
measure("decode request.uid only") { blackHole(try! sharedDecoder.decode(UIDOnly.self, from: body)) }
measure("decode uid + object.metadata") { blackHole(try! sharedDecoder.decode(MetadataOnly.self, from: body)) }
measure("decode uid + object.spec") { blackHole(try! sharedDecoder.decode(SpecOnly.self, from: body)) }
measure("validate (create + warnings)") {
    blackHole(NetworkPolicyValidator.validateCreate(policy))
    blackHole(NetworkPolicyValidator.warnings(for: policy))
}
let checker = PolicyChecker()
let checkContext = CheckContext(namespaceLabels: CheckContext.labels(ofNamespace: review.request.namespace ?? "default"))
measure("checks (--rules all)") { blackHole(checker.check(policy, context: checkContext)) }
measure("encode response JSON") { blackHole(outcome.json) }
measure("review (decode+validate+encode)") { blackHole(try! handler.review(body).json) }
let checkingHandler = AdmissionHandler(checks: CheckConfiguration())
measure("review with checks") { blackHole(try! checkingHandler.review(body).json) }

let head = Array(
    ("POST /validate?timeout=10s HTTP/1.1\r\nHost: netpol-webhook.netpol-webhook.svc:443\r\n"
        + "Content-Type: application/json\r\nAccept: application/json, */*\r\nContent-Length: \(bytes.count)\r\n"
        + "User-Agent: kube-apiserver-admission\r\nAccept-Encoding: gzip\r\n\r\n").utf8)
let parser = HTTP1RequestParser()
measure("HTTP/1 head parse (7 headers)") { blackHole(parser.parse(head)) }

let cidrs = ["10.0.0.0/8", "192.168.10.0/24", "2001:db8::/32", "fd00:1234:5678::/48", "172.16.0.0/12", "0.0.0.0/0"]
measure("CIDR parse x6") { for cidr in cidrs { blackHole(IPNetwork.parseSloppy(cidr)) } }
measure("CIDR validate x6") {
    for cidr in cidrs { blackHole(CIDRValidation.validateLegacyCIDR(cidr, at: FieldPath.root("cidr"))) }
}
