internal import COpenSSL

/// A TLS protocol version the server accepts or negotiated.
public enum TLSProtocolVersion: Sendable, Comparable {
    case tls12
    case tls13

    var openSSLValue: Int32 {
        switch self {
        case .tls12: return TLS1_2_VERSION
        case .tls13: return TLS1_3_VERSION
        }
    }
}

/// Where the server's key material lives and which protocols it offers.
public struct TLSConfiguration: Sendable, Equatable {
    /// PEM file holding the leaf certificate followed by any intermediates (Kubernetes `tls.crt`).
    public var certificateChainPath: String
    /// PEM file holding the ECDSA or RSA private key of the leaf certificate (Kubernetes `tls.key`).
    public var privateKeyPath: String
    /// PEM bundle of CAs that sign client certificates; when set, every client must present one that verifies.
    public var clientCAPath: String?
    /// Oldest protocol version accepted.
    public var minimumVersion: TLSProtocolVersion
    /// Offer `h2` in ALPN. When false only `http/1.1` is selected.
    public var enableHTTP2: Bool
    /// Number of sessions kept in the server-side session cache (TLS 1.2 session IDs).
    public var sessionCacheSize: Int
    /// Number of TLS 1.3 session tickets sent after each full handshake. One, as Go's crypto/tls sends: enough
    /// for a client to resume, and each ticket costs ~170k instructions with OpenSSL 3.0 (4% of a request on a
    /// new connection) that clients which never resume, kube-apiserver among them, pay for nothing.
    public var sessionTicketCount: Int

    public init(
        certificateChainPath: String,
        privateKeyPath: String,
        clientCAPath: String? = nil,
        minimumVersion: TLSProtocolVersion = .tls12,
        enableHTTP2: Bool = true,
        sessionCacheSize: Int = 20_480,
        sessionTicketCount: Int = 1
    ) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
        self.minimumVersion = minimumVersion
        self.enableHTTP2 = enableHTTP2
        self.sessionCacheSize = sessionCacheSize
        self.sessionTicketCount = sessionTicketCount
    }

    /// ALPN protocol names the server selects from, most preferred first. `http/1.0` (what `curl --http1.0`
    /// offers) is served by the HTTP/1 handler, as nginx does.
    public var applicationProtocols: [String] {
        enableHTTP2 ? ["h2", "http/1.1", "http/1.0"] : ["http/1.1", "http/1.0"]
    }

    /// Every file the configuration reads, in a fixed order (used to detect changes on disk).
    var paths: [String] {
        [certificateChainPath, privateKeyPath] + (clientCAPath.map { [$0] } ?? [])
    }
}
