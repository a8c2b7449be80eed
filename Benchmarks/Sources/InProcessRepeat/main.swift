import Foundation
import InProcessSteps

/// Runs one step of Sources/InProcessSteps a fixed number of times and nothing else, for instruction counts under
/// `valgrind --tool=callgrind` (BENCHMARKS.md, "How to run"); package-benchmark's own loop sizes its runs by time.
///   InProcessRepeat [PAYLOAD.json] --only NAME --iterations N
/// A NAME that matches no step runs none: subtract that run's count for the set-up's.
var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(index...(index + 1)) }
    return arguments[index + 1]
}
guard let only = option("--only"), let iterations = option("--iterations").flatMap(Int.init), arguments.count <= 1
else {
    FileHandle.standardError.write(Data("usage: InProcessRepeat [PAYLOAD.json] --only NAME --iterations N\n".utf8))
    exit(2)
}
let payload = arguments.first.map(Payload.load) ?? Payload.named("typical.json")
let steps = InProcessStep.all(on: payload)
if let step = steps.first(where: { $0.name == only }) {
    for _ in 0..<iterations { step.run() }
    print("\(only): \(iterations) iterations on \(payload.name)")
} else {
    print("\(only): no such step, ran none; steps: \(steps.map(\.name).joined(separator: "; "))")
}
