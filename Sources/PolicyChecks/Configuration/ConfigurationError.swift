/// A configuration file that cannot be used, with where and why.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based line and column of the offending key or value.
    public var line: Int
    public var column: Int
    public var reason: String

    public init(line: Int, column: Int, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `line 4, column 3: unknown check "allow-all"`.
    public var description: String {
        "line \(line), column \(column): \(reason)"
    }
}
