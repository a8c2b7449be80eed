import Foundation
import Testing

@testable import Admission

/// The shared AdmissionReview payloads in `../shared/peers/payloads/`, read at test time when the folder exists.
enum SharedPayloads {
    /// `Tests/AdmissionTests/<file>` -> repository root -> its sibling `shared`.
    static let folder: URL? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = root.deletingLastPathComponent().appendingPathComponent("shared/peers/payloads")
        return FileManager.default.fileExists(atPath: folder.path) ? folder : nil
    }()
}

@Suite(.enabled(if: SharedPayloads.folder != nil)) struct PayloadTests {
    static func outcome(_ name: String) throws -> AdmissionHandler.Outcome {
        let data = try Data(contentsOf: try #require(SharedPayloads.folder).appendingPathComponent(name))
        return try AdmissionHandler().review(data)
    }

    @Test(arguments: ["small.json", "typical.json", "large.json"])
    func validPayloadsAreAllowed(_ name: String) throws {
        let outcome = try Self.outcome(name)
        #expect(outcome.response.allowed, "\(outcome.response.status?.message ?? "")")
        #expect(!outcome.skipped)
    }

    @Test func invalidPayloadIsDenied() throws {
        let outcome = try Self.outcome("invalid.json")
        let status = try #require(outcome.response.status)
        #expect(status.name == "checkout-broken")
        #expect(
            status.causes.map(\.description) == [
                #"spec.ingress[1].from[0].ipBlock.cidr: Invalid value: "10.32.0.300/12": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"#,
                "spec.egress[1].ports[2].endPort: Invalid value: 9094: must be greater than or equal to `port`",
                #"spec.egress[1].to[0].ipBlock.except[0]: Invalid value: "172.21.0.0/24": must be a strict subset of `cidr`"#,
            ])
        #expect(
            outcome.json.hasPrefix(
                #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"5a1d0003-0003-4003-8015-0000048d159c","allowed":false,"#
            ))
    }
}
