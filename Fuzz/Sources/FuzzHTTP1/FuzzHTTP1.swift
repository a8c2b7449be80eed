import CFuzzer
import HTTP1

/// The HTTP/1 request parser and body decoder on arbitrary bytes.
///
/// Properties beyond "does not crash": the parser is restartable (a prefix of a complete head is `.needMoreData`,
/// a prefix of an invalid one is `.needMoreData` or the same error), `consumed` stays within the buffer, and the
/// body decoder fed the rest in two pieces gives the same body as fed at once.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP1(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let parser = HTTP1RequestParser(limits: .init(maxBodyBytes: 64 * 1024))
    let whole = parser.parse(bytes)
    let cut = size == 0 ? 0 : Int(bytes[size - 1]) * size / 256
    let prefix = parser.parse(bytes[..<cut])
    switch whole {
    case .complete(let head, let consumed):
        precondition(consumed > 0 && consumed <= size, "consumed \(consumed) of \(size)")
        if cut < consumed { precondition(prefix == .needMoreData, "prefix \(cut) of a complete head: \(prefix)") }
        decodeBody(bytes[consumed...], framing: head.bodyFraming)
    case .needMoreData:
        precondition(prefix == .needMoreData, "prefix \(cut) of an incomplete head: \(prefix)")
    case .invalid(let error):
        precondition(prefix == .needMoreData || prefix == .invalid(error), "prefix \(cut): \(prefix), whole: \(error)")
    }
    return 0
}

private func decodeBody(_ rest: ArraySlice<UInt8>, framing: HTTPBodyFraming) {
    var once = HTTP1BodyDecoder(framing: framing, maxBodyBytes: 64 * 1024)
    var onceBody: [UInt8] = []
    let onceResult = once.decode(rest, into: &onceBody)
    var split = HTTP1BodyDecoder(framing: framing, maxBodyBytes: 64 * 1024)
    var splitBody: [UInt8] = []
    let middle = rest.startIndex + rest.count / 2
    var splitResult = split.decode(rest[..<middle], into: &splitBody)
    if case .needMoreData = splitResult {
        splitResult = split.decode(rest[middle...], into: &splitBody)
        if case .complete(let consumed) = splitResult { splitResult = .complete(consumed: consumed + rest.count / 2) }
    }
    precondition(onceResult == splitResult, "body at once: \(onceResult), in two pieces: \(splitResult)")
    if case .complete = onceResult { precondition(onceBody == splitBody, "bodies differ") }
}

/// SwiftPM links an executable target's entry point under the name `<module>_main` (and points `main` at it), which
/// leaves out libFuzzer's own `main`; hand the command line to libFuzzer's driver instead.
@_cdecl("FuzzHTTP1_main")
public func fuzzHTTP1Main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzHTTP1(data, size) }
}
