import Foundation
import Testing

/// Acceptance tests of the checks in the CLI: `lint` with `--config` and `--rules`, `checks`, and configuration
/// files refused at start.
struct CheckCommandTests {
    typealias L = LintCommandTests

    /// Egress rules that policyTypes ignores (deny) and an ingress rule open to everyone (warn).
    static let ignored = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: web
          namespace: shop
        spec:
          podSelector: {}
          policyTypes: [Ingress]
          ingress:
          - ports:
            - port: 80
          egress:
          - to:
            - podSelector: {}

        """

    static let openIngress = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: web
          namespace: shop
        spec:
          podSelector: {}
          ingress:
          - {}

        """

    @Test func denyIsAnErrorAndWarnAWarning() throws {
        let directory = try L.fixture(["np.yaml": Self.ignored])
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try L.run(["np.yaml"], in: directory)
        #expect(
            run.stdout == """
                np.yaml:12:3: error: [ignored-rules] spec.egress: the egress rule has no effect because spec.policyTypes ["Ingress"] leaves out Egress; add "Egress" to spec.policyTypes or remove spec.egress
                np.yaml:10:5: warning: [allow-all-ingress] spec.ingress[0]: the rule has no from peers, so it admits every source (all pods in all namespaces and every address) on its ports; add from peers that name who may connect
                1 file, 1 NetworkPolicy: 1 invalid, 0 with warnings; 0 objects skipped; 0 files unreadable

                """)
        #expect(run.status == 1)
    }

    @Test func rulesKubernetesIsExactlyTheApiserversRules() throws {
        let directory = try L.fixture(["np.yaml": Self.ignored])
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try L.run(["--rules", "kubernetes", "np.yaml"], in: directory)
        #expect(
            run.stdout == "1 file, 1 NetworkPolicy: 0 invalid, 0 with warnings; 0 objects skipped; 0 files unreadable\n"
        )
        #expect(run.status == 0)
    }

    @Test func warningsExitZeroUnlessWarningsAsErrors() throws {
        let directory = try L.fixture(["np.yaml": Self.openIngress])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try L.run(["np.yaml"], in: directory).status == 0)
        let strict = try L.run(["--warnings-as-errors", "--output", "github", "np.yaml"], in: directory)
        #expect(
            strict.stdout == """
                ::error file=np.yaml,line=9,col=5,title=allow-all-ingress::[allow-all-ingress] spec.ingress[0]: the rule has no from peers, so it admits every source (all pods in all namespaces and every address) on every port; add from peers that name who may connect
                1 file, 1 NetworkPolicy: 1 invalid, 0 with warnings; 0 objects skipped; 0 files unreadable

                """)
        #expect(strict.status == 1)
    }

    @Test func configChangesSeveritiesAndExemptsByNamespaceLabel() throws {
        let namespace = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels: {team: infra}

            """
        let directory = try L.fixture([
            "np.yaml": Self.openIngress, "ns.yaml": namespace,
            "deny.yaml": "checks:\n  allow-all-ingress: deny\n",
            "exempt.yaml": "exemptNamespaceSelectors:\n- matchLabels: {team: infra}\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let denied = try L.run(["--config", "deny.yaml", "np.yaml"], in: directory)
        #expect(denied.stdout.hasPrefix("np.yaml:9:5: error: [allow-all-ingress]"))
        #expect(denied.status == 1)
        // The label is known only from the Namespace object in the linted files.
        #expect(try L.run(["--config", "exempt.yaml", "np.yaml"], in: directory).status == 0)
        let exempt = try L.run(["--config", "exempt.yaml", "np.yaml", "ns.yaml"], in: directory)
        #expect(
            exempt.stdout
                == "2 files, 1 NetworkPolicy: 0 invalid, 0 with warnings; 1 object skipped; 0 files unreadable\n")
    }

    @Test func badConfigIsRefusedWithLineAndReason() throws {
        let directory = try L.fixture(["np.yaml": Self.openIngress, "bad.yaml": "checks:\n  allow-all: warn\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        for arguments in [
            ["lint", "--config", "bad.yaml", "np.yaml"],
            ["lint", "--rules", "kubernetes", "--config", "bad.yaml", "np.yaml"],
        ] {
            let run = try Self.runBinary(arguments, in: directory)
            #expect(run.stdout == "")
            #expect(
                run.stderr.hasPrefix(
                    #"lint: bad configuration bad.yaml:2:3: unknown check "allow-all" (known: cidr-host-bits,"#))
            #expect(run.status == 2)
        }
    }

    @Test func checksPrintsTheTable() throws {
        let run = try Self.runBinary(["checks"], in: FileManager.default.temporaryDirectory)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first == "ID                     SEVERITY  WHAT IT CATCHES")
        #expect(lines.count == 15)
        #expect(
            lines.contains(
                "ignored-rules          deny      Rules that have no effect because policyTypes leaves out their direction."
            ))
        #expect(
            lines.contains(
                "sctp-protocol          off       A port uses SCTP, which needs CNI support many clusters lack."))
        #expect(
            lines.contains(
                "named-port-unresolved  warn      A named port that no destination workload in the linted files declares (lint only)."
            ))
        #expect(run.status == 0)
    }

    /// Runs the binary with `arguments` as given (no implied `lint`).
    static func runBinary(_ arguments: [String], in directory: URL) throws -> L.Run {
        try L.runBinary(arguments, in: directory)
    }
}
