import Foundation
import Testing

@testable import NetworkPolicyValidation

/// The hand-written matchers against the regular expressions Kubernetes writes them as, over deterministically
/// generated strings drawn from the characters that matter (and a few that must fail).
@Suite struct NameMatcherTests {
    static let alphabet = Array("az09-._A/ é")

    static func strings(seed: UInt64, count: Int) -> [String] {
        var random = CIDRRoundTripTests.SeededGenerator(state: seed)
        return (0..<count).map { _ in
            let length = Int(random.next(upperBound: 9 as UInt32))
            return String((0..<length).map { _ in alphabet[Int(random.next(upperBound: UInt32(alphabet.count)))] })
        }
    }

    static func matches(_ pattern: String, _ value: String) -> Bool {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
    }

    @Test func dns1123SubdomainMatchesTheRegex() {
        let pattern = #"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#
        var matched = 0
        for value in Self.strings(seed: 0x4E50_0001, count: 20_000) {
            let expected = Self.matches(pattern, value)
            #expect(NameRules.matchesDNS1123Subdomain(value.utf8) == expected, "\(value)")
            if expected { matched += 1 }
        }
        #expect(matched > 500)
    }
}
