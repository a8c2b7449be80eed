// swift-tools-version:6.0
import PackageDescription

/// The executable's linker inputs: its symbol ordering file and a libstdc++ stand-in (see its linker settings).
let linkerFolder = Context.packageDirectory + "/Sources/netpol-webhook/Linker"

let package = Package(
    name: "netpol-webhook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "netpol-webhook", targets: ["netpol-webhook"]),
        .library(name: "NetworkPolicyValidation", targets: ["NetworkPolicyValidation"]),
        .library(name: "Admission", targets: ["Admission"]),
        .library(name: "PolicyChecks", targets: ["PolicyChecks"]),
        .library(name: "Lint", targets: ["Lint"]),
        // For the packages beside this one that depend on it by path: Benchmarks/ and the fuzz targets in Fuzz/.
        .library(name: "HTTP1", targets: ["HTTP1"]),
        .library(name: "HTTP2", targets: ["HTTP2"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        .library(name: "TLS", targets: ["TLS"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Yams 5.0 keeps duplicate mapping keys in the node tree (6.x throws on them), so the checks'
        // configuration parser can report them. lint reads libyaml's events itself through the CYaml module Yams
        // builds (Yams has no event API); a Yams update must keep that module and its libyaml.
        .package(url: "https://github.com/jpsim/Yams", .upToNextMinor(from: "5.0.1")),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
    ],
    targets: [
        // Layer 1: the rules. No I/O.
        .target(name: "NetworkPolicyValidation"),
        // Layer 1: the checks the apiserver does not make, and their configuration. No I/O: the executable reads
        // the configuration file and passes its text.
        .target(
            name: "PolicyChecks",
            dependencies: ["NetworkPolicyValidation", .product(name: "Yams", package: "Yams")]
        ),
        // Layer 2: AdmissionReview in, AdmissionReview out.
        .target(name: "Admission", dependencies: ["NetworkPolicyValidation", "PolicyChecks"]),
        // Layer 1: who can reach whom under a set of policies (`connectivity`). No I/O.
        .target(name: "Connectivity", dependencies: ["NetworkPolicyValidation", "PolicyChecks"]),
        // Manifests read by lint's reader turned into the connectivity model, with locations.
        .target(name: "ConnectivityReader", dependencies: ["Connectivity", "Lint", "NetworkPolicyValidation"]),
        // Offline product: files in, findings out. Imports CYaml, Yams' libyaml, for its YAML reader.
        .target(
            name: "Lint",
            dependencies: [
                "NetworkPolicyValidation", "PolicyChecks", "Admission", "Connectivity",
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // Layer 3: transport. Knows bytes and connections, nothing about NetworkPolicy.
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CNghttp2", pkgConfig: "libnghttp2",
            providers: [.apt(["libnghttp2-dev"])]
        ),
        // epoll, eventfd and mallopt are missing from Swift's Glibc module map; this module map adds them for EventLoop
        // (and mallopt for the executable).
        .systemLibrary(name: "CLinux"),
        // The lock the loop and TLS share state with: a pthread mutex, which ThreadSanitizer sees (Locked.swift says
        // why not Synchronization.Mutex).
        .target(name: "Locking"),
        .target(name: "EventLoop", dependencies: ["CLinux", "Locking"]),
        .target(name: "TLS", dependencies: ["COpenSSL", "Locking"]),
        .target(name: "HTTP1"),
        .target(name: "HTTP2", dependencies: ["CNghttp2"]),
        // The HTTPS server: loops, connections, HTTP/1.1 and HTTP/2, the drain. Serves any `Responder`.
        .target(name: "HTTPServer", dependencies: ["EventLoop", "TLS", "HTTP1", "HTTP2", "Locking"]),

        // The webhook application on the server: routes, metrics, logs, the admission wiring.
        .target(
            name: "WebhookServer",
            dependencies: [
                "HTTPServer", "EventLoop", "TLS", "Admission", "NetworkPolicyValidation", "PolicyChecks", "Locking",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        // Layer 4: the one executable.
        .executableTarget(
            name: "netpol-webhook",
            dependencies: [
                "NetworkPolicyValidation", "PolicyChecks", "Admission", "Lint", "WebhookServer", "CLinux", "Connectivity",
                "ConnectivityReader",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Linker"],
            // Idle memory (BENCHMARKS.md, "Idle memory (issue 14)"): lld, the linker the Swift toolchain ships, packs
            // the 80k relative relocations (the dynamic loader reads 16 KB instead of 1.9 MB at start) and puts the
            // functions start-up runs (Linker/startup.order, made by Benchmarks/startup-order.sh) next to each
            // other; Linker/libstdc++.so makes the static-stdlib link take libstdc++ statically.
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                        "-Xlinker", "--symbol-ordering-file=\(linkerFolder)/startup.order",
                        "-Xlinker", "--no-warn-symbol-ordering", "-L", linkerFolder,
                    ], .when(platforms: [.linux]))
            ]
        ),

        .testTarget(name: "NetworkPolicyValidationTests", dependencies: ["NetworkPolicyValidation"]),
        .testTarget(name: "PolicyChecksTests", dependencies: ["PolicyChecks"]),
        .testTarget(name: "AdmissionTests", dependencies: ["Admission", "PolicyChecks"]),
        .testTarget(name: "LintTests", dependencies: ["Lint", "PolicyChecks"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ConnectivityTests", dependencies: ["Connectivity", "ConnectivityReader", "Lint", "netpol-webhook"],
            exclude: ["Fixtures"]),
        .testTarget(name: "LockingTests", dependencies: ["Locking"]),
        .testTarget(name: "EventLoopTests", dependencies: ["EventLoop", "Locking"]),
        .testTarget(name: "TLSTests", dependencies: ["TLS"]),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1"]),
        .testTarget(name: "HTTP2Tests", dependencies: ["HTTP2", "CNghttp2"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTP1", "EventLoop", "TLS", "Locking"]),
        .testTarget(
            name: "WebhookServerTests", dependencies: ["WebhookServer", "HTTPServer", "PolicyChecks", "Locking"]),
        .testTarget(name: "CLITests", dependencies: ["netpol-webhook"]),
    ]
)
