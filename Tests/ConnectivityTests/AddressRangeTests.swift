import Connectivity
import Testing

/// Outside address ranges: CIDRs as the apiserver parses them, and their notation.
struct AddressRangeTests {
    @Test(
        "a CIDR's first and last address",
        arguments: [
            ("10.0.0.0/8", "10.0.0.0-10.255.255.255"),
            ("0.0.0.0/0", "0.0.0.0-255.255.255.255"),
            ("192.0.2.7/32", "192.0.2.7-192.0.2.7"),
            ("010.1.0.0/16", "10.1.0.0-10.1.255.255"),
            ("::ffff:10.0.0.0/104", "10.0.0.0-10.255.255.255"),
            ("2001:db8::/32", "2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"),
            ("::/0", "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
            ("2001:db8::1/128", "2001:db8::1-2001:db8::1"),
            ("2001:db8::/65", "2001:db8::-2001:db8::7fff:ffff:ffff:ffff"),
        ])
    func cidr(text: String, range: String) throws {
        #expect(try #require(AddressRange(cidr: text)).description == range)
    }

    @Test("text that is no CIDR")
    func notCIDR() {
        #expect(AddressRange(cidr: "10.0.0.0") == nil)
        #expect(AddressRange(cidr: "10.0.0.0/33") == nil)
        #expect(AddressRange(cidr: "") == nil)
    }

    @Test("containment stays within a family")
    func containment() throws {
        let ten = try #require(AddressRange(cidr: "10.0.0.0/8"))
        #expect(ten.contains(try #require(AddressRange(cidr: "10.1.0.0/16"))))
        #expect(!ten.contains(try #require(AddressRange(cidr: "11.0.0.0/16"))))
        #expect(!AddressRange.all(.v6).contains(ten))
    }
}
