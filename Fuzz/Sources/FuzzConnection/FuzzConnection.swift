import CFuzzer
import Foundation
@_spi(Fuzzing) import HTTPServer
import Synchronization
import TLS

/// The connection state machine (HTTPServer's protocol handlers) on arbitrary input: the first byte picks HTTP/1.1
/// or HTTP/2, then each operation byte picks one of: bytes from the client (a length byte, then that many bytes),
/// continue pending work, SIGTERM (drain), the drain window's end, a deadline sweep some seconds on.
///
/// Properties beyond "does not crash": once the handler has asked to close, HTTP/1.1 sends nothing more; every
/// HTTP/1.1 output starts a response (`HTTP/1.1 `); every final HTTP/1.1 response passes through the events hook
/// exactly once.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConnection(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let http2 = bytes[0] & 1 == 1
    let events = CountingEvents()
    let limits = TransportLimits(maxBodyBytes: 4096, requestTimeoutSeconds: 30, idleTimeoutSeconds: 90)
    guard let machine = try? ProtocolStateMachine(http2: http2, responder: Echo(), limits: limits, events: events)
    else { return 0 }
    var index = 1
    var http1Output: [UInt8] = []
    while index < bytes.count {
        let operation = bytes[index] % 5
        index += 1
        let wasClosing = machine.closeRequested
        let output: [UInt8]
        switch operation {
        case 0:
            let length = index < bytes.count ? Int(bytes[index]) : 0
            index += 1
            let end = min(bytes.count, index + length)
            output = machine.receive(index < end ? bytes[index..<end] : [][...])
            index = end
        case 1:
            output = machine.receive([][...])
        case 2:
            output = machine.beginDrain()
        case 3:
            output = machine.endDrainWindow()
        default:
            let seconds = index < bytes.count ? Int(bytes[index]) : 0
            index += 1
            output = machine.checkDeadlines(afterSeconds: seconds)
        }
        guard !http2 else { continue }
        if wasClosing { precondition(output.isEmpty, "output after the handler asked to close") }
        if !output.isEmpty {
            precondition(output.starts(with: Array("HTTP/1.1 ".utf8)), "output that does not start a response")
        }
        http1Output += output
    }
    if !http2 {
        let text = String(decoding: http1Output, as: UTF8.self)
        let finals = text.components(separatedBy: "HTTP/1.1 ").dropFirst().filter { !$0.hasPrefix("100 ") }.count
        // A body may itself contain "HTTP/1.1 " (the echo), so the text can only show at least as many.
        precondition(finals >= events.responses.load(ordering: .relaxed), "a response counted but not sent")
    }
    return 0
}

/// Answers every request with 200 and its body.
struct Echo: Responder {
    func respond(to request: HTTPRequest) -> HTTPResponse {
        HTTPResponse(status: 200, body: Array(request.body))
    }
}

final class CountingEvents: ServerEvents {
    let responses = Atomic(0)
    func responded(status: Int, protocolName: String) { responses.add(1, ordering: .relaxed) }
    func connectionEntered(protocolName: String) {}
    func connectionLeft(protocolName: String) {}
    func streamRefused() {}
    func handshakeFailed(_ error: TLSError) {}
    func errorIgnored(site: String, error: String) {}
    func lifecycle(_ event: ServerLifecycleEvent) {}
}

/// SwiftPM links an executable target's entry point under the name `<module>_main` (and points `main` at it), which
/// leaves out libFuzzer's own `main`; hand the command line to libFuzzer's driver instead.
@_cdecl("FuzzConnection_main")
public func fuzzConnectionMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzConnection(data, size) }
}
