internal import COpenSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses PEM bytes already in memory into OpenSSL objects. Callers own (and must free) what is returned.
enum PEM {
    /// Every certificate in `bytes`, in file order; empty when there is none.
    static func certificates(_ bytes: [UInt8]) -> [OpaquePointer] {
        withMemoryBIO(bytes) { bio in
            var certificates: [OpaquePointer] = []
            while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) {
                certificates.append(certificate)
            }
            // The loop always ends on a "no start line" error at end of input: expected, not a failure.
            OpenSSLErrorQueue.clear()
            return certificates
        }
    }

    /// The private key in `bytes`, or nil with the reason. Encrypted keys are refused rather than prompted for.
    static func privateKey(_ bytes: [UInt8]) -> (key: OpaquePointer?, reason: String) {
        withMemoryBIO(bytes) { bio in
            // Without a callback OpenSSL would prompt on the terminal for a passphrase; a server must just fail.
            let key = PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
            let reason = key == nil ? OpenSSLErrorQueue.drain(fallback: "no PEM private key found") : ""
            return (key, reason)
        }
    }

    private static func withMemoryBIO<Result>(_ bytes: [UInt8], _ body: (OpaquePointer) -> Result) -> Result {
        bytes.withUnsafeBytes { raw in
            // BIO_new_mem_buf does not copy: the BIO must not outlive this closure.
            let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count))!
            defer { BIO_free(bio) }
            return body(bio)
        }
    }

    /// notAfter of `certificate` as Unix seconds.
    static func notAfter(_ certificate: OpaquePointer) -> Int64 {
        guard let time = X509_get0_notAfter(certificate) else { return 0 }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return 0 }
        return Int64(timegm(&parts))
    }

    /// Serial number as uppercase hex, the way `openssl x509 -serial` prints it.
    static func serialHex(_ certificate: OpaquePointer) -> String {
        guard let serial = X509_get_serialNumber(certificate), let number = ASN1_INTEGER_to_BN(serial, nil) else {
            return ""
        }
        defer { BN_free(number) }
        guard let hex = BN_bn2hex(number) else { return "" }
        defer { shim_OPENSSL_free(hex) }
        return String(cString: hex)
    }

    /// Subject name in RFC 2253 form (`CN=client,O=example`).
    static func subject(_ certificate: OpaquePointer) -> String {
        guard let name = X509_get_subject_name(certificate), let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        X509_NAME_print_ex(bio, name, 0, shim_XN_FLAG_RFC2253())
        let length = Int(BIO_ctrl_pending(bio))
        var buffer = [UInt8](repeating: 0, count: length)
        let read = BIO_read(bio, &buffer, Int32(length))
        return String(decoding: buffer.prefix(Int(max(read, 0))), as: UTF8.self)
    }
}
