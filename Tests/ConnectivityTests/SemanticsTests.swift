import Connectivity
import ConnectivityReader
import Testing

/// One row per semantic point of the Kubernetes NetworkPolicy rules: manifests in, the exact set of
/// `src => dst : conn` lines out.
struct SemanticsTests {
    /// Two Deployments in `shop` (`app: web` with port `http` 8080/TCP, `app: db` with `sql` 5432/TCP) and one
    /// in `ops` (`app: probe`); `ops` is labelled `team: ops`.
    static let workloads = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: ops, labels: {team: ops}}
        ---

        """
        + deployment(
            "web", namespace: "shop",
            ports: "[{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090, protocol: UDP}]")
        + "---\n" + deployment("db", namespace: "shop", ports: "[{name: sql, containerPort: 5432}]")
        + "---\n" + deployment("probe", namespace: "ops")

    /// A Deployment whose pods are labelled `app: <name>`, with one container declaring `ports` (a YAML flow list).
    static func deployment(_ name: String, namespace: String, ports: String = "[]") -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: \(name), namespace: \(namespace)}
        spec:
          template:
            metadata: {labels: {app: \(name)}}
            spec: {containers: [{name: \(name), ports: \(ports)}]}

        """
    }

    static let web = "shop/web[Deployment]"
    static let db = "shop/db[Deployment]"
    static let probe = "ops/probe[Deployment]"
    static let world = "0.0.0.0-255.255.255.255[External]"

    /// Every pair between the three workloads and the world, all open, minus the lines `except` names.
    static func open(except removed: Set<String> = [], adding added: Set<String> = []) -> Set<String> {
        var lines: Set<String> = []
        for source in [web, db, probe] {
            lines.insert("\(world) => \(source) : All Connections")
            lines.insert("\(source) => \(world) : All Connections")
            for destination in [web, db, probe] where destination != source {
                lines.insert("\(source) => \(destination) : All Connections")
            }
        }
        return lines.subtracting(removed).union(added)
    }

    static func policy(_ name: String, namespace: String = "shop", _ spec: String) -> String {
        """
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: \(name), namespace: \(namespace)}
        spec:
        \(spec.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))

        """
    }

    static func lines(_ yaml: String) -> Set<String> {
        let reading = ClusterReader.read(text: yaml)
        return Set(
            ConnectivityAnalysis(reading.cluster).connections().map {
                "\($0.source.name) => \($0.destination.name) : \($0.connections)"
            })
    }

    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var policies: String
        var expected: Set<String>
        var testDescription: String { name }
    }

    static let intoDB = [
        "\(web) => \(db) : All Connections", "\(probe) => \(db) : All Connections",
        "\(world) => \(db) : All Connections",
    ]

    static let rows: [Row] = [
        Row(name: "no policy: everything open", policies: "", expected: open()),
        Row(
            name: "ingress default deny isolates the selected pod only, its egress stays open",
            policies: policy("deny", "podSelector: {matchLabels: {app: db}}\npolicyTypes: [Ingress]"),
            expected: open(except: Set(intoDB))),
        Row(
            name: "policyTypes [Egress] isolates egress only",
            policies: policy("deny-out", "podSelector: {matchLabels: {app: db}}\npolicyTypes: [Egress]"),
            expected: open(except: [
                "\(db) => \(web) : All Connections", "\(db) => \(probe) : All Connections",
                "\(db) => \(world) : All Connections",
            ])),
        Row(
            name: "omitted policyTypes with egress rules isolate both directions",
            policies: policy(
                "both",
                "podSelector: {matchLabels: {app: db}}\negress: [{to: [{podSelector: {matchLabels: {app: web}}}]}]"),
            expected: open(
                except: Set(intoDB + ["\(db) => \(probe) : All Connections", "\(db) => \(world) : All Connections"]))),
        Row(
            name: "podSelector peer stays in the policy's namespace",
            policies: policy(
                "from-any-app", "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{podSelector: {}}]}]"),
            expected: open(except: ["\(probe) => \(db) : All Connections", "\(world) => \(db) : All Connections"])),
        Row(
            name: "namespaceSelector peer takes every pod of the labelled namespaces",
            policies: policy(
                "from-ops",
                "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: ops}}}]}]"
            ),
            expected: open(except: ["\(web) => \(db) : All Connections", "\(world) => \(db) : All Connections"])),
        Row(
            name: "every namespace carries kubernetes.io/metadata.name, an undeclared one too",
            policies: policy(
                "from-shop",
                "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}]}]"
            ),
            expected: open(except: ["\(probe) => \(db) : All Connections", "\(world) => \(db) : All Connections"])),
        Row(
            name: "namespaceSelector and podSelector in one peer are ANDed",
            policies: policy(
                "and",
                "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: ops}}, podSelector: {matchLabels: {app: web}}}]}]"
            ),
            expected: open(except: Set(intoDB))),
        Row(
            name: "two peers in one rule are ORed",
            policies: policy(
                "or",
                "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: ops}}}, {podSelector: {matchLabels: {app: web}}}]}]"
            ),
            expected: open(except: ["\(world) => \(db) : All Connections"])),
        Row(
            name: "ports: TCP by default, endPort ranges, UDP and SCTP",
            policies: policy(
                "ports",
                "podSelector: {matchLabels: {app: db}}\ningress: [{ports: [{port: 5432}, {port: 6000, endPort: 6010}, {protocol: UDP, port: 53}, {protocol: SCTP}]}]"
            ),
            expected: open(
                except: Set(intoDB),
                adding: Set([web, probe, world].map { "\($0) => \(db) : SCTP 1-65535,TCP 5432,6000-6010,UDP 53" }))),
        Row(
            name: "a named port resolves against the destination's container port of that name and protocol",
            policies: policy(
                "named",
                "podSelector: {}\ningress: [{ports: [{port: http}, {port: metrics, protocol: UDP}, {port: sql, protocol: UDP}]}]"
            ),
            expected: open(
                except: Set(
                    intoDB + [
                        "\(db) => \(web) : All Connections", "\(probe) => \(web) : All Connections",
                        "\(world) => \(web) : All Connections",
                    ]),
                adding: [
                    "\(db) => \(web) : TCP 8080,UDP 9090", "\(probe) => \(web) : TCP 8080,UDP 9090",
                    "\(world) => \(web) : TCP 8080,UDP 9090",
                ])),
        Row(
            name: "union of the policies selecting a pod",
            policies: policy(
                "a",
                "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]"
            )
                + policy(
                    "b",
                    "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5433}]}]"
                ),
            expected: open(except: Set(intoDB), adding: ["\(web) => \(db) : TCP 5432-5433"])),
        Row(
            name: "a connection needs the source's egress and the destination's ingress",
            policies: policy(
                "out",
                "podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{ports: [{port: 5432}, {port: 80}]}]"
            )
                + policy("in", "podSelector: {matchLabels: {app: db}}\ningress: [{ports: [{port: 5432}, {port: 443}]}]"),
            expected: open(
                except: Set(intoDB + ["\(web) => \(probe) : All Connections", "\(web) => \(world) : All Connections"]),
                adding: [
                    "\(web) => \(db) : TCP 5432", "\(probe) => \(db) : TCP 443,5432",
                    "\(world) => \(db) : TCP 443,5432",
                    "\(web) => \(probe) : TCP 80,5432", "\(web) => \(world) : TCP 80,5432",
                ])),
        Row(
            name: "ipBlock with except: outside ranges split at its bounds, pods never matched",
            policies: policy(
                "cidr",
                "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}]"
            ),
            expected: open(
                except: Set(intoDB + [web, db, probe].map { "\(world) => \($0) : All Connections" }),
                adding: Set(
                    [
                        "0.0.0.0-9.255.255.255", "10.0.0.0-10.0.255.255", "10.1.0.0-10.1.255.255",
                        "10.2.0.0-10.255.255.255", "11.0.0.0-255.255.255.255",
                    ].flatMap { range in
                        [web, probe].map { "\(range)[External] => \($0) : All Connections" }
                    } + [
                        "10.0.0.0-10.0.255.255[External] => \(db) : All Connections",
                        "10.2.0.0-10.255.255.255[External] => \(db) : All Connections",
                    ]))),
        Row(
            name: "an IPv6 ipBlock splits the IPv6 space too",
            policies: policy(
                "v6",
                "podSelector: {matchLabels: {app: db}}\npolicyTypes: [Egress]\negress: [{to: [{ipBlock: {cidr: '2001:db8::/32'}}]}]"
            ),
            expected: open(
                except: [
                    "\(db) => \(web) : All Connections", "\(db) => \(probe) : All Connections",
                    "\(db) => \(world) : All Connections",
                ],
                adding: Set(
                    ["::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]
                        .flatMap { range in
                            [web, probe].map { "\($0) => \(range)[External] : All Connections" }
                        }
                        + ["2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"].flatMap { range in
                            [web, probe, db].map { "\($0) => \(range)[External] : All Connections" }
                        }))),
        Row(
            name: "a policy the apiserver rejects is left out",
            policies: policy("bad", "podSelector: {matchLabels: {app: db}}\ningress: [{ports: [{port: 0}]}]"),
            expected: open()),
    ]

    @Test("semantics", arguments: rows)
    func semantics(row: Row) {
        let actual = Self.lines(Self.workloads + row.policies)
        #expect(actual.subtracting(row.expected).sorted() == [], "unexpected")
        #expect(row.expected.subtracting(actual).sorted() == [], "missing")
    }

    struct OwnerRow: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        var expected: Set<String>
        var testDescription: String { name }
    }

    static func pod(_ name: String, labels: String = "{app: x}", owner: String? = nil) -> String {
        """
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: \(name)
          labels: \(labels)
        \(owner.map { "  ownerReferences: [\($0)]" } ?? "")
        spec: {containers: [{name: c}]}

        """
    }

    static let ownerRows: [OwnerRow] = [
        OwnerRow(
            name: "pods of one controller are one workload, shown as it, with no line to itself",
            yaml: pod("a-1", owner: "{kind: ReplicaSet, name: a, controller: true}")
                + pod("a-2", owner: "{kind: ReplicaSet, name: a, controller: true}") + pod("b"),
            expected: [
                "default/a[ReplicaSet] => default/b[Pod] : All Connections",
                "default/b[Pod] => default/a[ReplicaSet] : All Connections",
                "default/a[ReplicaSet] => \(world) : All Connections", "default/b[Pod] => \(world) : All Connections",
                "\(world) => default/a[ReplicaSet] : All Connections", "\(world) => default/b[Pod] : All Connections",
            ]),
        OwnerRow(
            name: "a Node owner or a non-controller owner leaves the Pod itself; an owner without kind is [Pod]",
            yaml: pod("mirror", owner: "{kind: Node, name: n1, controller: true}")
                + pod("x-1", owner: "{kind: ReplicaSet, name: x}")
                + pod("yy-1", owner: "{name: yy, controller: true}"),
            expected: Set(
                ["default/mirror[Pod]", "default/x-1[Pod]", "default/yy[Pod]"].flatMap { source in
                    ["default/mirror[Pod]", "default/x-1[Pod]", "default/yy[Pod]", world].filter { $0 != source }.map {
                        "\(source) => \($0) : All Connections"
                    }
                        + ["\(world) => \(source) : All Connections"]
                })),
        OwnerRow(
            name:
                "a CronJob's labels come from its job template; a Pod of a ReplicaSet of a Deployment in the input is the Deployment",
            yaml: """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly}
                spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: nightly}}, spec: {containers: [{name: c}]}}}}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api}
                spec: {template: {metadata: {labels: {app: api}}, spec: {containers: [{name: c}]}}}
                ---
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: api-5d, ownerReferences: [{kind: Deployment, name: api, controller: true}]}
                spec: {template: {metadata: {labels: {app: api}}, spec: {containers: [{name: c}]}}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: only-nightly}
                spec: {podSelector: {matchLabels: {app: api}}, ingress: [{from: [{podSelector: {matchLabels: {app: nightly}}}]}]}

                """ + pod("api-5d-x", labels: "{app: api}", owner: "{kind: ReplicaSet, name: api-5d, controller: true}")
            ,
            expected: [
                "default/nightly[CronJob] => default/api[Deployment] : All Connections",
                "default/api[Deployment] => default/nightly[CronJob] : All Connections",
                "default/api[Deployment] => \(world) : All Connections",
                "default/nightly[CronJob] => \(world) : All Connections",
                "\(world) => default/nightly[CronJob] : All Connections",
            ]),
    ]

    @Test("workloads and owners", arguments: ownerRows)
    func owners(row: OwnerRow) {
        let actual = Self.lines(row.yaml)
        #expect(actual.subtracting(row.expected).sorted() == [], "unexpected")
        #expect(row.expected.subtracting(actual).sorted() == [], "missing")
    }

    @Test("an invalid policy is reported with lint's finding and a warning; exit status as lint's")
    func invalidPolicyReported() {
        let reading = ClusterReader.read(
            text: Self.workloads + Self.policy("bad", "podSelector: {}\ningress: [{ports: [{port: 0}]}]"),
            file: "x.yaml")
        #expect(reading.exitCode == 1)
        #expect(reading.cluster.policies.isEmpty)
        #expect(
            reading.problemLines == [
                "x.yaml:34:29: error: spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "x.yaml:29:1: warning: NetworkPolicy shop/bad is invalid and left out of the connectivity analysis",
            ])
    }
}
