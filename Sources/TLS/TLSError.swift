/// Why a TLS operation failed, with a one-line reason suitable for a log line or a startup error.
public enum TLSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A certificate, key or CA file could not be read from disk.
    case unreadableFile(path: String, reason: String)
    /// The certificate chain PEM did not parse, or held no certificate.
    case invalidCertificate(path: String, reason: String)
    /// The private key PEM did not parse.
    case invalidPrivateKey(path: String, reason: String)
    /// The private key does not belong to the leaf certificate (SSL_CTX_check_private_key).
    case keyMismatch(certificatePath: String, keyPath: String, reason: String)
    /// The client CA bundle did not parse, or held no certificate.
    case invalidClientCA(path: String, reason: String)
    /// OpenSSL refused a context setting (cipher list, version, groups).
    case configuration(String)
    /// The handshake failed: bad client certificate, no shared cipher or version, a malformed record.
    case handshakeFailed(String)
    /// A record failed after the handshake (bad MAC, unexpected message).
    case protocolError(String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason): return "cannot read \(path): \(reason)"
        case .invalidCertificate(let path, let reason): return "invalid certificate chain in \(path): \(reason)"
        case .invalidPrivateKey(let path, let reason): return "invalid private key in \(path): \(reason)"
        case .keyMismatch(let certificatePath, let keyPath, let reason):
            return "private key \(keyPath) does not match certificate \(certificatePath): \(reason)"
        case .invalidClientCA(let path, let reason): return "invalid client CA bundle in \(path): \(reason)"
        case .configuration(let reason): return "TLS configuration rejected: \(reason)"
        case .handshakeFailed(let reason): return "TLS handshake failed: \(reason)"
        case .protocolError(let reason): return "TLS protocol error: \(reason)"
        }
    }
}
