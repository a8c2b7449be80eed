import Synchronization

/// What `/readyz` reports: certificates loaded and not shutting down. Set from any thread.
public final class Readiness: Sendable {
    private let certificatesLoaded = Atomic<Bool>(false)
    private let shuttingDown = Atomic<Bool>(false)

    public init() {}

    public func markCertificatesLoaded() {
        certificatesLoaded.store(true, ordering: .releasing)
    }

    public func markShuttingDown() {
        shuttingDown.store(true, ordering: .releasing)
    }

    public var isShuttingDown: Bool {
        shuttingDown.load(ordering: .acquiring)
    }

    /// nil when ready, otherwise the reason it is not.
    public var notReadyReason: String? {
        if shuttingDown.load(ordering: .acquiring) { return "shutting down" }
        if !certificatesLoaded.load(ordering: .acquiring) { return "certificates not loaded" }
        return nil
    }
}
