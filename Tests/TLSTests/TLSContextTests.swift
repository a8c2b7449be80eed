import Foundation
import TLS
import Testing

private let fixtures = CertificateFixtures.shared

@Suite struct TLSContextLoadTests {
    enum Expected: Sendable {
        case keyMismatch, unreadableFile, invalidCertificate, invalidPrivateKey, invalidClientCA
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let certificate: String
        let key: String
        var clientCA: String? = nil
        let expected: Expected
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(
            name: "ECDSA certificate with RSA key", certificate: fixtures.ecdsaCertificate, key: fixtures.rsaKey,
            expected: .keyMismatch),
        Case(
            name: "RSA certificate with another ECDSA key", certificate: fixtures.rsaCertificate,
            key: fixtures.ecdsaKey, expected: .keyMismatch),
        Case(
            name: "ECDSA certificate with a different ECDSA key", certificate: fixtures.ecdsaCertificate,
            key: fixtures.renewedKey, expected: .keyMismatch),
        Case(
            name: "missing certificate file", certificate: fixtures.path("absent.crt"), key: fixtures.ecdsaKey,
            expected: .unreadableFile),
        Case(
            name: "key file given as certificate", certificate: fixtures.ecdsaKey, key: fixtures.ecdsaKey,
            expected: .invalidCertificate),
        Case(
            name: "certificate file given as key", certificate: fixtures.ecdsaCertificate,
            key: fixtures.ecdsaCertificate, expected: .invalidPrivateKey),
        Case(
            name: "client CA file without certificates", certificate: fixtures.ecdsaCertificate,
            key: fixtures.ecdsaKey, clientCA: fixtures.path("server.ext"), expected: .invalidClientCA),
    ])
    func refused(_ row: Case) {
        let configuration = TLSConfiguration(
            certificateChainPath: row.certificate, privateKeyPath: row.key, clientCAPath: row.clientCA)
        do {
            _ = try TLSContext(configuration: configuration)
            Issue.record("expected \(row.expected)")
        } catch {
            switch (error, row.expected) {
            case (.keyMismatch, .keyMismatch), (.unreadableFile, .unreadableFile),
                (.invalidCertificate, .invalidCertificate), (.invalidPrivateKey, .invalidPrivateKey),
                (.invalidClientCA, .invalidClientCA):
                #expect(!error.description.contains("\n"))
            default:
                Issue.record("expected \(row.expected), got \(error)")
            }
        }
    }
}

/// A Secret volume laid out the way the kubelet's atomic writer does it: `tls.crt -> ..data/tls.crt`,
/// `..data -> ..<timestamp>`, and an update that swaps `..data` with a rename.
private struct SecretVolume {
    let directory: String
    private var generation = 0

    init() throws {
        directory = fixtures.path("volume-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    var certificatePath: String { directory + "/tls.crt" }
    var keyPath: String { directory + "/tls.key" }

    mutating func publish(certificate: String, key: String) throws {
        generation += 1
        let files = FileManager.default
        let version = "..\(generation)"
        try files.createDirectory(atPath: directory + "/" + version, withIntermediateDirectories: false)
        try files.copyItem(atPath: certificate, toPath: directory + "/" + version + "/tls.crt")
        try files.copyItem(atPath: key, toPath: directory + "/" + version + "/tls.key")
        try files.createSymbolicLink(atPath: directory + "/..data_tmp", withDestinationPath: version)
        guard rename(directory + "/..data_tmp", directory + "/..data") == 0 else {
            throw FixtureError(message: "rename ..data failed")
        }
        if generation == 1 {
            try files.createSymbolicLink(atPath: certificatePath, withDestinationPath: "..data/tls.crt")
            try files.createSymbolicLink(atPath: keyPath, withDestinationPath: "..data/tls.key")
        }
    }
}

@Suite struct TLSContextStoreTests {
    @Test func reloadPicksTheNewSerialAndKeepsTheOldOnBadFiles() throws {
        var volume = try SecretVolume()
        try volume.publish(certificate: fixtures.ecdsaCertificate, key: fixtures.ecdsaKey)
        let store = try TLSContextStore(
            configuration: TLSConfiguration(
                certificateChainPath: volume.certificatePath, privateKeyPath: volume.keyPath))
        #expect(store.current.certificateSerial == "1001")
        guard case .unchanged = store.reloadIfChanged() else {
            Issue.record("nothing changed on disk")
            return
        }

        // A connection accepted before the swap keeps serving the old certificate.
        let acceptedEarly = try TLSConnection(context: store.current)

        try volume.publish(certificate: fixtures.renewedCertificate, key: fixtures.renewedKey)
        guard case .reloaded(let renewed) = store.reloadIfChanged() else {
            Issue.record("the swap must be picked up")
            return
        }
        #expect(renewed.certificateSerial == "1003")
        #expect(store.current.certificateSerial == "1003")

        let client = TLSClientConfiguration(trustRootsPath: fixtures.caCertificate)
        let early = try InMemoryPair(server: acceptedEarly, client: client)
        #expect(early.handshake() == (.complete, .complete))
        #expect(early.client.peerCertificateSerial == "1001")
        let late = try InMemoryPair(server: store.current, client: client)
        #expect(late.handshake() == (.complete, .complete))
        #expect(late.client.peerCertificateSerial == "1003")

        // A mismatched pair is reported once and leaves the renewed context in place.
        try volume.publish(certificate: fixtures.ecdsaCertificate, key: fixtures.renewedKey)
        guard case .failed(.keyMismatch) = store.reloadIfChanged() else {
            Issue.record("mismatched pair must fail")
            return
        }
        #expect(store.current.certificateSerial == "1003")
        guard case .unchanged = store.reloadIfChanged() else {
            Issue.record("the same broken pair is reported once")
            return
        }

        // Same bytes under a new inode are not a change worth a new context.
        try volume.publish(certificate: fixtures.renewedCertificate, key: fixtures.renewedKey)
        guard case .reloaded = store.reloadIfChanged() else {
            Issue.record("fixing the pair must reload")
            return
        }
        try volume.publish(certificate: fixtures.renewedCertificate, key: fixtures.renewedKey)
        guard case .unchanged = store.reloadIfChanged() else {
            Issue.record("identical content must not reload")
            return
        }
    }

    @Test func unreadableFilesKeepTheOldContext() throws {
        var volume = try SecretVolume()
        try volume.publish(certificate: fixtures.ecdsaCertificate, key: fixtures.ecdsaKey)
        let store = try TLSContextStore(
            configuration: TLSConfiguration(
                certificateChainPath: volume.certificatePath, privateKeyPath: volume.keyPath))
        try FileManager.default.removeItem(atPath: volume.directory + "/..data")
        guard case .failed(.unreadableFile) = store.reloadIfChanged() else {
            Issue.record("a dangling symlink must be reported")
            return
        }
        #expect(store.current.certificateSerial == "1001")
        let pair = try InMemoryPair(
            server: store.current, client: TLSClientConfiguration(trustRootsPath: fixtures.caCertificate))
        #expect(pair.handshake() == (.complete, .complete))
    }

    @Test func forcedReloadBuildsANewContext() throws {
        let store = try TLSContextStore(
            configuration: TLSConfiguration(
                certificateChainPath: fixtures.ecdsaCertificate, privateKeyPath: fixtures.ecdsaKey))
        let before = store.current
        guard case .reloaded(let after) = store.reload() else {
            Issue.record("forced reload must rebuild")
            return
        }
        #expect(before !== after)
        #expect(store.current === after)
    }
}
