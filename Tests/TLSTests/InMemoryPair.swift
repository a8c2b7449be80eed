import TLS

/// A client and a server `TLSConnection` wired back to back: bytes drained from one are fed to the other.
struct InMemoryPair {
    let client: TLSConnection
    let server: TLSConnection

    init(server context: TLSContext, client configuration: TLSClientConfiguration, resuming session: TLSSession? = nil)
        throws
    {
        try self.init(server: TLSConnection(context: context), client: configuration, resuming: session)
    }

    init(server: TLSConnection, client configuration: TLSClientConfiguration, resuming session: TLSSession? = nil)
        throws
    {
        self.server = server
        client = try TLSConnection(
            clientContext: TLSClientContext(configuration: configuration), serverName: "localhost", resuming: session)
    }

    /// Runs both handshakes to completion or failure; returns both outcomes.
    func handshake() -> (client: TLSConnection.HandshakeResult, server: TLSConnection.HandshakeResult) {
        var clientResult = client.handshake()
        var serverResult = TLSConnection.HandshakeResult.wantMoreData
        for _ in 0..<20 {
            server.feed(client.drainCiphertext())
            serverResult = server.handshake()
            client.feed(server.drainCiphertext())
            clientResult = client.handshake()
            let settled = { (result: TLSConnection.HandshakeResult) in result != .wantMoreData }
            if settled(clientResult) && settled(serverResult) && !client.hasPendingCiphertext
                && !server.hasPendingCiphertext
            {
                break
            }
            if case .failed = serverResult { break }
            if case .failed = clientResult {
                // Let the server see the client's alert so both sides report the failure.
                server.feed(client.drainCiphertext())
                serverResult = server.handshake()
                break
            }
        }
        return (clientResult, serverResult)
    }

    /// Sends `bytes` from `sender` and returns what `receiver` decrypts (also delivers TLS 1.3 tickets).
    @discardableResult
    func transfer(_ bytes: [UInt8], from sender: TLSConnection, to receiver: TLSConnection) -> [UInt8] {
        _ = sender.writePlaintext(bytes)
        receiver.feed(sender.drainCiphertext())
        var received: [UInt8] = []
        while case .data = receiver.readPlaintext(into: &received) {}
        return received
    }
}
