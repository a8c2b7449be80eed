import Connectivity
import Testing

/// The connection set and its netpol-analyzer notation.
struct ConnectionSetTests {
    @Test(
        "notation",
        arguments: [
            (ConnectionSet.all, "All Connections"),
            (ConnectionSet.none, "No Connections"),
            (ConnectionSet(.tcp, 80...80), "TCP 80"),
            (
                ConnectionSet(.udp).union(ConnectionSet(.tcp, 80...90)).union(ConnectionSet(.tcp, 53...53))
                    .union(ConnectionSet(.sctp, 9000...9000)),
                "SCTP 9000,TCP 53,80-90,UDP 1-65535"
            ),
            (ConnectionSet(.tcp, 80...90).union(ConnectionSet(.tcp, 91...95)), "TCP 80-95"),
            (ConnectionSet(.tcp).union(ConnectionSet(.udp)), "TCP 1-65535,UDP 1-65535"),
            (ConnectionSet(.tcp, 1...9002).union(ConnectionSet(.tcp, 9004...65535)), "TCP 1-9002,9004-65535"),
        ])
    func notation(set: ConnectionSet, text: String) {
        #expect(set.description == text)
        #expect(ConnectionSet(parsing: text) == set)
    }

    @Test("ports in any order parse to the same set")
    func parsingOrder() {
        #expect(ConnectionSet(parsing: "TCP 8000-8080,8081,443") == ConnectionSet(parsing: "TCP 443,8000-8081"))
        #expect(ConnectionSet(parsing: "TCP") == nil)
        #expect(ConnectionSet(parsing: "80") == nil)
        #expect(ConnectionSet(parsing: "TCP 0") == nil)
    }

    @Test("intersection, union and complement")
    func algebra() {
        let web = ConnectionSet(.tcp, 80...443)
        let dns = ConnectionSet(.udp, 53...53).union(ConnectionSet(.tcp, 53...53))
        #expect(web.intersection(ConnectionSet(.tcp, 400...500)).description == "TCP 400-443")
        #expect(web.intersection(dns).isEmpty)
        #expect(
            ConnectionSet.all.subtracting(ConnectionSet(.tcp, 2...65535)).description
                == "SCTP 1-65535,TCP 1,UDP 1-65535")
        #expect(web.union(web.complement).isAll)
        #expect(ConnectionSet(.tcp, 70000...80000).isEmpty)
    }
}
