import NetworkPolicyValidation

/// Whether a policy's egress rules reach DNS (port 53, or OpenShift's 5353) over UDP and TCP, to any destination.
public struct DNSAccess: Hashable, Sendable {
    /// The ports a DNS server listens on: 53, and 5353 where OpenShift's DNS pods listen (NetworkPolicy sees the
    /// pod's port, after the Service's 53 is translated).
    public static let ports: Set<Int32> = [53, 5353]

    /// `ports.contains(number)` without hashing, for the per-port tests.
    static func isDNSPort(_ number: Int32) -> Bool {
        number == 53 || number == 5353
    }

    /// `ports.contains { first <= $0 && $0 <= last }` without walking the Set.
    static func reachesDNSPort(from first: Int32, through last: Int32) -> Bool {
        (first <= 53 && 53 <= last) || (first <= 5353 && 5353 <= last)
    }

    /// True when `ports` is a non-empty list of DNS ports only (`{port: 53, protocol: UDP}`...): a rule that
    /// lets pods resolve names and nothing else.
    static func isDNSOnly(_ ports: [NetworkPolicyPort]?) -> Bool {
        guard let ports, !ports.isEmpty else { return false }
        return ports.allSatisfy { port in
            guard case .int(let number) = port.port, port.endPort == nil || port.endPort == number else { return false }
            return isDNSPort(number) && port.protocol != "SCTP"
        }
    }

    public var udp: Bool
    public var tcp: Bool
    /// A named port (`port: dns`) might be 53: it cannot be judged without the pods, so nothing is reported.
    public var undecidable: Bool

    public init(udp: Bool = false, tcp: Bool = false, undecidable: Bool = false) {
        self.udp = udp
        self.tcp = tcp
        self.undecidable = undecidable
    }

    /// True when DNS works, or might.
    public var isOpen: Bool { (udp && tcp) || undecidable }

    /// What the egress rules of `spec` open (the spec is defaulted: a port without protocol is TCP). A rule
    /// without ports opens every port; a port without a number opens every port of its protocol.
    public init(_ spec: NetworkPolicySpec) {
        self.init()
        for rule in spec.egress ?? [] {
            let ports = rule.ports ?? []
            if ports.isEmpty {
                udp = true
                tcp = true
                continue
            }
            for port in ports {
                let reaches53: Bool
                switch port.port {
                case nil: reaches53 = true
                case .int(let number):
                    let end = max(port.endPort ?? number, number)
                    reaches53 = Self.reachesDNSPort(from: number, through: end)
                case .string:
                    if port.protocol != "SCTP" { undecidable = true }
                    continue
                }
                guard reaches53 else { continue }
                switch port.protocol ?? "TCP" {
                case "UDP": udp = true
                case "TCP": tcp = true
                default: break
                }
            }
        }
    }

    public func union(_ other: DNSAccess) -> DNSAccess {
        DNSAccess(udp: udp || other.udp, tcp: tcp || other.tcp, undecidable: undecidable || other.undecidable)
    }
}
