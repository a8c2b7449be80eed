import CFuzzer
import Admission
import Foundation
import PolicyChecks

/// AdmissionReview decoding, defaulting, validation and response building on arbitrary bytes, with the apiserver's
/// rules alone and with our default checks. A body either fails to decode with a message or gets an answer whose
/// JSON parses back and carries the request's uid.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAdmission(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let body = Data(bytes: data, count: size)
    for handler in handlers {
        do {
            let outcome = try handler.review(body)
            let json = outcome.json
            guard
                let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
                let response = object["response"] as? [String: Any]
            else { preconditionFailure("the answer is not a JSON AdmissionReview: \(json)") }
            precondition(response["uid"] as? String == outcome.request.uid, "uid not echoed: \(json)")
            precondition(response["allowed"] is Bool, "no allowed field: \(json)")
        } catch {
            precondition(!error.description.isEmpty, "empty decode error")
        }
    }
    return 0
}

private let handlers = [AdmissionHandler(), AdmissionHandler(checks: CheckConfiguration())]

/// SwiftPM links an executable target's entry point under the name `<module>_main` (and points `main` at it), which
/// leaves out libFuzzer's own `main`; hand the command line to libFuzzer's driver instead.
@_cdecl("FuzzAdmission_main")
public func fuzzAdmissionMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzAdmission(data, size) }
}
