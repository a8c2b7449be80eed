internal import COpenSSL

/// A resumable TLS session (client side), offered on a later connection to skip the full handshake.
public final class TLSSession: @unchecked Sendable {
    // SSL_SESSION is reference counted and immutable once the handshake that made it is over.
    let session: OpaquePointer

    init(owning session: OpaquePointer) {
        self.session = session
    }

    deinit {
        SSL_SESSION_free(session)
    }

    /// True when the session carries what a resumption needs (a ticket, or an ID the server cached).
    public var isResumable: Bool {
        SSL_SESSION_is_resumable(session) == 1
    }
}
