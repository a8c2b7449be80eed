internal import COpenSSL

/// One TLS connection driven entirely through memory: the caller feeds ciphertext read from the socket and drains
/// ciphertext to write to it. This type never touches a file descriptor.
///
/// Not thread-safe: a connection belongs to the event loop that accepted it. Each call clears the calling
/// thread's OpenSSL error queue first, so a connection may move between threads between calls.
///
/// After any call, including a failed handshake (which queues an alert), send `drainCiphertext()` to the peer.
public final class TLSConnection {
    /// Outcome of `handshake()`.
    public enum HandshakeResult: Equatable, Sendable {
        case complete
        /// Feed more ciphertext (after sending whatever `drainCiphertext()` returns) and call again.
        case wantMoreData
        case failed(TLSError)
    }

    /// Outcome of `readPlaintext(into:)`.
    public enum ReadResult: Equatable, Sendable {
        /// This many bytes were appended to the buffer; call again, more may be decryptable.
        case data(Int)
        /// Every complete record has been consumed; feed more ciphertext.
        case wantMoreData
        /// The peer sent close_notify.
        case closed
        case failed(TLSError)
    }

    /// Outcome of `writePlaintext(_:)`.
    public enum WriteResult: Equatable, Sendable {
        /// All bytes were encrypted into the outgoing buffer.
        case complete
        /// The handshake is not finished; nothing was written.
        case wantMoreData
        case failed(TLSError)
    }

    let ssl: OpaquePointer
    /// Ciphertext from the peer, read by OpenSSL; owned by `ssl`.
    private let inbound: OpaquePointer
    /// Ciphertext to the peer, written by OpenSSL; owned by `ssl`.
    private let outbound: OpaquePointer
    /// Keeps the SSL_CTX and the ALPN callback's state alive for this connection's lifetime, so a reload that
    /// drops the old context from the store does not pull it from under live connections.
    private let owner: AnyObject
    private var handshakeDone = false

    /// A server-side connection using `context` (take it from `TLSContextStore.current` at accept time).
    public convenience init(context: TLSContext) throws(TLSError) {
        try self.init(sslContext: context.context, owner: context, isServer: true)
    }

    init(sslContext: OpaquePointer, owner: AnyObject, isServer: Bool) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(sslContext) else {
            throw .configuration(OpenSSLErrorQueue.drain(fallback: "SSL_new failed"))
        }
        guard let inbound = BIO_new(BIO_s_mem()), let outbound = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw .configuration(OpenSSLErrorQueue.drain(fallback: "BIO_new failed"))
        }
        // A memory BIO reports "retry" when empty (its EOF return is -1 by default), which is what turns an
        // empty inbound buffer into SSL_ERROR_WANT_READ rather than an EOF.
        SSL_set_bio(ssl, inbound, outbound)
        if isServer { SSL_set_accept_state(ssl) } else { SSL_set_connect_state(ssl) }
        self.ssl = ssl
        self.inbound = inbound
        self.outbound = outbound
        self.owner = owner
    }

    deinit {
        SSL_free(ssl)  // Frees both BIOs.
    }

    /// Appends ciphertext received from the peer. The bytes are copied.
    public func feed(_ ciphertext: UnsafeRawBufferPointer) {
        guard let base = ciphertext.baseAddress, ciphertext.count > 0 else { return }
        // A memory BIO grows without bound and only fails on allocation failure.
        var written = 0
        _ = BIO_write_ex(inbound, base, ciphertext.count, &written)
    }

    /// Appends ciphertext received from the peer. The bytes are copied.
    public func feed(_ ciphertext: [UInt8]) {
        ciphertext.withUnsafeBytes { feed($0) }
    }

    /// Advances the handshake with whatever ciphertext has been fed.
    public func handshake() -> HandshakeResult {
        if handshakeDone { return .complete }
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            handshakeDone = true
            return .complete
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wantMoreData
        default:
            return .failed(.handshakeFailed(failureReason()))
        }
    }

    /// Decrypts as much fed ciphertext as possible, appending plaintext to `buffer`.
    public func readPlaintext(into buffer: inout [UInt8]) -> ReadResult {
        // One TLS record's worth of plaintext at a time, into uninitialised scratch space (on the stack).
        withUnsafeTemporaryAllocation(byteCount: 16_384, alignment: 16) { chunk in
            var total = 0
            while true {
                switch readPlaintext(into: chunk) {
                case .data(let count):
                    buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[..<count]))
                    total += count
                case .failed(let error):
                    return .failed(error)
                case let stop:
                    // Want more data, or close_notify: the plaintext before it first, the stop on the next call.
                    return total > 0 ? .data(total) : stop
                }
            }
        }
    }

    /// Decrypts fed ciphertext into `space` (the caller's memory, so the plaintext is not copied again), record
    /// by record until it is full or no complete record is left. `.data(count)`: the first `count` bytes of `space`
    /// hold plaintext; call again, more may be decryptable.
    public func readPlaintext(into space: UnsafeMutableRawBufferPointer) -> ReadResult {
        // Nothing fed and nothing buffered: SSL_read could only say "want read". Asking anyway cost two failed
        // SSL_read_ex calls per request (one after the body's record, one when the connection asked again).
        guard hasUnreadInput else { return .wantMoreData }
        OpenSSLErrorQueue.clear()
        var total = 0
        while total < space.count {
            if total > 0 && !hasUnreadInput { break }
            var count = 0
            let result = SSL_read_ex(ssl, space.baseAddress! + total, space.count - total, &count)
            if result == 1 {
                total += count
                continue
            }
            let error = SSL_get_error(ssl, result)
            // Deliver what was decrypted before reporting what stopped us; the next call reports it again.
            if total > 0 && error != SSL_ERROR_SSL { return .data(total) }
            switch error {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return .wantMoreData
            case SSL_ERROR_ZERO_RETURN:
                return .closed
            default:
                return .failed(.protocolError(failureReason()))
            }
        }
        return .data(total)
    }

    /// Ciphertext fed and not yet read by OpenSSL, a record (or plaintext) OpenSSL holds, or a close_notify
    /// received and not yet reported (`readPlaintext` delivers the plaintext before it first).
    private var hasUnreadInput: Bool {
        BIO_ctrl_pending(inbound) > 0 || SSL_has_pending(ssl) == 1
            || SSL_get_shutdown(ssl) & Int32(SSL_RECEIVED_SHUTDOWN) != 0
    }

    /// Encrypts `plaintext` into the outgoing buffer; send it with `drainCiphertext()`.
    public func writePlaintext(_ plaintext: UnsafeRawBufferPointer) -> WriteResult {
        guard plaintext.count > 0 else { return .complete }
        guard handshakeDone else { return .wantMoreData }
        OpenSSLErrorQueue.clear()
        var written = 0
        // With a memory BIO a write is never partial: the BIO grows to take the whole record.
        let result = SSL_write_ex(ssl, plaintext.baseAddress, plaintext.count, &written)
        if result == 1 { return .complete }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wantMoreData
        default:
            return .failed(.protocolError(failureReason()))
        }
    }

    /// Encrypts `plaintext` into the outgoing buffer; send it with `drainCiphertext()`.
    public func writePlaintext(_ plaintext: [UInt8]) -> WriteResult {
        plaintext.withUnsafeBytes { writePlaintext($0) }
    }

    /// Takes every ciphertext byte waiting to be sent to the peer (handshake records, data, alerts).
    public func drainCiphertext() -> [UInt8] {
        let pending = Int(BIO_ctrl_pending(outbound))
        guard pending > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: pending) { bytes, initialized in
            var read = 0
            _ = BIO_read_ex(outbound, bytes.baseAddress, pending, &read)
            initialized = read
        }
    }

    /// True when ciphertext is waiting in `drainCiphertext()`.
    public var hasPendingCiphertext: Bool {
        BIO_ctrl_pending(outbound) > 0
    }

    /// Queues close_notify. Returns true once the peer's close_notify has also been received; the caller need not
    /// wait for it (RFC 8446 section 6.1 allows closing the write side and the socket).
    @discardableResult
    public func shutdown() -> Bool {
        guard handshakeDone else { return true }
        OpenSSLErrorQueue.clear()
        let result = SSL_shutdown(ssl)
        if result < 0 { _ = OpenSSLErrorQueue.drain(fallback: "") }
        return result == 1
    }

    /// True once the handshake has completed.
    public var isHandshakeComplete: Bool { handshakeDone }

    /// ALPN protocol agreed in the handshake (`h2`, `http/1.1`), nil when the client offered none.
    public var negotiatedALPN: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// Version agreed in the handshake; nil before it completes.
    public var protocolVersion: TLSProtocolVersion? {
        guard handshakeDone else { return nil }
        switch SSL_version(ssl) {
        case TLS1_3_VERSION: return .tls13
        case TLS1_2_VERSION: return .tls12
        default: return nil
        }
    }

    /// Subject (RFC 2253) of the verified client certificate; nil when none was presented.
    public var peerCertificateSubject: String? {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        return PEM.subject(certificate)
    }

    /// Serial (uppercase hex) of the peer's certificate; on a client, tells which server certificate was served.
    public var peerCertificateSerial: String? {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        return PEM.serialHex(certificate)
    }

    /// The negotiated cipher suite's OpenSSL name (`TLS_AES_128_GCM_SHA256`), nil before the handshake.
    public var cipherSuite: String? {
        guard let cipher = SSL_get_current_cipher(ssl), let name = SSL_CIPHER_get_name(cipher) else { return nil }
        return String(cString: name)
    }

    /// True when this handshake resumed an earlier session (cache or ticket) instead of a full handshake.
    public var sessionReused: Bool {
        SSL_session_reused(ssl) == 1
    }

    /// The session to offer on a later connection (client side). For TLS 1.3 the ticket arrives after the
    /// handshake, so read once after the handshake before taking it.
    public var session: TLSSession? {
        guard let session = SSL_get1_session(ssl) else { return nil }
        return TLSSession(owning: session)
    }

    private func failureReason() -> String {
        var reason = OpenSSLErrorQueue.drain(fallback: "")
        let verify = SSL_get_verify_result(ssl)
        if verify != Int(X509_V_OK) {
            let text = String(cString: X509_verify_cert_error_string(verify))
            reason = reason.isEmpty ? "certificate verify failed: \(text)" : "\(reason) (\(text))"
        }
        return reason.isEmpty ? "connection failed without an OpenSSL reason" : reason
    }
}
