// swift-tools-version:6.0
// In-process benchmarks, kept out of the main package so its build stays lean.
//   swift run -c release --package-path Benchmarks InProcess [PAYLOAD.json] [--only NAME] [--iterations N]
// `--only review --iterations 2000` under `valgrind --tool=callgrind` gives stable instruction counts.
import PackageDescription

let package = Package(
    name: "netpol-webhook-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "netpol-webhook", path: "..")],
    targets: [
        .executableTarget(
            name: "InProcess",
            dependencies: [
                .product(name: "NetworkPolicyValidation", package: "netpol-webhook"),
                .product(name: "Admission", package: "netpol-webhook"),
                .product(name: "PolicyChecks", package: "netpol-webhook"),
                .product(name: "HTTP1", package: "netpol-webhook"),
            ]
        )
    ]
)
