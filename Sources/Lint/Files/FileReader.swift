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

    /// `minimumCapacity`: the read buffer's size when the file's size is not known (`/proc` files show 0).
    static func text(of source: SourceFile, minimumCapacity: Int = 1 << 12) throws(Failure) -> String {
        switch source.origin {
        case .contents(let contents):
            return try text(contents, display: source.displayPath)
        case .standardInput:
            return try text(FileHandle.standardInput.readDataToEndOfFile(), display: source.displayPath)
        case .failure(let reason):
            throw .message(reason)
        case .path(let path):
            return try withContents(of: path, display: source.displayPath, minimumCapacity: minimumCapacity) {
                bytes throws(Failure) in
                try text(bytes, display: source.displayPath)
            }
        }
    }

    private static func text(_ bytes: some Collection<UInt8>, display: String) throws(Failure) -> String {
        guard var text = String(validating: bytes, as: UTF8.self) else {
            throw .message("read \(display): not valid UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// `body` over the file's bytes, read into one buffer of the file's size (grown when the file grew or its size is
    /// not known): a zeroed 64 KiB read buffer per file, copied into a growing `Data`, cost 2.6% of lint's time over
    /// many small files, most of it clearing fresh pages.
    private static func withContents(
        of path: String, display: String, minimumCapacity: Int,
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> String
    ) throws(Failure) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .message("open \(display): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        let isStated = fstat(descriptor, &info) == 0
        if isStated, info.st_mode & S_IFMT == S_IFDIR {
            throw .message("read \(display): is a directory")
        }
        // One byte more than the size, so the read that finds the end needs no larger buffer.
        var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(
            capacity: max(isStated ? Int(info.st_size) + 1 : 0, minimumCapacity, 1))
        defer { buffer.deallocate() }
        var count = 0
        while true {
            if count == buffer.count {
                let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
                _ = larger.initialize(fromContentsOf: buffer)
                buffer.deallocate()
                buffer = larger
            }
            let received = read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            if received < 0 {
                if errno == EINTR { continue }
                throw .message("read \(display): \(String(cString: strerror(errno)))")
            }
            if received == 0 { break }
            count += received
        }
        return try body(UnsafeBufferPointer(rebasing: buffer[..<count]))
    }
}
