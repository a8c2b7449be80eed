import Foundation

/// Certificates generated with the `openssl` CLI into a temporary directory, once per test process.
///
/// Layout: one ECDSA P-256 CA signs an ECDSA and an RSA 2048 server certificate (SAN `localhost`, `127.0.0.1`)
/// and a client certificate; a second, unrelated CA signs a client certificate the server must refuse.
struct CertificateFixtures: Sendable {
    let directory: String

    static let shared: CertificateFixtures = {
        do {
            return try CertificateFixtures()
        } catch {
            fatalError("cannot generate test certificates: \(error)")
        }
    }()

    var caCertificate: String { path("ca.crt") }
    var ecdsaCertificate: String { path("server-ecdsa.crt") }
    var ecdsaKey: String { path("server-ecdsa.key") }
    var rsaCertificate: String { path("server-rsa.crt") }
    var rsaKey: String { path("server-rsa.key") }
    var renewedCertificate: String { path("server-renewed.crt") }
    var renewedKey: String { path("server-renewed.key") }
    var clientCertificate: String { path("client.crt") }
    var clientKey: String { path("client.key") }
    var strangerCertificate: String { path("stranger.crt") }
    var strangerKey: String { path("stranger.key") }

    func path(_ name: String) -> String { directory + "/" + name }

    private init() throws {
        directory = NSTemporaryDirectory() + "tls-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try write("server.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
        try write("client.ext", "extendedKeyUsage=clientAuth\n")
        try makeCA("ca", commonName: "netpol-test-ca")
        try makeCA("other-ca", commonName: "unrelated-ca")
        try makeLeaf("server-ecdsa", key: ecKey, commonName: "localhost", serial: "0x1001", ca: "ca", ext: "server.ext")
        try makeLeaf(
            "server-rsa", key: ["-newkey", "rsa:2048"], commonName: "localhost", serial: "0x1002", ca: "ca",
            ext: "server.ext")
        try makeLeaf(
            "server-renewed", key: ecKey, commonName: "localhost", serial: "0x1003", ca: "ca",
            ext: "server.ext")
        try makeLeaf("client", key: ecKey, commonName: "kube-apiserver", serial: "0x2001", ca: "ca", ext: "client.ext")
        try makeLeaf(
            "stranger", key: ecKey, commonName: "stranger", serial: "0x3001", ca: "other-ca",
            ext: "client.ext")
    }

    private var ecKey: [String] { ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"] }

    private func makeCA(_ name: String, commonName: String) throws {
        try openssl(
            ["req", "-x509", "-nodes"] + ecKey + [
                "-keyout", path("\(name).key"), "-out", path("\(name).crt"), "-days", "30", "-subj",
                "/CN=\(commonName)",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
    }

    private func makeLeaf(_ name: String, key: [String], commonName: String, serial: String, ca: String, ext: String)
        throws
    {
        try openssl(
            ["req", "-new", "-nodes"] + key + [
                "-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", "/CN=\(commonName)/O=netpol",
            ])
        try openssl([
            "x509", "-req", "-in", path("\(name).csr"), "-CA", path("\(ca).crt"), "-CAkey", path("\(ca).key"),
            "-set_serial", serial, "-days", "30", "-extfile", path(ext), "-out", path("\(name).crt"),
        ])
    }

    private func write(_ name: String, _ contents: String) throws {
        try contents.write(toFile: path(name), atomically: true, encoding: .utf8)
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(
                message: "openssl \(arguments.joined(separator: " ")): "
                    + String(decoding: message, as: UTF8.self))
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
