// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets, one per input surface. Kept out of the main package so that `swift build` there stays lean;
// build and run them with `make fuzz` (see Fuzz/run-fuzzers), which passes `-sanitize=fuzzer,address`.
let package = Package(
    name: "netpol-webhook-fuzz",
    dependencies: [.package(name: "netpol-webhook", path: "..")],
    targets: [
        .executableTarget(name: "FuzzHTTP1", dependencies: [.product(name: "HTTP1", package: "netpol-webhook")]),
        .executableTarget(name: "FuzzHTTP2", dependencies: [.product(name: "HTTP2", package: "netpol-webhook")]),
        .executableTarget(
            name: "FuzzAdmission",
            dependencies: [
                .product(name: "Admission", package: "netpol-webhook"),
                .product(name: "PolicyChecks", package: "netpol-webhook"),
            ]),
        .executableTarget(
            name: "FuzzCIDR",
            dependencies: [.product(name: "NetworkPolicyValidation", package: "netpol-webhook")]),
        .executableTarget(
            name: "FuzzLint",
            dependencies: [
                .product(name: "Lint", package: "netpol-webhook"),
                .product(name: "PolicyChecks", package: "netpol-webhook"),
            ]),
    ]
)
