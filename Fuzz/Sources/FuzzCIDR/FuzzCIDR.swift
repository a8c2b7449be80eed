import CFuzzer
import NetworkPolicyValidation

/// The IP and CIDR parser (Go's `ParseIPSloppy` / `ParseCIDRSloppy`) and the CIDR validation built on it.
///
/// Round trip: whatever parses has a canonical rendering that parses back to the same value (`rfc5952Description`
/// for addresses; `IPNet.String` for networks, which unwraps IPv4-mapped networks, so for those the rendering is
/// checked to be a fixed point instead), and a canonical network draws no error and no warning.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCIDR(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let path = FieldPath.root("spec").child("ingress").index(0).child("from").index(0).child("ipBlock", "cidr")

    if let address = IPAddress.parseSloppy(text) {
        let canonical = address.rfc5952Description
        precondition(IPAddress.parseSloppy(canonical) == address, "\(text) -> \(canonical) does not parse back")
        let goText = address.description
        precondition(IPAddress.parseSloppy(goText)?.description == goText, "\(text) -> \(goText) is not a fixed point")
    }

    let strictErrors = CIDRValidation.validateLegacyCIDR(text, at: path)
    let sloppyErrors = CIDRValidation.validateLegacyCIDR(text, at: path, strict: false)
    _ = CIDRValidation.warnings(for: text, at: path)
    if let network = IPNetwork.parseSloppy(text) {
        let canonical = network.description
        let reparsed = IPNetwork.parseSloppy(canonical)
        if network.address.isIPv4Mapped {
            precondition(reparsed?.description == canonical, "\(text) -> \(canonical) is not a fixed point")
        } else {
            precondition(reparsed == network, "\(text) -> \(canonical) parses as \(String(describing: reparsed))")
            precondition(
                CIDRValidation.validateLegacyCIDR(canonical, at: path).isEmpty, "\(canonical) is canonical yet invalid")
            precondition(CIDRValidation.warnings(for: canonical, at: path).isEmpty, "\(canonical) draws a warning")
        }
        _ = network.contains(network.address)
    } else {
        precondition(!sloppyErrors.isEmpty, "\(text) does not parse yet is valid")
    }
    precondition(strictErrors.count >= sloppyErrors.count || !strictErrors.isEmpty || sloppyErrors.isEmpty)
    return 0
}

/// SwiftPM links an executable target's entry point under the name `<module>_main` (and points `main` at it), which
/// leaves out libFuzzer's own `main`; hand the command line to libFuzzer's driver instead.
@_cdecl("FuzzCIDR_main")
public func fuzzCIDRMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzCIDR(data, size) }
}
