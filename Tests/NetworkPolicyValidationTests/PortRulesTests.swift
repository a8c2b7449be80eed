import Testing

@testable import NetworkPolicyValidation

/// `ValidateNetworkPolicyPort`: protocol, numeric ports and ranges, named ports (KUBERNETES_RULES.md 3.1).
@Suite struct PortRulesTests {
    static let port = "spec.ingress[0].ports[0]"

    static func setPort(
        protocol proto: String? = "TCP", _ port: IntOrString?, endPort: Int32? = nil
    ) -> @Sendable (inout NetworkPolicy) -> Void {
        { $0.spec.ingress![0].ports![0] = NetworkPolicyPort(protocol: proto, port: port, endPort: endPort) }
    }

    static let rows: [Row] = [
        // Protocol.
        Row(
            "protocol in lowercase", ["\(port).protocol: Unsupported value: \"tcp\": \(Fixture.protocols)"],
            tweak: setPort(protocol: "tcp", .int(80))),
        Row(
            "empty protocol counts as set", ["\(port).protocol: Unsupported value: \"\": \(Fixture.protocols)"],
            tweak: setPort(protocol: "", .int(80))),
        Row(
            "protocol HTTP", ["\(port).protocol: Unsupported value: \"HTTP\": \(Fixture.protocols)"],
            tweak: setPort(protocol: "HTTP", .int(80))),
        Row("missing protocol is defaulted to TCP", [], tweak: setPort(protocol: nil, .int(80))),
        Row("protocol UDP", [], tweak: setPort(protocol: "UDP", .int(80))),
        Row("protocol SCTP", [], tweak: setPort(protocol: "SCTP", .int(80))),
        Row(
            "protocol error comes before the port error",
            [
                "\(port).protocol: Unsupported value: \"udp\": \(Fixture.protocols)",
                "\(port).port: Invalid value: 0: \(Fixture.portRange)",
            ], tweak: setPort(protocol: "udp", .int(0))),
        Row(
            "egress protocol error has the egress path",
            ["spec.egress[0].ports[0].protocol: Unsupported value: \"tcp\": \(Fixture.protocols)"],
            tweak: { $0.spec.egress![0].ports![0].protocol = "tcp" }),
        Row(
            "second port of a rule has index 1",
            ["spec.ingress[0].ports[1].port: Invalid value: 65536: \(Fixture.portRange)"],
            tweak: { $0.spec.ingress![0].ports!.append(NetworkPolicyPort(port: .int(65536))) }),

        // Numeric port.
        Row("port 0", ["\(port).port: Invalid value: 0: \(Fixture.portRange)"], tweak: setPort(.int(0))),
        Row("port -1", ["\(port).port: Invalid value: -1: \(Fixture.portRange)"], tweak: setPort(.int(-1))),
        Row("port 65536", ["\(port).port: Invalid value: 65536: \(Fixture.portRange)"], tweak: setPort(.int(65536))),
        Row("port 1", [], tweak: setPort(.int(1))),
        Row("port 65535", [], tweak: setPort(.int(65535))),
        Row("no port at all", [], tweak: setPort(nil)),

        // endPort with a numeric port.
        Row(
            "endPort below port reports the port value, as upstream does",
            ["\(port).endPort: Invalid value: 8080: must be greater than or equal to `port`"],
            tweak: setPort(.int(8080), endPort: 80)),
        Row(
            "endPort above 65535", ["\(port).endPort: Invalid value: 65536: \(Fixture.portRange)"],
            tweak: setPort(.int(80), endPort: 65536)),
        Row(
            "endPort 0 is below port and out of range",
            [
                "\(port).endPort: Invalid value: 80: must be greater than or equal to `port`",
                "\(port).endPort: Invalid value: 0: \(Fixture.portRange)",
            ], tweak: setPort(.int(80), endPort: 0)),
        Row("endPort equal to port", [], tweak: setPort(.int(80), endPort: 80)),
        Row("endPort above port", [], tweak: setPort(.int(32000), endPort: 32767)),
        Row(
            "port 0 and endPort 0",
            [
                "\(port).port: Invalid value: 0: \(Fixture.portRange)",
                "\(port).endPort: Invalid value: 0: \(Fixture.portRange)",
            ], tweak: setPort(.int(0), endPort: 0)),

        // Named ports (IANA_SVC_NAME).
        Row("named port http", [], tweak: setPort(.string("http"))),
        Row("named port with digits and hyphens", [], tweak: setPort(.string("web-8080"))),
        Row(
            "named port HTTP gets two errors",
            [
                "\(port).port: Invalid value: \"HTTP\": \(Fixture.portCharset)",
                "\(port).port: Invalid value: \"HTTP\": \(Fixture.portLetter)",
            ], tweak: setPort(.string("HTTP"))),
        Row(
            "named port of digits only", ["\(port).port: Invalid value: \"1234\": \(Fixture.portLetter)"],
            tweak: setPort(.string("1234"))),
        Row(
            "named port with consecutive hyphens",
            ["\(port).port: Invalid value: \"a--b\": must not contain consecutive hyphens"],
            tweak: setPort(.string("a--b"))),
        Row(
            "named port with a leading hyphen",
            ["\(port).port: Invalid value: \"-ab\": must not begin or end with a hyphen"],
            tweak: setPort(.string("-ab"))),
        Row(
            "named port with a trailing hyphen",
            ["\(port).port: Invalid value: \"ab-\": must not begin or end with a hyphen"],
            tweak: setPort(.string("ab-"))),
        Row(
            "empty named port",
            [
                "\(port).port: Invalid value: \"\": \(Fixture.portCharset)",
                "\(port).port: Invalid value: \"\": \(Fixture.portLetter)",
            ], tweak: setPort(.string(""))),
        Row(
            "named port of 16 characters",
            ["\(port).port: Invalid value: \"abcdefghijklmnop\": must be no more than 15 characters"],
            tweak: setPort(.string("abcdefghijklmnop"))),
        Row("named port of 15 characters", [], tweak: setPort(.string("abcdefghijklmno"))),
        Row(
            "named port with an underscore", ["\(port).port: Invalid value: \"my_port\": \(Fixture.portCharset)"],
            tweak: setPort(.string("my_port"))),
        Row(
            "named port with a dot", ["\(port).port: Invalid value: \"dns.tcp\": \(Fixture.portCharset)"],
            tweak: setPort(.string("dns.tcp"))),
        Row(
            "named port with a non-ASCII letter", ["\(port).port: Invalid value: \"pört\": \(Fixture.portCharset)"],
            tweak: setPort(.string("pört"))),
        Row(
            "named port of 8 two-byte letters counts bytes",
            [
                "\(port).port: Invalid value: \"éééééééé\": must be no more than 15 characters",
                "\(port).port: Invalid value: \"éééééééé\": \(Fixture.portCharset)",
                "\(port).port: Invalid value: \"éééééééé\": \(Fixture.portLetter)",
            ], tweak: setPort(.string("éééééééé"))),
        Row(
            "named port with every problem",
            [
                "\(port).port: Invalid value: \"-A--1234567890123\": must be no more than 15 characters",
                "\(port).port: Invalid value: \"-A--1234567890123\": \(Fixture.portCharset)",
                "\(port).port: Invalid value: \"-A--1234567890123\": \(Fixture.portLetter)",
                "\(port).port: Invalid value: \"-A--1234567890123\": must not contain consecutive hyphens",
                "\(port).port: Invalid value: \"-A--1234567890123\": must not begin or end with a hyphen",
            ], tweak: setPort(.string("-A--1234567890123"))),

        // endPort with a named port or without a port.
        Row(
            "endPort with a named port",
            ["\(port).endPort: Invalid value: 90: may not be specified when `port` is non-numeric"],
            tweak: setPort(.string("http"), endPort: 90)),
        Row(
            "endPort error comes before the port-name errors",
            [
                "\(port).endPort: Invalid value: 90: may not be specified when `port` is non-numeric",
                "\(port).port: Invalid value: \"HTTP\": \(Fixture.portCharset)",
                "\(port).port: Invalid value: \"HTTP\": \(Fixture.portLetter)",
            ], tweak: setPort(.string("HTTP"), endPort: 90)),
        Row(
            "endPort without port",
            ["\(port).endPort: Invalid value: 90: may not be specified when `port` is not specified"],
            tweak: setPort(nil, endPort: 90)),
        Row(
            "out-of-range endPort without port is not range-checked",
            ["\(port).endPort: Invalid value: 0: may not be specified when `port` is not specified"],
            tweak: setPort(nil, endPort: 0)),
    ]

    @Test(arguments: rows)
    func create(_ row: Row) {
        #expect(Fixture.createErrors(row.policy) == row.errors)
    }
}
