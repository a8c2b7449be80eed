import Admission
import Foundation
import HTTP1
import NetworkPolicyValidation
import PolicyChecks

/// One measured step of answering an AdmissionReview: what both the package-benchmark suite (`InProcess`) and the
/// callgrind runner (`InProcessRepeat`) run, so their figures describe the same code.
public struct InProcessStep {
    /// The name BENCHMARKS.md uses for the step (and `InProcessRepeat --only` takes).
    public let name: String
    /// True for steps of a microsecond or less: package-benchmark times them in batches so the clock does not
    /// dominate.
    public let isShort: Bool
    /// Whether the step's cost follows the payload: these run on large.json too.
    public let followsPayloadSize: Bool
    /// One operation; the work is kept alive, so the optimiser cannot drop it.
    public let run: () -> Void
}

@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

extension InProcessStep {
    /// The steps on `payload`, in the order BENCHMARKS.md lists them: decode (whole and in parts), validate, checks,
    /// encode, the whole review without and with the checks, the HTTP/1 head parser and the CIDR parser. What
    /// every step needs beforehand (the decoded review, the defaulted policy, the answer to encode) is made here,
    /// outside the measured closures.
    public static func all(on payload: Payload) -> [InProcessStep] {
        let body = payload.body
        let handler = AdmissionHandler()
        let review: AdmissionReviewRequest
        let outcome: AdmissionHandler.Outcome
        do {
            review = try JSONDecoder().decode(AdmissionReviewRequest.self, from: body)
            outcome = try handler.answer(review.request, apiVersion: review.apiVersion)
        } catch {
            FileHandle.standardError.write(Data("\(payload.name) is not an AdmissionReview: \(error)\n".utf8))
            exit(2)
        }
        guard let object = review.request.object else {
            FileHandle.standardError.write(Data("\(payload.name) has no request.object\n".utf8))
            exit(2)
        }
        let policy = NetworkPolicyValidator.preparedForCreate(NetworkPolicyDefaulter.defaulted(object))
        let sharedDecoder = JSONDecoder()
        let checker = PolicyChecker()
        let checkContext = CheckContext(
            namespaceLabels: CheckContext.labels(ofNamespace: review.request.namespace ?? "default"))
        let checkingHandler = AdmissionHandler(checks: CheckConfiguration())
        let head = Array(
            ("POST /validate?timeout=10s HTTP/1.1\r\nHost: netpol-webhook.netpol-webhook.svc:443\r\n"
                + "Content-Type: application/json\r\nAccept: application/json, */*\r\nContent-Length: \(body.count)\r\n"
                + "User-Agent: kube-apiserver-admission\r\nAccept-Encoding: gzip\r\n\r\n").utf8)
        let parser = HTTP1RequestParser()
        let cidrs = [
            "10.0.0.0/8", "192.168.10.0/24", "2001:db8::/32", "fd00:1234:5678::/48", "172.16.0.0/12", "0.0.0.0/0",
        ]

        func step(_ name: String, short: Bool = false, sized: Bool = false, _ run: @escaping () -> Void)
            -> InProcessStep
        {
            InProcessStep(name: name, isShort: short, followsPayloadSize: sized, run: run)
        }
        return [
            step("decode (Foundation JSONDecoder)", sized: true) {
                blackHole(try! AdmissionReviewRequest.decode(body))
            },
            // The same without skipping annotation values (what a body over 256 KiB gets).
            step("decode, annotation values read") {
                blackHole(try! sharedDecoder.decode(AdmissionReviewRequest.self, from: body))
            },
            // Where JSONDecoder's time goes: the same body decoded into ever larger parts of the model.
            step("decode request.uid only") { blackHole(try! sharedDecoder.decode(UIDOnly.self, from: body)) },
            step("decode uid + object.metadata") {
                blackHole(try! sharedDecoder.decode(MetadataOnly.self, from: body))
            },
            step("decode uid + object.spec") { blackHole(try! sharedDecoder.decode(SpecOnly.self, from: body)) },
            step("validate (create + warnings)") {
                blackHole(NetworkPolicyValidator.validateCreate(policy))
                blackHole(NetworkPolicyValidator.warnings(for: policy))
            },
            step("checks (--rules all)") { blackHole(checker.check(policy, context: checkContext)) },
            step("encode response JSON", short: true) { blackHole(outcome.json) },
            step("review (decode+validate+encode)", sized: true) { blackHole(try! handler.review(body).json) },
            step("review with checks", sized: true) { blackHole(try! checkingHandler.review(body).json) },
            step("HTTP/1 head parse (7 headers)", short: true) { blackHole(parser.parse(head)) },
            step("CIDR parse x6", short: true) { for cidr in cidrs { blackHole(IPNetwork.parseSloppy(cidr)) } },
            step("CIDR validate x6", short: true) {
                for cidr in cidrs { blackHole(CIDRValidation.validateLegacyCIDR(cidr, at: FieldPath.root("cidr"))) }
            },
        ]
    }
}

private struct UIDOnly: Decodable {
    struct Request: Decodable { var uid: String }
    var request: Request
}

// MetadataOnly and SpecOnly differ only in the part they decode, and stay two concrete types: a generic one would add
// generic metadata look-ups (much of JSONDecoder's cost) to what these rows measure, and they must stay comparable
// with earlier runs.
private struct MetadataOnly: Decodable {
    struct Request: Decodable {
        var uid: String
        var object: Object?
    }
    struct Object: Decodable { var metadata: ObjectMeta }
    var request: Request
}

private struct SpecOnly: Decodable {
    struct Request: Decodable {
        var uid: String
        var object: Object?
    }
    struct Object: Decodable { var spec: NetworkPolicySpec }
    var request: Request
}
