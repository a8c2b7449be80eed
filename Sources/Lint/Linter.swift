import Foundation

/// The linter pipeline, after kubeconform: files in (found by `FileFinder`), each read once and split into
/// YAML documents, every object checked or skipped, one `LintReport` out for a `ReportFormatter` to print.
///
/// Files are processed concurrently; the report keeps input order, so output never depends on scheduling.
public struct Linter: Sendable {
    public var options: LintOptions

    public init(options: LintOptions = LintOptions()) {
        self.options = options
    }

    /// Lints the files and directories named by `arguments` (`-` is standard input).
    public func lint(paths arguments: [String], relativeTo base: String? = nil) -> LintReport {
        lint(FileFinder.sources(for: arguments, relativeTo: base))
    }

    public func lint(_ sources: [SourceFile]) -> LintReport {
        let options = self.options
        // Reading standard input stays on one iteration anyway.
        var files = ConcurrentWork.map(sources, concurrency: options.concurrency) { Self.lint($0, options: options) }
        NamespacePass.apply(to: &files, options: options)
        return LintReport(files: files)
    }

    /// Lints one file (namespace-wide checks see this file alone).
    public func lint(_ source: SourceFile) -> FileReport {
        var files = [Self.lint(source, options: options)]
        NamespacePass.apply(to: &files, options: options)
        return files[0]
    }

    /// Lints YAML or JSON text shown as `file` (namespace-wide checks see this text alone).
    public func lint(text: String, file: String) -> FileReport {
        var files = [Self.lint(text: text, file: file, options: options)]
        NamespacePass.apply(to: &files, options: options)
        return files[0]
    }

    static func lint(_ source: SourceFile, options: LintOptions) -> FileReport {
        let text: String
        do {
            text = try FileReader.text(of: source)
        } catch {
            guard case .message(let message) = error else { fatalError() }
            return FileReport(path: source.displayPath, unreadable: unreadable(source.displayPath, .start, message))
        }
        return lint(text: text, file: source.displayPath, options: options)
    }

    static func lint(text: String, file: String, options: LintOptions) -> FileReport {
        let documents: [YAMLStream.Document]
        do {
            documents = try YAMLStream.documents(in: text)
        } catch {
            return FileReport(path: file, unreadable: unreadable(file, error.position, error.message))
        }
        var checker = ObjectChecker(file: file, options: options)
        for document in documents {
            checker.check(document)
        }
        return FileReport(path: file, objects: checker.objects)
    }

    private static func unreadable(_ file: String, _ position: SourcePosition, _ message: String) -> Finding {
        Finding(
            file: file, position: position, object: "", field: "", severity: .error, rule: RuleID.unreadable,
            message: message)
    }
}
