import Dispatch
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
        let results = ResultSlots<FileReport>(count: sources.count)
        let options = self.options
        if options.concurrency <= 1 || sources.count <= 1 {
            for (index, source) in sources.enumerated() {
                results.set(index, Self.lint(source, options: options))
            }
        } else {
            // concurrentPerform sizes itself to the cores; reading standard input stays on one slot anyway.
            DispatchQueue.concurrentPerform(iterations: sources.count) { index in
                results.set(index, Self.lint(sources[index], options: options))
            }
        }
        return LintReport(files: NamespacePass.apply(results.values, options: options))
    }

    /// Lints one file (namespace-wide checks see this file alone).
    public func lint(_ source: SourceFile) -> FileReport {
        NamespacePass.apply([Self.lint(source, options: options)], options: options)[0]
    }

    /// Lints YAML or JSON text shown as `file` (namespace-wide checks see this text alone).
    public func lint(text: String, file: String) -> FileReport {
        NamespacePass.apply([Self.lint(text: text, file: file, options: options)], options: options)[0]
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

/// Fixed slots filled from concurrent iterations, each slot written once by one iteration.
private final class ResultSlots<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
