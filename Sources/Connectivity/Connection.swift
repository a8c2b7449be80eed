/// An allowed connection: `src => dst : conn`.
public struct Connection: Hashable, Sendable {
    public var source: Endpoint
    public var destination: Endpoint
    public var connections: ConnectionSet

    public init(source: Endpoint, destination: Endpoint, connections: ConnectionSet) {
        self.source = source
        self.destination = destination
        self.connections = connections
    }
}
