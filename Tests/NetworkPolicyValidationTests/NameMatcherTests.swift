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

    /// The fast verdicts (valid or not, judged on the bytes) must agree with the wording paths: a value is valid
    /// exactly when those find nothing to say. Annotation keys are judged lowercased.
    @Test func fastVerdictsAgreeWithTheMessages() {
        let long = String(repeating: "a", count: 63)
        let longPrefix = String(repeating: "a", count: 253)
        let edges = [
            "", "/", "a/", "/a", "a/b/c", "Example.COM/Key", "example.com/Key", "EXAMPLE.com/k", "\u{212A}ube/a",
            "k\u{212A}/a", "a.b-c_d", long, long + "a", longPrefix + "/a", longPrefix + "a/a", "a..b/c", "-a/b", "a-/b",
            "http", "http-metrics", "a--b", "-ab", "ab-", "123", "a123456789012345", "a12345678901234", "é", "Http",
        ]
        for value in edges + Self.strings(seed: 0x4E50_0002, count: 20_000) {
            #expect(NameRules.isQualifiedName(value) == NameRules.qualifiedNameMessages(value).isEmpty, "\(value)")
            // A non-ASCII key is left to the wording path, which may find its lowercase valid (the Kelvin sign).
            let folded = NameRules.isQualifiedName(value, foldingCase: true)
            let lowercasedMessages = NameRules.qualifiedNameMessages(value.lowercased())
            #expect(!folded || lowercasedMessages.isEmpty, "\(value)")
            #expect(
                folded == lowercasedMessages.isEmpty || !value.unicodeScalars.allSatisfy(\.isASCII), "\(value)")
            #expect(NameRules.isLabelValue(value) == NameRules.labelValueMessages(value).isEmpty, "\(value)")
            let isPortName = value.utf8.withContiguousStorageIfAvailable(NameRules.isPortName)
            #expect(isPortName == NameRules.portNameMessages(value).isEmpty, "\(value)")
        }
    }
}
