internal import COpenSSL

/// Settings for the client side of a connection: used by tests and loopback checks, never by the server path.
public struct TLSClientConfiguration: Sendable {
    /// CA bundle that must sign the server's certificate; nil disables server verification.
    public var trustRootsPath: String?
    /// Client certificate chain and key, for servers that require one.
    public var certificateChainPath: String?
    public var privateKeyPath: String?
    /// ALPN names offered, most preferred first; empty sends no ALPN extension.
    public var applicationProtocols: [String]
    public var minimumVersion: TLSProtocolVersion
    public var maximumVersion: TLSProtocolVersion

    public init(
        trustRootsPath: String? = nil,
        certificateChainPath: String? = nil,
        privateKeyPath: String? = nil,
        applicationProtocols: [String] = [],
        minimumVersion: TLSProtocolVersion = .tls12,
        maximumVersion: TLSProtocolVersion = .tls13
    ) {
        self.trustRootsPath = trustRootsPath
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.applicationProtocols = applicationProtocols
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
    }
}

/// A client `SSL_CTX`; immutable once built, so shareable across threads like `TLSContext`.
public final class TLSClientContext: @unchecked Sendable {
    let context: OpaquePointer

    public init(configuration: TLSClientConfiguration) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw .configuration(OpenSSLErrorQueue.drain(fallback: "SSL_CTX_new failed"))
        }
        var built = false
        defer { if !built { SSL_CTX_free(context) } }

        guard shim_SSL_CTX_set_min_proto_version(context, configuration.minimumVersion.openSSLValue) == 1,
            shim_SSL_CTX_set_max_proto_version(context, configuration.maximumVersion.openSSLValue) == 1
        else {
            throw .configuration(OpenSSLErrorQueue.drain(fallback: "protocol versions refused"))
        }
        if !configuration.applicationProtocols.isEmpty {
            var wire: [UInt8] = []
            for name in configuration.applicationProtocols {
                wire.append(UInt8(name.utf8.count))
                wire.append(contentsOf: name.utf8)
            }
            // The one OpenSSL setter that returns 0 on success.
            guard SSL_CTX_set_alpn_protos(context, wire, UInt32(wire.count)) == 0 else {
                throw .configuration("ALPN list refused")
            }
        }
        if let path = configuration.trustRootsPath {
            let authorities = PEM.certificates(try TLSMaterial.readFile(path))
            defer { for certificate in authorities { X509_free(certificate) } }
            guard !authorities.isEmpty else {
                throw .invalidCertificate(path: path, reason: "no PEM certificate found")
            }
            let store = SSL_CTX_get_cert_store(context)
            for authority in authorities { X509_STORE_add_cert(store, authority) }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        }
        if let chainPath = configuration.certificateChainPath, let keyPath = configuration.privateKeyPath {
            let chain = PEM.certificates(try TLSMaterial.readFile(chainPath))
            defer { for certificate in chain { X509_free(certificate) } }
            guard let leaf = chain.first, SSL_CTX_use_certificate(context, leaf) == 1 else {
                throw .invalidCertificate(path: chainPath, reason: OpenSSLErrorQueue.drain(fallback: "no certificate"))
            }
            let (key, reason) = PEM.privateKey(try TLSMaterial.readFile(keyPath))
            guard let key else { throw .invalidPrivateKey(path: keyPath, reason: reason) }
            defer { EVP_PKEY_free(key) }
            guard SSL_CTX_use_PrivateKey(context, key) == 1, SSL_CTX_check_private_key(context) == 1 else {
                throw .keyMismatch(
                    certificatePath: chainPath, keyPath: keyPath,
                    reason: OpenSSLErrorQueue.drain(fallback: "key does not match certificate"))
            }
        }
        self.context = context
        built = true
    }

    deinit {
        SSL_CTX_free(context)
    }
}

extension TLSConnection {
    /// A client-side connection. `serverName` is sent as SNI and checked against the server certificate's SANs
    /// when the context verifies the server; `session` is offered for resumption.
    public convenience init(
        clientContext: TLSClientContext, serverName: String?, resuming session: TLSSession? = nil
    ) throws(TLSError) {
        try self.init(sslContext: clientContext.context, owner: clientContext, isServer: false)
        if let serverName {
            _ = shim_SSL_set_tlsext_host_name(ssl, serverName)
            _ = SSL_set1_host(ssl, serverName)
        }
        if let session {
            _ = SSL_set_session(ssl, session.session)
        }
    }
}
