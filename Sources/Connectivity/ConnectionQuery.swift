/// One connection asked about: `check --from --to [--port] [--protocol]`, or an expectation of `test`.
public struct ConnectionQuery: Hashable, Sendable, CustomStringConvertible {
    /// `ns/name`, `ns/name[Kind]`, a workload name, or an IP address.
    public var from: String
    public var to: String
    public var port: Int?
    /// TCP when only `port` is given; nil with no port: any protocol.
    public var proto: TransportProtocol?

    public init(from: String, to: String, port: Int? = nil, proto: TransportProtocol? = nil) {
        self.from = from
        self.to = to
        self.port = port
        self.proto = proto
    }

    /// The connections asked about: one port, every port of a protocol, or everything.
    public var asked: ConnectionSet {
        guard let proto = proto ?? (port == nil ? nil : .tcp) else { return .all }
        guard let port else { return ConnectionSet(proto) }
        return ConnectionSet(proto, port...port)
    }

    /// `shop/web => shop/db TCP 5432`
    public var description: String {
        "\(from) => \(to)" + (asked.isAll ? "" : " \(asked)")
    }

    /// What the analysis says: allowed when some of the asked connections is.
    public struct Answer: Sendable {
        public var query: ConnectionQuery
        public var explanation: Explanation
        /// What is allowed of what was asked.
        public var open: ConnectionSet

        public var isAllowed: Bool { !open.isEmpty }

        /// `allowed: shop/web[Deployment] => shop/db[Deployment] on TCP 5432`
        public var verdict: String {
            let what = query.asked.isAll ? "" : " on \(query.asked)"
            return
                "\(isAllowed ? "allowed" : "denied"): \(explanation.source.name) => \(explanation.destination.name)\(what)"
        }

        /// The explanation's lines, ports named when the query asked for some.
        public func reasons(indent: String = "  ") -> [String] {
            explanation.lines(asked: query.asked.isAll ? nil : query.asked, indent: indent)
        }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case endpoint(ConnectivityAnalysis.EndpointError)
        case bothOutside

        public var description: String {
            switch self {
            case .endpoint(let error): error.description
            case .bothOutside: "both ends are outside the cluster: nothing here decides that connection"
            }
        }
    }

    public func answer(in analysis: ConnectivityAnalysis) -> Result<Answer, Failure> {
        let source: Endpoint
        let destination: Endpoint
        switch (analysis.endpoint(named: from), analysis.endpoint(named: to)) {
        case (.success(let s), .success(let d)):
            source = s
            destination = d
        case (.failure(let error), _), (_, .failure(let error)):
            return .failure(.endpoint(error))
        }
        if case .external = source.kind, case .external = destination.kind { return .failure(.bothOutside) }
        let explanation = analysis.explain(from: source, to: destination)
        return .success(Answer(query: self, explanation: explanation, open: explanation.allowed.intersection(asked)))
    }
}
