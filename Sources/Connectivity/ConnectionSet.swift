/// A transport protocol a NetworkPolicy port names (`NetworkPolicyPort.protocol`).
public enum TransportProtocol: String, CaseIterable, Hashable, Sendable, Comparable {
    // Declared in alphabetical order: netpol-analyzer prints protocol groups sorted by name.
    case sctp = "SCTP"
    case tcp = "TCP"
    case udp = "UDP"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The protocol a manifest names (`TCP`, `UDP`, `SCTP`; exact case, as the apiserver accepts them).
    public init?(name: String) {
        self.init(rawValue: name)
    }
}

/// Allowed traffic: for each protocol, the set of destination ports 1-65535, kept as sorted disjoint ranges.
public struct ConnectionSet: Hashable, Sendable, CustomStringConvertible {
    public static let portRange: ClosedRange<Int> = 1...65535

    /// Sorted, disjoint, non-adjacent ranges per protocol. Three stored arrays, not an array of them: the
    /// analysis asks `isEmpty` and `isAll` millions of times.
    private var sctp: [ClosedRange<Int>]
    private var tcp: [ClosedRange<Int>]
    private var udp: [ClosedRange<Int>]

    private init(sctp: [ClosedRange<Int>], tcp: [ClosedRange<Int>], udp: [ClosedRange<Int>]) {
        self.sctp = sctp
        self.tcp = tcp
        self.udp = udp
    }

    /// Nothing allowed.
    public static let none = ConnectionSet(sctp: [], tcp: [], udp: [])
    /// Every protocol and port.
    public static let all = ConnectionSet(sctp: [portRange], tcp: [portRange], udp: [portRange])

    /// `ports` of one protocol (clamped to 1-65535).
    public init(_ proto: TransportProtocol, _ ports: ClosedRange<Int>) {
        self = .none
        let clamped = ports.clamped(to: Self.portRange)
        if !clamped.isEmpty, ports.overlaps(Self.portRange) { self[proto] = [clamped] }
    }

    /// Every port of one protocol.
    public init(_ proto: TransportProtocol) {
        self.init(proto, Self.portRange)
    }

    private subscript(proto: TransportProtocol) -> [ClosedRange<Int>] {
        get {
            switch proto {
            case .sctp: sctp
            case .tcp: tcp
            case .udp: udp
            }
        }
        set {
            switch proto {
            case .sctp: sctp = newValue
            case .tcp: tcp = newValue
            case .udp: udp = newValue
            }
        }
    }

    /// The same operation on each protocol's ranges.
    private func combined(
        with other: ConnectionSet, _ operation: ([ClosedRange<Int>], [ClosedRange<Int>]) -> [ClosedRange<Int>]
    ) -> ConnectionSet {
        ConnectionSet(sctp: operation(sctp, other.sctp), tcp: operation(tcp, other.tcp), udp: operation(udp, other.udp))
    }

    public var isEmpty: Bool { sctp.isEmpty && tcp.isEmpty && udp.isEmpty }

    public var isAll: Bool {
        Self.isWhole(sctp) && Self.isWhole(tcp) && Self.isWhole(udp)
    }

    private static func isWhole(_ ranges: [ClosedRange<Int>]) -> Bool {
        ranges.count == 1 && ranges[0] == portRange
    }

    /// The port ranges of `proto`, ascending.
    public func ports(of proto: TransportProtocol) -> [ClosedRange<Int>] {
        self[proto]
    }

    /// Whether `port` of `proto` is allowed.
    public func contains(_ proto: TransportProtocol, port: Int) -> Bool {
        self[proto].contains { $0.contains(port) }
    }

    public func union(_ other: ConnectionSet) -> ConnectionSet {
        if isEmpty || other.isAll { return other }
        if other.isEmpty || isAll { return self }
        return combined(with: other, Self.union)
    }

    public mutating func formUnion(_ other: ConnectionSet) {
        self = union(other)
    }

    public func intersection(_ other: ConnectionSet) -> ConnectionSet {
        if isAll || other.isEmpty { return other }
        if other.isAll || isEmpty { return self }
        return combined(with: other, Self.intersection)
    }

    /// What `self` allows and `other` does not.
    public func subtracting(_ other: ConnectionSet) -> ConnectionSet {
        intersection(other.complement)
    }

    public var complement: ConnectionSet {
        ConnectionSet(sctp: Self.complement(sctp), tcp: Self.complement(tcp), udp: Self.complement(udp))
    }
    private static func union(_ left: [ClosedRange<Int>], _ right: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        if left.isEmpty { return right }
        if right.isEmpty { return left }
        let all = (left + right).sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<Int>] = []
        merged.reserveCapacity(all.count)
        for range in all {
            if let last = merged.last, range.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    private static func intersection(_ left: [ClosedRange<Int>], _ right: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        var i = 0
        var j = 0
        while i < left.count && j < right.count {
            let low = max(left[i].lowerBound, right[j].lowerBound)
            let high = min(left[i].upperBound, right[j].upperBound)
            if low <= high { result.append(low...high) }
            if left[i].upperBound < right[j].upperBound { i += 1 } else { j += 1 }
        }
        return result
    }

    private static func complement(_ ranges: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        var next = portRange.lowerBound
        for range in ranges {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = range.upperBound + 1
        }
        if next <= portRange.upperBound { result.append(next...portRange.upperBound) }
        return result
    }

    /// netpol-analyzer's notation: `All Connections`, `No Connections`, or protocol groups sorted by name with
    /// ascending ports, single ports alone and ranges as `a-b`, all joined by `,`:
    /// `SCTP 9000,TCP 53,80-90,UDP 1-65535`.
    public var description: String {
        if isAll { return "All Connections" }
        if isEmpty { return "No Connections" }
        var groups: [String] = []
        for proto in TransportProtocol.allCases {
            let ports = self[proto]
            guard !ports.isEmpty else { continue }
            let text = ports.map { $0.count == 1 ? String($0.lowerBound) : "\($0.lowerBound)-\($0.upperBound)" }
            groups.append(proto.rawValue + " " + text.joined(separator: ","))
        }
        return groups.joined(separator: ",")
    }

    /// Reads `description`'s notation back (`All Connections`, `TCP 80,443,UDP 53`), ports in any order;
    /// nil when the text is not in it.
    public init?(parsing text: String) {
        let trimmed = Self.trimmed(text[...])
        if trimmed == "All Connections" {
            self = .all
            return
        }
        if trimmed == "No Connections" {
            self = .none
            return
        }
        var result = ConnectionSet.none
        var current: TransportProtocol?
        for item in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            var item = Self.trimmed(item)
            let words = item.split(separator: " ", maxSplits: 1)
            if words.count == 2, let proto = TransportProtocol(name: String(words[0])) {
                current = proto
                item = words[1]
            }
            guard let proto = current else { return nil }
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds.last!), low <= high,
                Self.portRange.contains(low), Self.portRange.contains(high)
            else { return nil }
            result.formUnion(ConnectionSet(proto, low...high))
        }
        self = result
    }

    private static func trimmed(_ text: Substring) -> Substring {
        guard let first = text.firstIndex(where: { $0 != " " }), let last = text.lastIndex(where: { $0 != " " })
        else { return "" }
        return text[first...last]
    }
}
