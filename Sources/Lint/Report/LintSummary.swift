/// Counts over a whole run. The text line is stable, with every part always present:
/// `3 files, 5 NetworkPolicies: 1 invalid, 1 with warnings; 2 objects skipped; 1 file unreadable`.
public struct LintSummary: Hashable, Sendable {
    public var files = 0
    public var unreadableFiles = 0
    /// `networking.k8s.io/v1` NetworkPolicy objects checked.
    public var networkPolicies = 0
    /// Checked objects with at least one error.
    public var invalid = 0
    /// Checked objects without errors but with at least one warning.
    public var withWarnings = 0
    /// Objects that are not ours.
    public var skipped = 0
    /// Finding counts by severity, the unreadable-file findings included.
    public var errors = 0
    public var warnings = 0

    public init() {}

    public init(_ files: [FileReport]) {
        for file in files {
            self.files += 1
            if let unreadable = file.unreadable {
                unreadableFiles += 1
                if unreadable.severity == .error { errors += 1 } else { warnings += 1 }
            }
            // Read in place, by index: copying each object and finding out of its array costs more than counting.
            for objectIndex in file.objects.indices {
                let findings = file.objects[objectIndex].findings
                var objectErrors = 0
                for findingIndex in findings.indices where findings[findingIndex].severity == .error {
                    objectErrors += 1
                }
                errors += objectErrors
                warnings += findings.count - objectErrors
                if file.objects[objectIndex].isSkipped {
                    skipped += 1
                    continue
                }
                networkPolicies += 1
                // A finding that is not an error is a warning.
                if objectErrors > 0 { invalid += 1 } else if !findings.isEmpty { withWarnings += 1 }
            }
        }
    }

    /// Checked objects without errors (with or without warnings).
    public var valid: Int { networkPolicies - invalid }

    public var line: String {
        "\(Self.count(files, "file", "files")), \(Self.count(networkPolicies, "NetworkPolicy", "NetworkPolicies")): "
            + "\(invalid) invalid, \(withWarnings) with warnings; "
            + "\(Self.count(skipped, "object", "objects")) skipped; "
            + "\(Self.count(unreadableFiles, "file", "files")) unreadable"
    }

    private static func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number == 1 ? singular : plural)"
    }
}
