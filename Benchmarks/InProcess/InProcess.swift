import Benchmark
import InProcessSteps

/// Each step of answering a review (Sources/InProcessSteps) as a package-benchmark benchmark: every step on
/// typical.json, and the steps whose cost follows the payload's size on large.json too. Named "STEP, PAYLOAD".
///
/// Metrics: wall clock, CPU and mallocs (the malloc interposer counts them). CPU time comes from /proc/self/stat in
/// clock ticks (10 ms), so only the large.json steps show it per operation. Instructions are left out: the kernel
/// of the machine these were written on has no PMU driver ("software events only"), so perf_event_open cannot
/// count them; pass `--metric instructions` where it can, or count with InProcessRepeat under callgrind.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration.metrics = [.wallClock, .cpuTotal, .mallocCountTotal]
    Benchmark.defaultConfiguration.units = [.mallocCountTotal: .count]
    for payloadName in ["typical.json", "large.json"] {
        let payload = Payload.named(payloadName)
        for step in InProcessStep.all(on: payload) where payloadName == "typical.json" || step.followsPayloadSize {
            // Short steps run 1,000 times per sample; the figures shown are per run (the `*` columns).
            var configuration = Benchmark.defaultConfiguration
            configuration.scalingFactor = step.isShort ? .kilo : .one
            configuration.timeUnits = step.isShort ? .nanoseconds : .microseconds
            Benchmark("\(step.name), \(payload.name)", configuration: configuration) { benchmark in
                for _ in benchmark.scaledIterations { step.run() }
            }
        }
    }
}
