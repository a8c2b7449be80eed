import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a source's bytes once, with POSIX calls so that failures carry the system's reason
/// (`open x.yaml: permission denied`) instead of a localized Foundation sentence.
enum FileReader {
    enum Failure: Error {
        case message(String)
    }

    static func text(of source: SourceFile) throws(Failure) -> String {
        let data: Data
        switch source.origin {
        case .contents(let contents):
            data = contents
        case .standardInput:
            data = FileHandle.standardInput.readDataToEndOfFile()
        case .failure(let reason):
            throw .message(reason)
        case .path(let path):
            data = try contents(of: path, display: source.displayPath)
        }
        guard var text = String(validating: data, as: UTF8.self) else {
            throw .message("read \(source.displayPath): not valid UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    private static func contents(of path: String, display: String) throws(Failure) -> Data {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .message("open \(display): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var data = Data()
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw .message("read \(display): is a directory")
        }
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, chunk) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .message("read \(display): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }
}
