import ArgumentParser
import Foundation
import Logging
import NetworkPolicyValidation
import WebhookServer

#if canImport(Glibc)
    import CLinux
#endif

/// `netpol-webhook serve`: the HTTPS validating admission webhook kube-apiserver calls.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the validating admission webhook over HTTPS (HTTP/1.1 and HTTP/2).",
        discussion: """
            Endpoints: POST /validate (AdmissionReview), GET /healthz, GET /readyz, GET /metrics. \
            SIGTERM or SIGINT drains: /readyz turns 503, requests already received are answered, then exit 0. \
            Start-up problems (bad certificate, port in use, bad flags) exit 2 with a one-line reason.
            """
    )

    @Option(help: "Folder holding tls.crt and tls.key (a Kubernetes TLS Secret or cert-manager volume).")
    var certDir: String

    @Option(help: "Address to listen on (default: all interfaces, IPv4 and IPv6).")
    var address: String?

    @Option(help: "TCP port (0 picks a free one, logged at start).")
    var port: Int = 8443

    @Option(help: "CA bundle; when set, clients must present a certificate it signed.")
    var clientCA: String?

    @Option(help: "Lowest TLS version accepted: 1.2 or 1.3.")
    var tlsMinVersion: String = "1.2"

    @Flag(inversion: .prefixedNo, help: "Offer HTTP/2 through ALPN.")
    var http2: Bool = true

    @Option(help: "Largest request body accepted, in bytes (413 above it).")
    var maxBodyBytes: Int = ServerConfiguration.defaultMaxBodyBytes

    @Option(help: "Event loop threads (default: the number of cores).")
    var threads: Int?

    @OptionGroup var checkOptions: CheckOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(help: "Seconds to finish requests in flight after SIGTERM before exiting.")
    var shutdownGrace: Double = 15

    @Option(help: "Seconds a client has to send a whole request (or finish the TLS handshake) before a 408.")
    var requestTimeout: Double = 30

    /// A bad flag is a start-up problem like any other: one line on stderr and exit 2, not the usage text and 64.
    func validate() throws {
        do {
            try check()
        } catch {
            Diagnostics.printError("serve: \(error.message)")
            throw ExitCode(2)
        }
    }

    private func check() throws(ValidationError) {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535 (0 picks a free port), got \(port)")
        }
        guard ServerConfiguration.TLSVersion(rawValue: tlsMinVersion) != nil else {
            throw ValidationError("--tls-min-version must be 1.2 or 1.3, got \(tlsMinVersion)")
        }
        guard maxBodyBytes > 0 else {
            throw ValidationError("--max-body-bytes must be positive, got \(maxBodyBytes)")
        }
        if let threads, threads < 1 || threads > 1024 {
            throw ValidationError("--threads must be between 1 and 1024, got \(threads)")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard shutdownGrace >= 0 else {
            throw ValidationError("--shutdown-grace must not be negative, got \(shutdownGrace)")
        }
        guard requestTimeout > 0 else {
            throw ValidationError("--request-timeout must be positive, got \(requestTimeout)")
        }
    }

    func run() throws {
        let checks = checkOptions.checks(command: "serve")
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        let configuration = ServerConfiguration(
            address: address, port: port, certificateDirectory: certDir, clientCAFile: clientCA,
            tlsMinimumVersion: ServerConfiguration.TLSVersion(rawValue: tlsMinVersion) ?? .v1_2, http2: http2,
            maxBodyBytes: maxBodyBytes,
            threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
            validationOptions: ValidationOptions(), checks: checks, shutdownGraceSeconds: shutdownGrace,
            requestTimeoutSeconds: requestTimeout)
        #if canImport(Glibc)
            // Request bodies up to --max-body-bytes are single large arrays. glibc raises its mmap threshold each
            // time it frees such a block, after which the next ones come from the heap and stay resident after
            // the request is done (+14 MiB after a few 7 MiB bodies in `make faults`); a fixed threshold keeps
            // them mmapped, so the memory goes back when the connection closes.
            _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
        #endif
        let logger = Logger(label: "netpol-webhook")
        let server: Server
        do {
            server = try Server(configuration: configuration, logger: logger)
            try server.run()
        } catch {
            LogSink.standardOutput.flush()
            Diagnostics.fail("serve: \(error.description)")
        }
        LogSink.standardOutput.flush()
    }
}
