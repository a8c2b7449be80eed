import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns command-line arguments into the files to lint: `-` is standard input, a file is taken whatever its
/// name, a directory is walked recursively for `.yaml`, `.yml` and `.json` files, hidden directories included
/// (test fixtures live under `.chainsaw-test/`). Names are visited in byte order, depth first, as Go's
/// `filepath.Walk` does, so the output order never depends on the file system. Symbolic links to directories
/// are not followed (no cycles); links to files are.
public enum FileFinder {
    public static let extensions: Set<String> = ["yaml", "yml", "json"]

    /// `relativeTo`: when set, files under that directory are shown relative to it (machine-independent
    /// reports); otherwise as the argument spelled them.
    public static func sources(for arguments: [String], relativeTo base: String? = nil) -> [SourceFile] {
        var sources: [SourceFile] = []
        for argument in arguments {
            if argument == "-" {
                sources.append(SourceFile(displayPath: SourceFile.standardInputName, origin: .standardInput))
                continue
            }
            let display = base.map { relative(argument, to: $0) } ?? argument
            var info = stat()
            guard stat(argument, &info) == 0 else {
                let reason = String(cString: strerror(errno))
                sources.append(SourceFile(displayPath: display, origin: .failure("stat \(display): \(reason)")))
                continue
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                walk(directory: argument, display: display, into: &sources)
            } else {
                sources.append(SourceFile(displayPath: display, origin: .path(argument)))
            }
        }
        return sources
    }

    private static func walk(directory: String, display: String, into sources: inout [SourceFile]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            sources.append(SourceFile(displayPath: display, origin: .failure("open \(display): cannot list directory")))
            return
        }
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let path = join(directory, name)
            let shown = display == "." ? name : join(display, name)
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk(directory: path, display: shown, into: &sources)
            case S_IFREG:
                if hasLintableExtension(name) { sources.append(SourceFile(displayPath: shown, origin: .path(path))) }
            case S_IFLNK:
                var target = stat()
                if stat(path, &target) == 0, target.st_mode & S_IFMT == S_IFREG, hasLintableExtension(name) {
                    sources.append(SourceFile(displayPath: shown, origin: .path(path)))
                }
            default:
                break
            }
        }
    }

    static func hasLintableExtension(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return extensions.contains(name[name.index(after: dot)...].lowercased())
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func relative(_ path: String, to base: String) -> String {
        let base = base.hasSuffix("/") ? String(base.dropLast()) : base
        if path == base { return "." }
        if path.hasPrefix(base + "/") { return String(path.dropFirst(base.count + 1)) }
        return path
    }
}
