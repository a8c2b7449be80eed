import NetworkPolicyValidation

/// One file as lint reads it, for tools built on the same reader (`connectivity`): its documents' roots with
/// positions, and lint's report on the file (unreadable, or its NetworkPolicies checked as `lint` checks them).
public struct ManifestFile: Sendable {
    public var path: String
    /// The root of every non-empty document, in file order.
    public var documents: [YAMLNode]
    public var report: FileReport
}

extension Linter {
    /// Reads every source once (concurrently, results in input order): documents and lint's report per file.
    /// Namespace-wide checks are not run: each file's report holds the per-object findings only.
    public func readManifests(_ sources: [SourceFile]) -> [ManifestFile] {
        let options = self.options
        return ConcurrentWork.map(sources, concurrency: options.concurrency) { Self.readManifest($0, options: options) }
    }

    /// `readManifests` for text shown as `file`.
    public func readManifest(text: String, file: String) -> ManifestFile {
        Self.readManifest(text: text, file: file, options: options)
    }

    private static func readManifest(_ source: SourceFile, options: LintOptions) -> ManifestFile {
        let text: String
        do {
            text = try FileReader.text(of: source)
        } catch {
            guard case .message(let message) = error else { fatalError() }
            let finding = Finding(
                file: source.displayPath, position: .start, object: "", field: "", severity: .error,
                rule: RuleID.unreadable, message: message)
            return ManifestFile(
                path: source.displayPath, documents: [],
                report: FileReport(path: source.displayPath, unreadable: finding))
        }
        return readManifest(text: text, file: source.displayPath, options: options)
    }

    private static func readManifest(text: String, file: String, options: LintOptions) -> ManifestFile {
        let documents: [YAMLStream.Document]
        do {
            documents = try YAMLStream.documents(in: text)
        } catch {
            let finding = Finding(
                file: file, position: error.position, object: "", field: "", severity: .error,
                rule: RuleID.unreadable, message: error.message)
            return ManifestFile(path: file, documents: [], report: FileReport(path: file, unreadable: finding))
        }
        var checker = ObjectChecker(file: file, options: options)
        for document in documents {
            checker.check(document)
        }
        return ManifestFile(
            path: file, documents: documents.compactMap(\.root),
            report: FileReport(path: file, objects: checker.objects))
    }

    /// A NetworkPolicy decoded from its node as lint decodes it (not defaulted); nil when a type error makes it
    /// undecodable.
    public static func decodeNetworkPolicy(_ node: YAMLNode) -> NetworkPolicy? {
        ObjectDecoder.decode(node).policy
    }
}
