internal import COpenSSL

/// A server `SSL_CTX` built from one certificate/key pair; immutable once built.
///
/// Thread safety: after `init` returns nothing mutates the context's settings, and OpenSSL locks the parts that do
/// change (session cache, reference counts), so loops on several threads may create connections from it at once.
/// A reload builds a new context; connections keep the one they started with.
public final class TLSContext: @unchecked Sendable {
    public let configuration: TLSConfiguration
    /// The leaf certificate's notAfter, Unix seconds (for an expiry metric).
    public let certificateNotAfter: Int64
    /// The leaf certificate's serial number, uppercase hex (for logs after a reload).
    public let certificateSerial: String
    /// The leaf certificate's subject, RFC 2253.
    public let certificateSubject: String

    /// SHA-256 of the PEM bytes this context was built from.
    let fingerprint: [UInt8]
    let context: OpaquePointer
    /// ALPN names in wire form, most preferred first; read by the select callback.
    let applicationProtocols: [[UInt8]]

    /// TLS 1.2 suites: ECDHE for forward secrecy, AEAD only (Mozilla "intermediate" without the DHE entries).
    /// TLS 1.3 suites are OpenSSL's defaults, all of which are AEAD.
    static let tls12CipherList = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    /// TLS 1.3 suites in Go's crypto/tls order, chosen by the server (`SSL_OP_CIPHER_SERVER_PREFERENCE`): OpenSSL
    /// clients list AES-256-GCM-SHA384 first, and its SHA-384 key schedule, transcript and ticket MAC cost a new
    /// connection ~0.2M instructions more than AES-128-GCM-SHA256 (callgrind, `Benchmarks/instructions.sh ... close`).
    static let tls13CipherSuites = "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384"

    /// Reads the files named by `configuration` and builds a context from them.
    public convenience init(configuration: TLSConfiguration) throws(TLSError) {
        try self.init(configuration: configuration, material: TLSMaterial.read(configuration))
    }

    init(configuration: TLSConfiguration, material: TLSMaterial) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw .configuration(OpenSSLErrorQueue.drain(fallback: "SSL_CTX_new failed"))
        }
        // From here every throw must free the context; deinit does not run for a failed init.
        var built = false
        defer { if !built { SSL_CTX_free(context) } }

        try Self.configureProtocol(context, minimumVersion: configuration.minimumVersion)
        let leaf = try Self.useCertificateChain(context, material.certificateChain, configuration)
        try Self.usePrivateKey(context, material.privateKey, configuration)
        if let clientCA = material.clientCA, let path = configuration.clientCAPath {
            try Self.requireClientCertificates(context, clientCA, path: path)
        }
        Self.enableSessionResumption(context, configuration)

        self.configuration = configuration
        self.context = context
        self.fingerprint = material.fingerprint
        self.certificateNotAfter = PEM.notAfter(leaf)
        self.certificateSerial = PEM.serialHex(leaf)
        self.certificateSubject = PEM.subject(leaf)
        self.applicationProtocols = configuration.applicationProtocols.map { Array($0.utf8) }
        built = true
        // The callback reads `applicationProtocols` through an unretained pointer: every SSL made from this
        // context is owned by a TLSConnection that retains this object, so it outlives every handshake.
        SSL_CTX_set_alpn_select_cb(context, tlsContextSelectALPN, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        SSL_CTX_free(context)
    }

    private static func configureProtocol(_ context: OpaquePointer, minimumVersion: TLSProtocolVersion)
        throws(TLSError)
    {
        guard shim_SSL_CTX_set_min_proto_version(context, minimumVersion.openSSLValue) == 1,
            SSL_CTX_set_cipher_list(context, tls12CipherList) == 1,
            SSL_CTX_set_ciphersuites(context, tls13CipherSuites) == 1,
            shim_SSL_CTX_set1_groups_list(context, "X25519:P-256:P-384") == 1
        else {
            throw .configuration(OpenSSLErrorQueue.drain(fallback: "protocol settings refused"))
        }
        // Renegotiation is a CPU-exhaustion lever for clients and HTTP/2 forbids it (RFC 9113 section 9.2.1).
        _ = SSL_CTX_set_options(
            context,
            shim_SSL_OP_NO_COMPRESSION() | shim_SSL_OP_NO_RENEGOTIATION() | shim_SSL_OP_CIPHER_SERVER_PREFERENCE())
        // Idle keep-alive connections should not pin 34 KiB of record buffers each.
        _ = shim_SSL_CTX_set_mode(
            context, shim_SSL_MODE_RELEASE_BUFFERS() | shim_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER())
    }

    /// Installs the leaf and its intermediates; returns the leaf (owned by the context).
    private static func useCertificateChain(
        _ context: OpaquePointer, _ pem: [UInt8], _ configuration: TLSConfiguration
    ) throws(TLSError) -> OpaquePointer {
        let path = configuration.certificateChainPath
        let certificates = PEM.certificates(pem)
        guard let leaf = certificates.first else {
            throw .invalidCertificate(path: path, reason: "no PEM certificate found")
        }
        defer { X509_free(leaf) }  // SSL_CTX_use_certificate takes its own reference.
        guard SSL_CTX_use_certificate(context, leaf) == 1 else {
            for certificate in certificates.dropFirst() { X509_free(certificate) }
            throw .invalidCertificate(path: path, reason: OpenSSLErrorQueue.drain(fallback: "certificate refused"))
        }
        for (index, intermediate) in certificates.dropFirst().enumerated() {
            guard shim_SSL_CTX_add0_chain_cert(context, intermediate) == 1 else {
                for certificate in certificates.dropFirst(index + 1) { X509_free(certificate) }
                throw .invalidCertificate(
                    path: path, reason: OpenSSLErrorQueue.drain(fallback: "intermediate certificate refused"))
            }
        }
        return SSL_CTX_get0_certificate(context)
    }

    private static func usePrivateKey(_ context: OpaquePointer, _ pem: [UInt8], _ configuration: TLSConfiguration)
        throws(TLSError)
    {
        let (key, reason) = PEM.privateKey(pem)
        guard let key else {
            throw .invalidPrivateKey(path: configuration.privateKeyPath, reason: reason)
        }
        defer { EVP_PKEY_free(key) }
        // SSL_CTX_use_PrivateKey already refuses a key whose public half differs from the certificate's; the
        // explicit check below keeps that contract even if a future OpenSSL only warns.
        guard SSL_CTX_use_PrivateKey(context, key) == 1, SSL_CTX_check_private_key(context) == 1 else {
            throw .keyMismatch(
                certificatePath: configuration.certificateChainPath, keyPath: configuration.privateKeyPath,
                reason: OpenSSLErrorQueue.drain(fallback: "key does not match certificate"))
        }
    }

    private static func requireClientCertificates(_ context: OpaquePointer, _ pem: [UInt8], path: String)
        throws(TLSError)
    {
        let authorities = PEM.certificates(pem)
        defer { for certificate in authorities { X509_free(certificate) } }
        guard !authorities.isEmpty else {
            throw .invalidClientCA(path: path, reason: "no PEM certificate found")
        }
        let store = SSL_CTX_get_cert_store(context)
        for authority in authorities {
            // Both calls take their own copy or reference.
            guard X509_STORE_add_cert(store, authority) == 1, SSL_CTX_add_client_CA(context, authority) == 1 else {
                throw .invalidClientCA(path: path, reason: OpenSSLErrorQueue.drain(fallback: "CA refused"))
            }
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        SSL_CTX_set_verify_depth(context, 4)
    }

    private static func enableSessionResumption(_ context: OpaquePointer, _ configuration: TLSConfiguration) {
        // TLS 1.2 resumes from the server-side cache by session ID; TLS 1.3 (and 1.2 clients that ask) by
        // stateless tickets encrypted with this context's ticket key, so tickets do not survive a reload.
        _ = shim_SSL_CTX_set_session_cache_mode(context, shim_SSL_SESS_CACHE_SERVER())
        _ = shim_SSL_CTX_sess_set_cache_size(context, configuration.sessionCacheSize)
        _ = SSL_CTX_set_num_tickets(context, configuration.sessionTicketCount)
        // Required for resumption whenever client certificates are verified; otherwise OpenSSL refuses to
        // resume ("session id context uninitialized") and fails the handshake.
        let sessionContext = Array("netpol-webhook".utf8)
        _ = SSL_CTX_set_session_id_context(context, sessionContext, UInt32(sessionContext.count))
    }
}

/// ALPN selection (RFC 7301 section 3.2): the server's preference wins; no overlap is a fatal alert, no ALPN
/// extension at all means the caller falls back to HTTP/1.1.
private func tlsContextSelectALPN(
    ssl: OpaquePointer?,
    out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
    outLength: UnsafeMutablePointer<UInt8>?,
    offered: UnsafePointer<UInt8>?,
    offeredLength: UInt32,
    argument: UnsafeMutableRawPointer?
) -> Int32 {
    guard let argument, let out, let outLength, let offered else { return SSL_TLSEXT_ERR_NOACK }
    let context = Unmanaged<TLSContext>.fromOpaque(argument).takeUnretainedValue()
    let client = UnsafeBufferPointer(start: offered, count: Int(offeredLength))
    for preferred in context.applicationProtocols {
        var index = 0
        while index < client.count {
            let length = Int(client[index])
            let start = index + 1
            guard start + length <= client.count else { return SSL_TLSEXT_ERR_ALERT_FATAL }
            if length == preferred.count && client[start..<start + length].elementsEqual(preferred) {
                // Points into the client's list, which OpenSSL copies as soon as this returns.
                out.pointee = offered + start
                outLength.pointee = UInt8(length)
                return SSL_TLSEXT_ERR_OK
            }
            index = start + length
        }
    }
    return SSL_TLSEXT_ERR_ALERT_FATAL
}
