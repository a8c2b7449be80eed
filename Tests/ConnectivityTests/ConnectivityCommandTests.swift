import Foundation
import Testing

/// Acceptance tests of `netpol-webhook connectivity`: the built binary on fixture files in a temporary directory,
/// asserting the whole standard output (and standard error where it says something) and the exit status.
struct ConnectivityCommandTests {
    /// `shop/web` may reach `shop/db` on TCP 5432 only; `shop/db` is isolated for ingress.
    static let app =
        SemanticsTests.deployment("web", namespace: "shop") + "---\n"
        + SemanticsTests.deployment("db", namespace: "shop", ports: "[{name: sql, containerPort: 5432}]")

    static let policy = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: db-from-web, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: db}}
          ingress:
          - from: [{podSelector: {matchLabels: {app: web}}}]
            ports: [{port: sql}]

        """

    static let wider = policy.replacingOccurrences(
        of: "ports: [{port: sql}]", with: "ports: [{port: sql}, {port: 9187}]")

    struct Run {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    static func binary() throws -> URL {
        let bundle = Bundle.main.bundleURL
        for directory in [
            Bundle.main.executableURL?.deletingLastPathComponent(), bundle.deletingLastPathComponent(), bundle,
        ] {
            if let url = directory?.appendingPathComponent("netpol-webhook"),
                FileManager.default.isExecutableFile(atPath: url.path)
            {
                return url
            }
        }
        Issue.record("netpol-webhook binary not found next to the test bundle")
        throw CancellationError()
    }

    /// Runs `netpol-webhook connectivity <arguments>` in a directory holding `files`; `environment` replaces the
    /// inherited one when given.
    static func run(
        _ arguments: [String], files: [String: String], environment: [String: String]? = nil,
        command: String = "connectivity"
    ) throws -> Run {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "connectivity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (path, contents) in files {
            try Data(contents.utf8).write(to: directory.appendingPathComponent(path))
        }
        let process = Process()
        process.executableURL = try binary()
        process.arguments = [command] + arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        let output = directory.appendingPathComponent(".stdout")
        let errors = directory.appendingPathComponent(".stderr")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        // Files, not pipes: nothing to drain while the child runs.
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Run(
            stdout: try String(contentsOf: output, encoding: .utf8),
            stderr: try String(contentsOf: errors, encoding: .utf8),
            status: process.terminationStatus)
    }

    static let world = "0.0.0.0-255.255.255.255[External]"

    @Test("list: text lines sorted by source then destination")
    func listText() throws {
        let run = try Self.run(
            ["list", "app.yaml", "policy.yaml"], files: ["app.yaml": Self.app, "policy.yaml": Self.policy])
        #expect(
            run.stdout == """
                \(Self.world) => shop/web[Deployment] : All Connections
                shop/db[Deployment] => \(Self.world) : All Connections
                shop/db[Deployment] => shop/web[Deployment] : All Connections
                shop/web[Deployment] => \(Self.world) : All Connections
                shop/web[Deployment] => shop/db[Deployment] : TCP 5432

                """)
        #expect(run.stderr == "")
        #expect(run.status == 0)
    }

    @Test("list: json, csv, md and dot")
    func listFormats() throws {
        let files = ["app.yaml": Self.app, "policy.yaml": Self.policy]
        let json = try Self.run(["list", "-o", "json", "--focus-workload", "shop/db", "."], files: files)
        #expect(
            json.stdout == """
                [
                {"src": "shop/db[Deployment]", "dst": "\(Self.world)", "conn": "All Connections"},
                {"src": "shop/db[Deployment]", "dst": "shop/web[Deployment]", "conn": "All Connections"},
                {"src": "shop/web[Deployment]", "dst": "shop/db[Deployment]", "conn": "TCP 5432"}
                ]

                """)
        let csv = try Self.run(
            ["list", "--output", "csv", "--focus-workload", "db", "."],
            files: files.merging(["p2.yaml": Self.wider.replacingOccurrences(of: "db-from-web", with: "second")]) { $1 }
        )
        #expect(
            csv.stdout
                == """
                src,dst,conn
                shop/db[Deployment] => IGNORE
                """.replacingOccurrences(
                    of: "shop/db[Deployment] => IGNORE",
                    with:
                        "shop/db[Deployment],\(Self.world),All Connections\nshop/db[Deployment],shop/web[Deployment],All Connections\nshop/web[Deployment],shop/db[Deployment],\"TCP 5432,9187\"\n"
                ))
        let md = try Self.run(["list", "-o", "md", "--namespace", "shop", "policy.yaml", "app.yaml"], files: files)
        #expect(
            md.stdout.hasPrefix(
                "| src | dst | conn |\n|-----|-----|------|\n| \(Self.world) | shop/web[Deployment] | All Connections |\n"
            ))
        #expect(md.stdout.split(separator: "\n").count == 7)
        let dot = try Self.run(["list", "-o", "dot", "--focus-workload", "shop/web[Deployment]", "."], files: files)
        #expect(
            dot.stdout == """
                digraph {
                \tsubgraph "cluster_shop" {
                \t\tcolor="black"
                \t\tfontcolor="black"
                \t\t"shop/db[Deployment]" [label="db[Deployment]" color="blue" fontcolor="blue"]
                \t\t"shop/web[Deployment]" [label="web[Deployment]" color="blue" fontcolor="blue"]
                \t\tlabel="shop"
                \t}
                \t"\(Self.world)" [label="0.0.0.0-255.255.255.255" color="red2" fontcolor="red2"]
                \t"\(Self.world)" -> "shop/web[Deployment]" [label="All Connections" color="gold2" fontcolor="darkgreen"]
                \t"shop/db[Deployment]" -> "shop/web[Deployment]" [label="All Connections" color="gold2" fontcolor="darkgreen"]
                \t"shop/web[Deployment]" -> "\(Self.world)" [label="All Connections" color="gold2" fontcolor="darkgreen"]
                \t"shop/web[Deployment]" -> "shop/db[Deployment]" [label="TCP 5432" color="gold2" fontcolor="darkgreen"]
                }

                """)
    }

    @Test("list -o svg without Graphviz's dot on PATH exits 2 naming the Debian package")
    func svgWithoutGraphviz() throws {
        let run = try Self.run(
            ["list", "-o", "svg", "app.yaml"], files: ["app.yaml": Self.app], environment: ["PATH": "/nonexistent"])
        #expect(run.stdout == "")
        #expect(run.stderr == "Error: --output svg needs Graphviz's dot on PATH (Debian package graphviz)\n")
        #expect(run.status == 2)
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test("lint's checks on the same engine: a podSelector and a peer with a label typo, an undeclared named port")
    func lintChecks() throws {
        let typo = Self.policy.replacingOccurrences(of: "{app: web}", with: "{app: wbe}")
            .replacingOccurrences(of: "port: sql", with: "port: sqll")
        let run = try Self.run(
            ["app.yaml", "policy.yaml"], files: ["app.yaml": Self.app, "policy.yaml": typo], command: "lint")
        #expect(
            run.stdout == """
                policy.yaml:7:12: warning: [peer-selects-nothing] spec.ingress[0].from[0]: selects no workload in the files
                policy.yaml:8:20: warning: [named-port-unresolved] spec.ingress[0].ports[0].port: no selected workload declares a TCP container port named "sqll", so it opens nothing
                2 files, 1 NetworkPolicy: 0 invalid, 1 with warnings; 2 objects skipped; 0 files unreadable

                """)
        #expect(run.status == 0)
        let selector = Self.policy.replacingOccurrences(of: "{app: db}", with: "{app: dbb}")
        let nothing = try Self.run(
            ["app.yaml", "policy.yaml"], files: ["app.yaml": Self.app, "policy.yaml": selector], command: "lint")
        #expect(
            nothing.stdout.hasPrefix(
                "policy.yaml:5:3: warning: [selects-no-pods] spec.podSelector: selects no workload of namespace shop in the files\n2 files"
            ))
        let clean = try Self.run(
            ["app.yaml", "policy.yaml"], files: ["app.yaml": Self.app, "policy.yaml": Self.policy], command: "lint")
        #expect(
            clean.stdout
                == "2 files, 1 NetworkPolicy: 0 invalid, 0 with warnings; 2 objects skipped; 0 files unreadable\n")
        let alone = try Self.run(["policy.yaml"], files: ["policy.yaml": selector], command: "lint")
        #expect(
            alone.stdout
                == "1 file, 1 NetworkPolicy: 0 invalid, 0 with warnings; 0 objects skipped; 0 files unreadable\n")
    }

    @Test("the README's demo: list output as checked in, expectations and diff as shown")
    func demo() throws {
        let demo = Self.fixtures.appendingPathComponent("demo")
        let expected = try String(contentsOf: demo.appendingPathComponent("expected-list.txt"), encoding: .utf8)
        let list = try Self.run(["list", demo.path], files: [:])
        #expect(list.stdout == expected)
        #expect(list.status == 0)
        let test = try Self.run(["test", demo.appendingPathComponent("expectations.yaml").path, demo.path], files: [:])
        #expect(test.stdout.hasSuffix("7 expectations: 6 passed, 1 failed\n"))
        #expect(test.status == 1)
        let diff = try Self.run(
            [
                "diff", "--fail-on", "removed", demo.appendingPathComponent("policies.yaml").path,
                Self.fixtures.appendingPathComponent("demo-pr/policies.yaml").path,
                demo.appendingPathComponent("workloads.yaml").path,
            ],
            files: [:])
        #expect(
            diff.stdout == """
                added: 10.0.0.0-10.255.255.255[External] => shop/frontend[Deployment] : TCP 8080
                changed: monitoring/prometheus[Deployment] => shop/api[Deployment] : TCP 9100 -> All Connections

                """)
        #expect(diff.status == 0)
    }

    @Test("list -o svg renders through Graphviz's dot when it is on PATH")
    func svgWithGraphviz() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let hasDot = path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: $0 + "/dot") }
        let run = try Self.run(["list", "-o", "svg", "app.yaml"], files: ["app.yaml": Self.app])
        if hasDot {
            #expect(run.stdout.hasPrefix("<?xml"))
            #expect(run.stdout.contains("<title>shop/web[Deployment]&#45;&gt;shop/db[Deployment]</title>"))
            #expect(run.status == 0)
        } else {
            #expect(run.stderr.contains("Debian package graphviz"))
            #expect(run.status == 2)
        }
    }

    @Test("list --explain: each line, then per side the isolating policies and the admitting rules with locations")
    func listExplain() throws {
        let run = try Self.run(
            ["list", "--explain", "--focus-workload", "shop/db", "app.yaml", "policy.yaml"],
            files: ["app.yaml": Self.app, "policy.yaml": Self.policy])
        #expect(
            run.stdout == """
                shop/db[Deployment] => \(Self.world) : All Connections
                  egress of shop/db[Deployment]: not isolated (no policy selects it for Egress): All Connections
                shop/db[Deployment] => shop/web[Deployment] : All Connections
                  egress of shop/db[Deployment]: not isolated (no policy selects it for Egress): All Connections
                  ingress of shop/web[Deployment]: not isolated (no policy selects it for Ingress): All Connections
                shop/web[Deployment] => shop/db[Deployment] : TCP 5432
                  egress of shop/web[Deployment]: not isolated (no policy selects it for Egress): All Connections
                  ingress of shop/db[Deployment]: isolated by shop/db-from-web (policy.yaml:1:1)
                    allowed by shop/db-from-web spec.ingress[0] (policy.yaml:7:5): TCP 5432

                """)
        #expect(run.status == 0)
    }

    @Test("an invalid policy is reported as lint reports it and left out (exit 1); an unreadable file exits 2")
    func badInput() throws {
        let invalid = Self.policy.replacingOccurrences(of: "{port: sql}", with: "{port: 0}")
        let run = try Self.run(
            ["list", "app.yaml", "policy.yaml"], files: ["app.yaml": Self.app, "policy.yaml": invalid])
        #expect(
            run.stderr == """
                policy.yaml:8:20: error: spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive
                policy.yaml:1:1: warning: NetworkPolicy shop/db-from-web is invalid and left out of the connectivity analysis

                """)
        #expect(run.stdout.contains("\(Self.world) => shop/db[Deployment] : All Connections"))
        #expect(run.status == 1)
        let missing = try Self.run(["list", "app.yaml", "missing.yaml"], files: ["app.yaml": Self.app])
        #expect(missing.stderr == "missing.yaml:1:1: error: stat missing.yaml: No such file or directory\n")
        #expect(missing.stdout.contains("shop/web[Deployment] => shop/db[Deployment] : All Connections"))
        #expect(missing.status == 2)
    }

    @Test("check: exit 0 allowed, 1 denied, 2 bad input; --explain names the rule or the lack of one")
    func check() throws {
        let files = ["app.yaml": Self.app, "policy.yaml": Self.policy]
        let allowed = try Self.run(
            ["check", "--from", "shop/web", "--to", "shop/db", "--port", "5432", "."], files: files)
        #expect(
            allowed.stdout
                == "allowed: shop/web[Deployment] => shop/db[Deployment] on TCP 5432\nallowed connections: TCP 5432\n")
        #expect(allowed.status == 0)
        let wrongPort = try Self.run(
            ["check", "--from", "shop/web", "--to", "shop/db[Deployment]", "--port", "80", "--explain", "."],
            files: files)
        #expect(
            wrongPort.stdout == """
                denied: shop/web[Deployment] => shop/db[Deployment] on TCP 80
                allowed connections: TCP 5432
                  egress of shop/web[Deployment]: not isolated (no policy selects it for Egress): All Connections
                  ingress of shop/db[Deployment]: isolated by shop/db-from-web (policy.yaml:1:1)
                    shop/db-from-web spec.ingress[0] (policy.yaml:7:5) admits shop/web[Deployment] on TCP 5432 only, not TCP 80

                """)
        #expect(wrongPort.status == 1)
        let outside = try Self.run(["check", "--from", "192.0.2.1", "--to", "shop/db", "--explain", "."], files: files)
        #expect(
            outside.stdout == """
                denied: 192.0.2.1[External] => shop/db[Deployment]
                allowed connections: No Connections
                  ingress of shop/db[Deployment]: isolated by shop/db-from-web (policy.yaml:1:1)
                    no rule of these policies admits 192.0.2.1[External]

                """)
        #expect(outside.status == 1)
        let udp = try Self.run(
            ["check", "--from", "shop/db", "--to", "shop/web", "--protocol", "udp", "."], files: files)
        #expect(
            udp.stdout
                == "allowed: shop/db[Deployment] => shop/web[Deployment] on UDP 1-65535\nallowed connections: All Connections\n"
        )
        let unknown = try Self.run(["check", "--from", "shop/nope", "--to", "shop/db", "."], files: files)
        #expect(unknown.stderr.hasPrefix("Error: no workload shop/nope in the input"))
        #expect(unknown.status == 2)
        let badPort = try Self.run(
            ["check", "--from", "shop/web", "--to", "shop/db", "--port", "70000", "."], files: files)
        #expect(badPort.status == 2)
    }

    static let expectations = """
        - {from: shop/web, to: shop/db, port: 5432, expect: allowed}
        - {from: shop/db, to: shop/web, expect: allowed}
        - {from: 203.0.113.9, to: shop/db, port: 5432, expect: denied}
        - {from: shop/web, to: shop/db, port: 9187, protocol: TCP, expect: allowed}

        """

    @Test("test: one line per failed expectation with why; exit 1; junit output")
    func expectations() throws {
        let files = ["app.yaml": Self.app, "policy.yaml": Self.policy, "expect.yaml": Self.expectations]
        let run = try Self.run(["test", "expect.yaml", "app.yaml", "policy.yaml"], files: files)
        #expect(
            run.stdout == """
                expect.yaml:4:3: FAIL shop/web => shop/db TCP 9187 is allowed, but denied: shop/web[Deployment] => shop/db[Deployment] on TCP 9187
                  egress of shop/web[Deployment]: not isolated (no policy selects it for Egress): All Connections
                  ingress of shop/db[Deployment]: isolated by shop/db-from-web (policy.yaml:1:1)
                    shop/db-from-web spec.ingress[0] (policy.yaml:7:5) admits shop/web[Deployment] on TCP 5432 only, not TCP 9187
                4 expectations: 3 passed, 1 failed

                """)
        #expect(run.status == 1)
        let passing = try Self.run(
            ["test", "expect.yaml", "app.yaml", "policy.yaml"], files: files.merging(["policy.yaml": Self.wider]) { $1 }
        )
        #expect(passing.stdout == "4 expectations: 4 passed, 0 failed\n")
        #expect(passing.status == 0)
        let junit = try Self.run(["test", "-o", "junit", "expect.yaml", "app.yaml", "policy.yaml"], files: files)
        #expect(
            junit.stdout.hasPrefix(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"netpol-webhook connectivity test\" tests=\"4\" failures=\"1\" errors=\"0\">\n"
            ))
        #expect(
            junit.stdout.contains(
                "<testcase name=\"shop/web =&gt; shop/db TCP 5432 is allowed\" classname=\"expect.yaml:1:3\"/>"))
        #expect(
            junit.stdout.contains(
                "<failure message=\"denied: shop/web[Deployment] =&gt; shop/db[Deployment] on TCP 9187\">"))
        #expect(junit.status == 1)
        let broken = try Self.run(
            ["test", "expect.yaml", "app.yaml"],
            files: ["app.yaml": Self.app, "expect.yaml": "- {from: a, to: b, expect: maybe, prot: TCP}\n"])
        #expect(
            broken.stderr
                == "expect.yaml:1:35: unknown field \"prot\"\nexpect.yaml:1:28: expect must be allowed or denied\n")
        #expect(broken.status == 2)
    }

    @Test("diff: added, removed and changed pairs in text, md, json and csv; --fail-on")
    func diff() throws {
        let files = ["old.yaml": Self.app + "---\n" + Self.policy, "new.yaml": Self.app + "---\n" + Self.wider]
        let text = try Self.run(["diff", "old.yaml", "new.yaml"], files: files)
        #expect(text.stdout == "changed: shop/web[Deployment] => shop/db[Deployment] : TCP 5432 -> TCP 5432,9187\n")
        #expect(text.status == 0)
        let md = try Self.run(["diff", "-o", "md", "--fail-on", "added", "old.yaml", "new.yaml"], files: files)
        #expect(
            md.stdout == """
                | diff-type | source | destination | old | new |
                |-----------|--------|-------------|-----|-----|
                | changed | shop/web[Deployment] | shop/db[Deployment] | TCP 5432 | TCP 5432,9187 |

                """)
        #expect(md.status == 1)
        let removedOnly = try Self.run(["diff", "--fail-on", "removed", "old.yaml", "new.yaml"], files: files)
        #expect(removedOnly.status == 0)
        let reverse = try Self.run(
            ["diff", "-o", "json", "--fail-on", "removed", "new.yaml", "old.yaml"], files: files)
        #expect(
            reverse.stdout == """
                [
                {"diff-type": "changed", "src": "shop/web[Deployment]", "dst": "shop/db[Deployment]", "old": "TCP 5432,9187", "new": "TCP 5432"}
                ]

                """)
        #expect(reverse.status == 1)
        let noPolicy = try Self.run(
            ["diff", "-o", "csv", "old.yaml", "app.yaml"], files: files.merging(["app.yaml": Self.app]) { $1 })
        #expect(
            noPolicy.stdout == """
                diff-type,source,destination,old,new
                added,\(Self.world),shop/db[Deployment],No Connections,All Connections
                changed,shop/web[Deployment],shop/db[Deployment],TCP 5432,All Connections

                """)
    }
}
