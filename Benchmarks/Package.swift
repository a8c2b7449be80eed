// swift-tools-version:6.1
// In-process benchmarks, kept out of the main package so its build stays lean (see BENCHMARKS.md, "How to run").
//   swift package --allow-writing-to-package-directory benchmark      package-benchmark: wall clock, CPU, mallocs
//   swift run -c release InProcessRepeat --only NAME --iterations N  one step N times, for callgrind
// Both run the steps defined once in Sources/InProcessSteps.
import PackageDescription

let package = Package(
    name: "netpol-webhook-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "netpol-webhook", path: ".."),
        // The malloc interposer gives the malloc counts; no other default trait, so nothing else is interposed.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "InProcessSteps",
            dependencies: [
                .product(name: "NetworkPolicyValidation", package: "netpol-webhook"),
                .product(name: "Admission", package: "netpol-webhook"),
                .product(name: "PolicyChecks", package: "netpol-webhook"),
                .product(name: "HTTP1", package: "netpol-webhook"),
            ]
        ),
        // package-benchmark finds its suites in folders whose parent is named Benchmarks: this package's own folder.
        .executableTarget(
            name: "InProcess",
            dependencies: ["InProcessSteps", .product(name: "Benchmark", package: "benchmark")],
            path: "InProcess",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(name: "InProcessRepeat", dependencies: ["InProcessSteps"]),
    ]
)
