import Locking

/// Holds the server's current `TLSContext` and swaps in a new one when the files on disk change.
///
/// Readers take `current` at accept time; a connection keeps the context it started with, so a swap only affects
/// handshakes that begin after it. Safe to use from every loop thread.
public final class TLSContextStore: Sendable {
    /// Outcome of `reloadIfChanged()`.
    public enum ReloadOutcome: Sendable {
        /// The files are byte-for-byte what the current context (or the last failed attempt) was built from.
        case unchanged
        /// A new context is current; log its serial and notAfter.
        case reloaded(TLSContext)
        /// The files changed but do not form a usable pair; the previous context stays current. A pair that reads
        /// but does not load is reported once per change on disk, so a poller does not log the same broken Secret
        /// every tick; an unreadable path is reported on every poll until it reads (usually a swap in progress).
        case failed(TLSError)
    }

    private struct State {
        var current: TLSContext
        /// What `stat` said of each configured path at the last attempt, successful or not.
        var stamps: [FileStamp?]
        /// Fingerprint of the last attempt, successful or not.
        var attemptedFingerprint: [UInt8]
    }

    public let configuration: TLSConfiguration
    private let state: Locked<State>

    /// Loads the initial context; a failure here is a startup error.
    public init(configuration: TLSConfiguration) throws(TLSError) {
        let stamps = configuration.paths.map { FileStamp(path: $0) }
        let context = try TLSContext(configuration: configuration)
        self.configuration = configuration
        self.state = Locked(State(current: context, stamps: stamps, attemptedFingerprint: context.fingerprint))
    }

    /// The context new handshakes should use.
    public var current: TLSContext {
        state.withLock { $0.current }
    }

    /// Re-reads the files if `stat` shows any of them changed (inode, size or mtime, through symlinks), and swaps
    /// in a new context if their contents differ from the current one. Cheap when nothing changed: one `stat` per
    /// file. Call it from one poller at a time; `current` stays readable throughout.
    public func reloadIfChanged() -> ReloadOutcome {
        let stamps = configuration.paths.map { FileStamp(path: $0) }
        if state.withLock({ $0.stamps == stamps }) { return .unchanged }
        return load(stamps: stamps, force: false)
    }

    /// Re-reads the files and swaps in a new context even if nothing seems to have changed (for SIGHUP).
    public func reload() -> ReloadOutcome {
        load(stamps: configuration.paths.map { FileStamp(path: $0) }, force: true)
    }

    private func load(stamps: [FileStamp?], force: Bool) -> ReloadOutcome {
        let material: TLSMaterial
        do {
            material = try TLSMaterial.read(configuration)
        } catch {
            // Typically mid-swap: a path briefly dangles. Leave the stamps alone so the next poll retries.
            return .failed(error)
        }
        let alreadyTried = state.withLock { state in
            let seen = state.attemptedFingerprint == material.fingerprint
            state.stamps = stamps
            state.attemptedFingerprint = material.fingerprint
            return seen
        }
        if alreadyTried && !force { return .unchanged }
        do {
            // Built outside the lock: parsing keys takes milliseconds and readers must not wait for it.
            let context = try TLSContext(configuration: configuration, material: material)
            state.withLock { $0.current = context }
            return .reloaded(context)
        } catch {
            return .failed(error)
        }
    }
}
