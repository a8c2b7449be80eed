import Foundation
import Testing

@testable import Lint

/// `FileReader` reads a path's bytes whole whatever their size, grows its buffer when the size is unknown, and words
/// failures as the system does.
struct FileReaderTests {
    static func read(_ path: String, minimumCapacity: Int = 1 << 12) -> Result<String, FileReader.Failure> {
        Result { () throws(FileReader.Failure) in
            try FileReader.text(of: SourceFile(displayPath: "x", origin: .path(path)), minimumCapacity: minimumCapacity)
        }
    }

    static func temporaryFile(_ contents: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("file-reader-\(UUID()).yaml").path
        try Data(contents).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(
        "files of every size around the buffer's come back whole; a byte order mark is dropped",
        arguments: [
            0, 1, 4095, 4096, 4097, 70_000,
        ])
    func wholeFile(size: Int) throws {
        let text = String((0..<size).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) })
        let path = try Self.temporaryFile(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Self.read(path).get() == text)
        #expect(try Self.read(path, minimumCapacity: 1).get() == text)
        let marked = try Self.temporaryFile([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: marked) }
        #expect(try Self.read(marked).get() == text)
    }

    /// `/proc` files report size 0: the buffer grows from `minimumCapacity` until the read finds the end.
    @Test func fileOfUnknownSizeGrowsTheBuffer() throws {
        let expected = try #require(FileManager.default.contents(atPath: "/proc/self/cmdline"))
        #expect(expected.count > 2)
        #expect(
            try Self.read("/proc/self/cmdline", minimumCapacity: 1).get() == String(decoding: expected, as: UTF8.self))
    }

    @Test func failuresInTheSystemsWords() throws {
        let directory = FileManager.default.temporaryDirectory.path
        guard case .failure(.message(let isDirectory)) = Self.read(directory) else {
            Issue.record()
            return
        }
        #expect(isDirectory == "read x: is a directory")
        guard case .failure(.message(let missing)) = Self.read(directory + "/no-such-file-\(UUID())") else {
            Issue.record()
            return
        }
        #expect(missing == "open x: No such file or directory")
        let invalid = try Self.temporaryFile([0x61, 0xFF, 0x62])
        defer { try? FileManager.default.removeItem(atPath: invalid) }
        guard case .failure(.message(let notText)) = Self.read(invalid) else {
            Issue.record()
            return
        }
        #expect(notText == "read x: not valid UTF-8 text")
    }
}
