import Foundation

/// One input of a lint run: where its bytes come from and the name reports show for it.
public struct SourceFile: Hashable, Sendable {
    public enum Origin: Hashable, Sendable {
        case path(String)
        case standardInput
        /// Bytes already in memory (tests, editors).
        case contents(Data)
        /// An input that cannot be read at all (a missing path, an unreadable directory), with the reason.
        case failure(String)
    }

    public var displayPath: String
    public var origin: Origin

    public init(displayPath: String, origin: Origin) {
        self.displayPath = displayPath
        self.origin = origin
    }

    /// The name standard input gets in reports.
    public static let standardInputName = "<stdin>"
}
