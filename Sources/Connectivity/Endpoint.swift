/// A workload or an outside address range, named the way netpol-analyzer names it.
public struct Endpoint: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Index into the analysis' `workloads`.
        case workload(Int)
        case external(AddressRange)
    }

    /// `ns/name[Kind]` or `a.b.c.d-e.f.g.h[External]`.
    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    static func byName(_ left: Endpoint, _ right: Endpoint) -> Bool {
        left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
    }
}
