import Foundation

/// The protocol side of one connection (the HTTP/1.1 or HTTP/2 handler, as ALPN would choose it) without TLS or a
/// socket: bytes in, bytes out, and the drain and deadline events a connection passes on. For the fuzz target
/// (Fuzz/Sources/FuzzConnection), which drives every path of the state machine from arbitrary input.
@_spi(Fuzzing)
public final class ProtocolStateMachine {
    private let handler: any ProtocolHandler
    private let started = ContinuousClock.now
    /// Set once the handler has asked for the connection to close.
    public private(set) var closeRequested = false

    public init(http2: Bool, responder: any Responder, limits: TransportLimits, events: any ServerEvents) throws {
        if http2 {
            let handler = try HTTP2Handler(responder: responder, limits: limits, events: events)
            var preface: [UInt8] = []
            handler.start(output: &preface)
            self.handler = handler
        } else {
            handler = HTTP1Handler(responder: responder, limits: limits, events: events)
        }
    }

    public var isIdle: Bool { handler.isIdle }
    public var hasPendingWork: Bool { handler.hasPendingWork }

    /// Bytes from the client (empty: continue work left pending); returns what would be sent.
    public func receive(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        if handler.receive(bytes, output: &output) { closeRequested = true }
        return output
    }

    public func beginDrain() -> [UInt8] {
        var output: [UInt8] = []
        if handler.beginDrain(output: &output) { closeRequested = true }
        return output
    }

    public func endDrainWindow() -> [UInt8] {
        var output: [UInt8] = []
        if handler.endDrainWindow(output: &output) { closeRequested = true }
        return output
    }

    /// The deadline sweep as it would run `seconds` after the machine was made, the last bytes having arrived at
    /// its start.
    public func checkDeadlines(afterSeconds seconds: Int) -> [UInt8] {
        var output: [UInt8] = []
        let action = handler.checkDeadlines(now: started + .seconds(seconds), lastActivity: started, output: &output)
        if case .close = action { closeRequested = true }
        return output
    }
}
