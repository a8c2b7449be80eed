// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets, one per input surface. Kept out of the main package so that `swift build` there stays lean;
// build and run them with `make fuzz` (see Fuzz/run-fuzzers), which passes `-sanitize=fuzzer,address`.
let package = Package(
    name: "netpol-webhook-fuzz",
    dependencies: [.package(name: "netpol-webhook", path: "..")],
    targets: [
        // The declaration of libFuzzer's driver, which each target's entry point calls.
        .target(name: "CFuzzer"),
        .executableTarget(name: "FuzzHTTP1", dependencies: ["CFuzzer", .product(name: "HTTP1", package: "netpol-webhook")]),
        .executableTarget(name: "FuzzHTTP2", dependencies: ["CFuzzer", .product(name: "HTTP2", package: "netpol-webhook")]),
        .executableTarget(
            name: "FuzzConnection",
            dependencies: [
                "CFuzzer", .product(name: "HTTPServer", package: "netpol-webhook"),
                .product(name: "TLS", package: "netpol-webhook"),
            ]),
        .executableTarget(
            name: "FuzzAdmission",
            dependencies: [
                "CFuzzer", .product(name: "Admission", package: "netpol-webhook"),
                .product(name: "PolicyChecks", package: "netpol-webhook"),
            ]),
        .executableTarget(
            name: "FuzzCIDR",
            dependencies: ["CFuzzer", .product(name: "NetworkPolicyValidation", package: "netpol-webhook")]),
        .executableTarget(
            name: "FuzzLint",
            dependencies: [
                "CFuzzer", .product(name: "Lint", package: "netpol-webhook"),
                .product(name: "PolicyChecks", package: "netpol-webhook"),
            ]),
    ]
)
