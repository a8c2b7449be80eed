/// An expectation of `connectivity test`: a query and whether it must be allowed.
public struct Expectation: Hashable, Sendable {
    public var query: ConnectionQuery
    public var allowed: Bool
    public var location: SourceLocation?

    public init(query: ConnectionQuery, allowed: Bool, location: SourceLocation? = nil) {
        self.query = query
        self.allowed = allowed
        self.location = location
    }

    /// `shop/web => shop/db TCP 5432 is allowed`
    public var description: String { "\(query) is \(allowed ? "allowed" : "denied")" }

    public enum Outcome: Sendable {
        case passed
        /// The analysis says otherwise: the verdict and its reasons.
        case failed(verdict: String, reasons: [String])
        /// The query names an unknown workload, or two outside ends.
        case error(String)
    }

    public func evaluate(in analysis: ConnectivityAnalysis) -> Outcome {
        switch query.answer(in: analysis) {
        case .failure(let failure):
            return .error(failure.description)
        case .success(let answer):
            if answer.isAllowed == allowed { return .passed }
            return .failed(verdict: answer.verdict, reasons: answer.reasons())
        }
    }
}
