import Foundation
import HTTPServer
import NetworkPolicyValidation
import PolicyChecks
import TLS

/// Everything `serve` can be told, with the defaults a cluster operator expects.
public struct ServerConfiguration: Sendable {
    /// Minimum TLS protocol version.
    public enum TLSVersion: String, Sendable, CaseIterable {
        case v1_2 = "1.2"
        case v1_3 = "1.3"
    }

    /// Listen address; nil means all interfaces, IPv4 and IPv6.
    public var address: String?
    public var port: Int
    /// Folder with `tls.crt` and `tls.key`, the names Kubernetes TLS Secrets and cert-manager use.
    public var certificateDirectory: String
    /// When set, clients must present a certificate signed by this CA.
    public var clientCAFile: String?
    public var tlsMinimumVersion: TLSVersion
    public var http2: Bool
    public var maxBodyBytes: Int
    public var threads: Int
    public var validationOptions: ValidationOptions
    /// Our own checks; nil for exactly the apiserver's rules.
    public var checks: CheckConfiguration?
    /// How long SIGTERM waits for requests in flight before the process exits.
    public var shutdownGraceSeconds: Double
    /// How often the certificate files are checked for a new pair.
    public var certificateReloadIntervalSeconds: Double
    /// How long a keep-alive connection may stay idle, and how long a request may take to arrive (408).
    public var idleTimeoutSeconds: Double
    public var requestTimeoutSeconds: Double

    public static let defaultMaxBodyBytes = TransportLimits.defaultMaxBodyBytes

    public init(
        address: String? = nil, port: Int = 8443, certificateDirectory: String, clientCAFile: String? = nil,
        tlsMinimumVersion: TLSVersion = .v1_2, http2: Bool = true, maxBodyBytes: Int = defaultMaxBodyBytes,
        threads: Int = 1, validationOptions: ValidationOptions = ValidationOptions(), checks: CheckConfiguration? = nil,
        shutdownGraceSeconds: Double = 15, certificateReloadIntervalSeconds: Double = 2,
        idleTimeoutSeconds: Double = 90, requestTimeoutSeconds: Double = 30
    ) {
        self.address = address
        self.port = port
        self.certificateDirectory = certificateDirectory
        self.clientCAFile = clientCAFile
        self.tlsMinimumVersion = tlsMinimumVersion
        self.http2 = http2
        self.maxBodyBytes = maxBodyBytes
        self.threads = threads
        self.validationOptions = validationOptions
        self.checks = checks
        self.shutdownGraceSeconds = shutdownGraceSeconds
        self.certificateReloadIntervalSeconds = certificateReloadIntervalSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }

    /// The limits every connection obeys.
    public var limits: TransportLimits {
        TransportLimits(
            maxBodyBytes: maxBodyBytes, requestTimeoutSeconds: requestTimeoutSeconds,
            idleTimeoutSeconds: idleTimeoutSeconds, shutdownGraceSeconds: shutdownGraceSeconds)
    }

    /// What the HTTPS server beneath the webhook is told.
    var httpServer: HTTPServer.Configuration {
        let directory = URL(fileURLWithPath: certificateDirectory)
        let tls = TLSConfiguration(
            certificateChainPath: directory.appendingPathComponent("tls.crt").path,
            privateKeyPath: directory.appendingPathComponent("tls.key").path,
            clientCAPath: clientCAFile,
            minimumVersion: tlsMinimumVersion == .v1_3 ? .tls13 : .tls12,
            enableHTTP2: http2)
        return HTTPServer.Configuration(
            address: address, port: port, threads: threads, tls: tls, limits: limits,
            certificateReloadIntervalSeconds: certificateReloadIntervalSeconds)
    }
}
