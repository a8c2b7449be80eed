/// The limits and deadlines every connection obeys, whatever protocol it speaks.
public struct TransportLimits: Sendable {
    /// Largest request body accepted (413 above it), on HTTP/1.1 and HTTP/2 alike.
    public var maxBodyBytes: Int
    /// How long a request may take to arrive (408), a TLS handshake to finish, and a blocked write to move.
    public var requestTimeoutSeconds: Double
    /// How long a keep-alive connection may stay idle.
    public var idleTimeoutSeconds: Double
    /// How long SIGTERM waits for requests in flight before the process exits.
    public var shutdownGraceSeconds: Double

    /// The one body limit, for HTTP/1.1 and HTTP/2 alike (their modules default to the same value). kube-apiserver
    /// takes request bodies up to 3 MiB (`MaxRequestBodyBytes`), and an UPDATE review carries the object twice
    /// (`object` and `oldObject`) inside its envelope: 7 MiB holds the largest review it can send us.
    public static let defaultMaxBodyBytes = 7 * 1024 * 1024

    public init(
        maxBodyBytes: Int = defaultMaxBodyBytes, requestTimeoutSeconds: Double = 30, idleTimeoutSeconds: Double = 90,
        shutdownGraceSeconds: Double = 15
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.shutdownGraceSeconds = shutdownGraceSeconds
    }

    /// How long after SIGTERM an idle keep-alive connection stays open, so that a request a pooled client sends on
    /// it just then is answered (with `Connection: close`) rather than met by a close: the first half of the grace
    /// period, which leaves the second half for a request that arrives as the window ends.
    public var drainWindowSeconds: Double { shutdownGraceSeconds / 2 }
}
