import Foundation
import TLS
import Testing

private let fixtures = CertificateFixtures.shared

private func serverContext(
    certificate: String = fixtures.ecdsaCertificate, key: String = fixtures.ecdsaKey,
    clientCA: String? = nil, minimumVersion: TLSProtocolVersion = .tls12, enableHTTP2: Bool = true
) throws -> TLSContext {
    try TLSContext(
        configuration: TLSConfiguration(
            certificateChainPath: certificate, privateKeyPath: key, clientCAPath: clientCA,
            minimumVersion: minimumVersion, enableHTTP2: enableHTTP2))
}

private func clientConfiguration(
    alpn: [String] = [], maximumVersion: TLSProtocolVersion = .tls13, certificate: String? = nil,
    key: String? = nil
) -> TLSClientConfiguration {
    TLSClientConfiguration(
        trustRootsPath: fixtures.caCertificate, certificateChainPath: certificate, privateKeyPath: key,
        applicationProtocols: alpn, maximumVersion: maximumVersion)
}

@Suite struct TLSHandshakeTests {
    struct KeyTypeCase: Sendable, CustomTestStringConvertible {
        let name: String
        let certificate: String
        let key: String
        let serial: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        KeyTypeCase(
            name: "ECDSA P-256", certificate: fixtures.ecdsaCertificate, key: fixtures.ecdsaKey, serial: "1001"),
        KeyTypeCase(name: "RSA 2048", certificate: fixtures.rsaCertificate, key: fixtures.rsaKey, serial: "1002"),
    ])
    func handshakeThenExchangeDataThenClose(_ row: KeyTypeCase) throws {
        let context = try serverContext(certificate: row.certificate, key: row.key)
        #expect(context.certificateSerial == row.serial)
        let thirtyDays = Int64(30 * 86_400)
        let now = Int64(Date().timeIntervalSince1970)
        #expect(abs(context.certificateNotAfter - (now + thirtyDays)) < 3_600)
        #expect(context.certificateSubject == "O=netpol,CN=localhost")

        let pair = try InMemoryPair(server: context, client: clientConfiguration())
        let (client, server) = pair.handshake()
        #expect(client == .complete)
        #expect(server == .complete)
        #expect(pair.server.protocolVersion == .tls13)
        // OpenSSL's client lists TLS_AES_256_GCM_SHA384 first; the server chooses, in Go's order.
        #expect(pair.server.cipherSuite == "TLS_AES_128_GCM_SHA256")
        #expect(pair.client.cipherSuite == "TLS_AES_128_GCM_SHA256")
        #expect(pair.client.peerCertificateSerial == row.serial)
        #expect(pair.server.peerCertificateSubject == nil)

        let request = Array("POST /validate HTTP/1.1\r\n\r\n".utf8)
        #expect(pair.transfer(request, from: pair.client, to: pair.server) == request)
        let response = [UInt8](repeating: 0x61, count: 100_000)  // Several records.
        #expect(pair.transfer(response, from: pair.server, to: pair.client) == response)

        pair.client.shutdown()
        pair.server.feed(pair.client.drainCiphertext())
        var ignored: [UInt8] = []
        #expect(pair.server.readPlaintext(into: &ignored) == .closed)
    }

    @Test func ciphertextFedOneByteAtATimeCompletesTheHandshake() throws {
        let pair = try InMemoryPair(server: serverContext(), client: clientConfiguration(alpn: ["h2"]))
        var serverResult = TLSConnection.HandshakeResult.wantMoreData
        var clientResult = pair.client.handshake()
        for _ in 0..<10 where serverResult != .complete || clientResult != .complete {
            for byte in pair.client.drainCiphertext() {
                pair.server.feed([byte])
                serverResult = pair.server.handshake()
                #expect(serverResult != .failed(.handshakeFailed("")))
            }
            pair.client.feed(pair.server.drainCiphertext())
            clientResult = pair.client.handshake()
        }
        #expect(serverResult == .complete)
        #expect(clientResult == .complete)
        #expect(pair.server.negotiatedALPN == "h2")
    }

    @Test func garbageIsAFailureNotAWait() throws {
        let server = try TLSConnection(context: serverContext())
        server.feed(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        guard case .failed(.handshakeFailed) = server.handshake() else {
            Issue.record("plaintext HTTP must fail the handshake")
            return
        }
    }

    @Test func writeBeforeHandshakeWaits() throws {
        let server = try TLSConnection(context: serverContext())
        #expect(server.writePlaintext([1, 2, 3]) == .wantMoreData)
        #expect(server.drainCiphertext().isEmpty)
    }
}

@Suite struct TLSALPNTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let offered: [String]
        let enableHTTP2: Bool
        let expected: String?
        let handshakeSucceeds: Bool
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(
            name: "h2 preferred when offered", offered: ["http/1.1", "h2"], enableHTTP2: true, expected: "h2",
            handshakeSucceeds: true),
        Case(
            name: "http/1.1 only", offered: ["http/1.1"], enableHTTP2: true, expected: "http/1.1",
            handshakeSucceeds: true),
        Case(
            name: "http/1.0 alone (curl --http1.0)", offered: ["http/1.0"], enableHTTP2: true, expected: "http/1.0",
            handshakeSucceeds: true),
        Case(name: "no ALPN extension", offered: [], enableHTTP2: true, expected: nil, handshakeSucceeds: true),
        Case(
            name: "h2 disabled by configuration", offered: ["h2", "http/1.1"], enableHTTP2: false,
            expected: "http/1.1", handshakeSucceeds: true),
        Case(
            name: "no overlap is a fatal alert (RFC 7301 3.2)", offered: ["spdy/3"], enableHTTP2: true,
            expected: nil, handshakeSucceeds: false),
    ])
    func selection(_ row: Case) throws {
        let pair = try InMemoryPair(
            server: serverContext(enableHTTP2: row.enableHTTP2), client: clientConfiguration(alpn: row.offered))
        let (client, server) = pair.handshake()
        if row.handshakeSucceeds {
            #expect(client == .complete)
            #expect(server == .complete)
            #expect(pair.server.negotiatedALPN == row.expected)
            #expect(pair.client.negotiatedALPN == row.expected)
        } else {
            guard case .failed = server else {
                Issue.record("expected the server handshake to fail, got \(server)")
                return
            }
        }
    }
}

@Suite struct TLSVersionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let serverMinimum: TLSProtocolVersion
        let clientMaximum: TLSProtocolVersion
        let expected: TLSProtocolVersion?
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "1.2 minimum, 1.3 client", serverMinimum: .tls12, clientMaximum: .tls13, expected: .tls13),
        Case(name: "1.2 minimum, 1.2-only client", serverMinimum: .tls12, clientMaximum: .tls12, expected: .tls12),
        Case(
            name: "1.3 minimum refuses a 1.2-only client", serverMinimum: .tls13, clientMaximum: .tls12,
            expected: nil),
    ])
    func minimumVersion(_ row: Case) throws {
        let pair = try InMemoryPair(
            server: serverContext(minimumVersion: row.serverMinimum),
            client: clientConfiguration(maximumVersion: row.clientMaximum))
        let (_, server) = pair.handshake()
        if let expected = row.expected {
            #expect(server == .complete)
            #expect(pair.server.protocolVersion == expected)
        } else {
            guard case .failed(.handshakeFailed(let reason)) = server else {
                Issue.record("expected a failed handshake, got \(server)")
                return
            }
            #expect(reason.contains("unsupported protocol"))
        }
    }
}

@Suite struct TLSClientCertificateTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let certificate: String?
        let key: String?
        let expectedSubject: String?
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(
            name: "certificate signed by the client CA", certificate: fixtures.clientCertificate,
            key: fixtures.clientKey, expectedSubject: "O=netpol,CN=kube-apiserver"),
        Case(name: "no certificate", certificate: nil, key: nil, expectedSubject: nil),
        Case(
            name: "certificate signed by another CA", certificate: fixtures.strangerCertificate,
            key: fixtures.strangerKey, expectedSubject: nil),
    ])
    func required(_ row: Case) throws {
        for maximumVersion in [TLSProtocolVersion.tls12, .tls13] {
            let pair = try InMemoryPair(
                server: serverContext(clientCA: fixtures.caCertificate),
                client: clientConfiguration(maximumVersion: maximumVersion, certificate: row.certificate, key: row.key))
            let (_, server) = pair.handshake()
            if let expectedSubject = row.expectedSubject {
                #expect(server == .complete)
                #expect(pair.server.peerCertificateSubject == expectedSubject)
            } else {
                // In TLS 1.3 the client reports success before the server has seen its certificate; only the
                // server's verdict matters.
                guard case .failed(.handshakeFailed) = server else {
                    Issue.record("\(maximumVersion): expected refusal, got \(server)")
                    continue
                }
            }
        }
    }
}

@Suite struct TLSResumptionTests {
    @Test(arguments: [TLSProtocolVersion.tls12, .tls13], [false, true])
    func secondHandshakeResumes(version: TLSProtocolVersion, withClientCertificate: Bool) throws {
        let context = try serverContext(clientCA: withClientCertificate ? fixtures.caCertificate : nil)
        let client = clientConfiguration(
            maximumVersion: version, certificate: withClientCertificate ? fixtures.clientCertificate : nil,
            key: withClientCertificate ? fixtures.clientKey : nil)

        let first = try InMemoryPair(server: context, client: client)
        #expect(first.handshake() == (.complete, .complete))
        #expect(!first.server.sessionReused)
        // TLS 1.3 tickets follow the handshake; a round of application data delivers them.
        first.transfer([1], from: first.server, to: first.client)
        let session = try #require(first.client.session)
        #expect(session.isResumable)

        let second = try InMemoryPair(server: context, client: client, resuming: session)
        #expect(second.handshake() == (.complete, .complete))
        #expect(second.server.sessionReused)
        #expect(second.client.sessionReused)
        #expect(second.server.protocolVersion == version)
        if withClientCertificate {
            #expect(second.server.peerCertificateSubject == "O=netpol,CN=kube-apiserver")
        }
    }
}

extension TLSHandshakeTests {
    /// The server decrypts into the caller's memory (the loop's read buffer): a space smaller than a record still
    /// gets every byte, in order, and close_notify is reported after the plaintext before it.
    @Test(arguments: [1, 1_000, 16_384, 65_536])
    func readsPlaintextIntoTheCallersSpace(spaceSize: Int) throws {
        let pair = try InMemoryPair(server: serverContext(), client: clientConfiguration())
        #expect(pair.handshake() == (.complete, .complete))
        let message = (0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }  // Three records.
        #expect(pair.client.writePlaintext(message) == .complete)
        pair.client.shutdown()
        pair.server.feed(pair.client.drainCiphertext())
        let space = UnsafeMutableRawBufferPointer.allocate(byteCount: spaceSize, alignment: 16)
        defer { space.deallocate() }
        var received: [UInt8] = []
        var last = TLSConnection.ReadResult.wantMoreData
        for _ in 0..<100_000 {
            last = pair.server.readPlaintext(into: space)
            guard case .data(let count) = last else { break }
            #expect(count > 0 && count <= spaceSize)
            received.append(contentsOf: space[..<count])
        }
        #expect(received == message)
        #expect(last == .closed)
    }
}
