import Testing

@testable import Admission

/// `WarningLimits.apply`: what survives into `response.warnings`.
@Suite struct WarningLimitsTests {
    @Test func controlCharactersBecomeSpaces() {
        #expect(WarningLimits.apply(["a\nb\tc\u{7F}d\u{85}e"]) == ["a b c d e"])
    }

    @Test func longWarningsAreCutAt256Runes() {
        let long = String(repeating: "é", count: 300)
        #expect(WarningLimits.apply([long]) == [String(repeating: "é", count: 256)])
        // Runes, not grapheme clusters: "e" + combining accent is two runes.
        let combining = String(repeating: "e\u{301}", count: 200)
        #expect(WarningLimits.apply([combining])[0].unicodeScalars.count == 256)
    }

    @Test func exactly256RunesAreKept() {
        let text = String(repeating: "a", count: 256)
        #expect(WarningLimits.apply([text]) == [text])
    }

    @Test func totalIsCappedAt4096Runes() {
        let warnings = (0..<20).map { String(format: "%03d", $0) + String(repeating: "x", count: 253) }
        let kept = WarningLimits.apply(warnings)
        #expect(kept == Array(warnings.prefix(16)))
    }

    @Test func duplicatesAndEmptyWarningsAreDropped() {
        #expect(WarningLimits.apply(["a", "", "b", "a", "b"]) == ["a", "b"])
    }
}
