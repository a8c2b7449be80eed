import CFuzzer
import HTTP2

/// An nghttp2 server session, as the webhook configures it, fed raw bytes after the client preface.
///
/// The input is split into reads at the positions its own bytes choose, the clock advances a little per read (so the
/// flood limits are exercised deterministically), every request is answered with a body (echoing up to 64 KiB, so
/// flow control matters), and the session is drained gracefully at the end. Invariants: the session never
/// produces output after it has finished, and a failed receive leaves it finished.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP2(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    var now: UInt64 = 1_000_000_000
    var configuration = HTTP2Configuration()
    configuration.maxBodySize = 256 << 10
    var answer: ((HTTP2Request) -> Void)?
    let session: HTTP2ServerSession
    do {
        session = try HTTP2ServerSession(configuration: configuration, clock: { now }) { answer?($0) }
    } catch {
        preconditionFailure("session creation failed: \(error)")
    }
    answer = { [unowned session] request in
        let body = request.body.isEmpty ? Array(request.path.utf8) : Array(request.body.prefix(64 << 10))
        _ = session.respond(
            streamID: request.streamID, status: request.method == "POST" ? 200 : 404,
            headers: [HTTP2Header("content-type", "application/json")], body: body)
    }
    _ = session.pendingOutput()
    let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
    var stream = preface + input
    // The first byte picks the read size, as a socket would cut the stream.
    let readSize = 1 + Int(input.first ?? 0) * 4
    var offset = 0
    var failed = false
    while offset < stream.count {
        let end = min(stream.count, offset + readSize)
        let result = stream[offset..<end].withUnsafeBytes { session.receive($0) }
        offset = end
        now += 7_000_000
        _ = session.pendingOutput(limit: 16 << 10)
        if case .failed = result {
            failed = true
            break
        }
    }
    stream.removeAll()
    if failed {
        precondition(session.isFinished, "a failed receive left the session running")
    } else {
        session.beginGracefulShutdown()
        _ = session.pendingOutput()
        session.finishGracefulShutdown()
        _ = session.pendingOutput()
    }
    return 0
}

/// SwiftPM links an executable target's entry point under the name `<module>_main` (and points `main` at it), which
/// leaves out libFuzzer's own `main`; hand the command line to libFuzzer's driver instead.
@_cdecl("FuzzHTTP2_main")
public func fuzzHTTP2Main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzHTTP2(data, size) }
}
