/// What a connection needs from the protocol spoken over it. `receive`, `beginDrain` and `endDrainWindow` append
/// bytes to send to `output` and return true when the connection should close once they are flushed.
protocol ProtocolHandler: AnyObject {
    var protocolName: String { get }
    var isIdle: Bool { get }
    /// Input was received but not yet handled, to limit how much output one turn produces: `receive` again with
    /// no bytes once the output is sent.
    var hasPendingWork: Bool { get }
    /// `bytes` is valid only during the call (it is the loop's read buffer): keep what is needed by copying it.
    func receive(_ bytes: UnsafeRawBufferPointer, output: inout [UInt8]) -> Bool
    /// SIGTERM reached the connection.
    func beginDrain(output: inout [UInt8]) -> Bool
    /// The drain window after SIGTERM is over.
    func endDrainWindow(output: inout [UInt8]) -> Bool
    /// The protocol's own deadlines (a request too slow to arrive, an idle connection), checked once a second;
    /// `lastActivity` is when bytes last arrived.
    func checkDeadlines(
        now: ContinuousClock.Instant, lastActivity: ContinuousClock.Instant, output: inout [UInt8]
    ) -> DeadlineAction
}

/// What a connection does after its handler's deadline check.
enum DeadlineAction {
    case none
    /// Frames were queued into `output`: send them.
    case send
    /// Send what was queued, then close.
    case close
}

extension ProtocolHandler {
    func receive(_ bytes: ArraySlice<UInt8>, output: inout [UInt8]) -> Bool {
        bytes.withUnsafeBytes { receive($0, output: &output) }
    }
}
