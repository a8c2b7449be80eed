import Dispatch
import Foundation
import Locking
import Testing

@testable import WebhookServer

/// The log sink between the loops and standard output: order kept, nothing blocks on a reader that stalls, and every
/// line is either written or counted as dropped.
struct LogSinkTests {
    /// A pipe; the sink writes into `write`, the test reads `read`.
    struct Pipe {
        let read: Int32
        let write: Int32

        init() throws {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
            (read, write) = (fds[0], fds[1])
        }

        /// Everything until end of file.
        func readAll() -> String {
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = Glibc.read(read, &chunk, chunk.count)
                if count <= 0 { break }
                bytes += chunk[0..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    static func line(_ number: Int) -> String {
        "{\"n\":\(number),\"pad\":\"\(String(repeating: "x", count: 80))\"}\n"
    }

    @Test func linesArriveInOrderAfterFlush() throws {
        let pipe = try Pipe()
        defer { close(pipe.read) }
        let sink = LogSink(fileDescriptor: pipe.write)
        for number in 0..<500 { sink.write(Self.line(number)) }
        sink.flush()
        close(pipe.write)
        #expect(pipe.readAll() == (0..<500).map(Self.line).joined())
        #expect(sink.droppedLines == 0)
    }

    /// The writer parks when it finds nothing to write and lines gather while it writes: lines from several threads
    /// after each park must wake it, and every flush must see its lines written.
    @Test func linesAfterTheWriterParkedWakeIt() throws {
        let pipe = try Pipe()
        defer { close(pipe.read) }
        let sink = LogSink(fileDescriptor: pipe.write)
        let rounds = 20
        let perThread = 10  // 400 lines of ~90 bytes in all: within the pipe's 64 KiB, so nobody needs to read yet
        for round in 0..<rounds {
            let done = DispatchGroup()
            for thread in 0..<2 {
                done.enter()
                Thread {
                    for index in 0..<perThread { sink.write(Self.line((round * 2 + thread) * perThread + index)) }
                    done.leave()
                }.start()
            }
            #expect(done.wait(timeout: .now() + 30) == .success)
            #expect(sink.flush(timeout: .seconds(30)), "round \(round): the writer did not wake for new lines")
        }
        close(pipe.write)
        let numbers = pipe.readAll().split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("{\"n\":"), let end = line.firstIndex(of: ",") else { return nil }
            return Int(line[line.index(line.startIndex, offsetBy: 5)..<end])
        }
        #expect(numbers.sorted() == Array(0..<(rounds * 2 * perThread)))
        #expect(sink.droppedLines == 0)
    }

    @Test func aReaderThatStallsBlocksNoWriterAndDropsAreCounted() throws {
        let pipe = try Pipe()
        defer { close(pipe.read) }
        let sink = LogSink(fileDescriptor: pipe.write, capacity: 8192)
        let total = 3000  // about 280 KB: far more than the pipe (64 KiB) and the buffer hold while nobody reads
        let written = DispatchSemaphore(value: 0)
        Thread {
            for number in 0..<total { sink.write(Self.line(number)) }
            written.signal()
        }.start()
        // Nobody reads the pipe yet: the writes must all return anyway.
        #expect(written.wait(timeout: .now() + 30) == .success, "a write blocked on the stalled reader")
        let dropped = sink.droppedLines
        #expect(dropped > 0)

        // Now read: what was kept arrives in order, then one line owning up to the drops.
        let output = Locked("")
        let drained = DispatchSemaphore(value: 0)
        Thread {
            let text = pipe.readAll()
            output.withLock { $0 = text }
            drained.signal()
        }.start()
        sink.flush()
        close(pipe.write)
        #expect(drained.wait(timeout: .now() + 30) == .success)
        let lines = output.withLock { $0 }.split(separator: "\n").map(String.init)
        // Kept lines in the order written (drops leave gaps, never reorder); each stretch of drops is owned up to by
        // one notice, and the notices add up to every line not written.
        let kept = lines.compactMap { line -> Int? in
            guard line.hasPrefix("{\"n\":"), let end = line.firstIndex(of: ",") else { return nil }
            return Int(line[line.index(line.startIndex, offsetBy: 5)..<end])
        }
        #expect(kept == kept.sorted() && Set(kept).count == kept.count)
        let noticed = lines.filter { $0.contains("\"msg\":\"log lines dropped\"") }.compactMap { line -> Int? in
            guard let range = line.range(of: "\"count\":") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        #expect(!noticed.isEmpty)
        #expect(noticed.reduce(0, +) == dropped)
        #expect(kept.count + dropped == total)
    }
}
