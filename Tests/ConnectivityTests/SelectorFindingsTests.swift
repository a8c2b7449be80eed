import Connectivity
import ConnectivityReader
import Testing

/// The findings lint's `selects-no-pods`, `peer-selects-nothing` and `named-port-unresolved` report, on
/// `SemanticsTests.workloads` (shop/web with ports http and UDP metrics, shop/db with sql, ops/probe).
struct SelectorFindingsTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var spec: String
        var namespace = "shop"
        /// `path: detail` of each finding.
        var expected: [String]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "selectors that match: nothing to say",
            spec:
                "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{podSelector: {matchLabels: {app: web}}}, {namespaceSelector: {matchLabels: {team: ops}}}], ports: [{port: sql}]}]",
            expected: []),
        Row(
            name: "a podSelector matching no workload of the namespace",
            spec: "podSelector: {matchLabels: {app: dbb}}\npolicyTypes: [Ingress]",
            expected: ["spec.podSelector: selects no workload of namespace shop in the files"]),
        Row(
            name: "a namespace without workloads in the files is not judged",
            spec: "podSelector: {matchLabels: {app: nothing}}\npolicyTypes: [Ingress]", namespace: "empty", expected: []
        ),
        Row(
            name:
                "peers whose labels match nothing; a namespaceSelector matching a declared namespace without workloads is fine",
            spec:
                "podSelector: {}\ningress: [{from: [{podSelector: {matchLabels: {app: wbe}}}, {namespaceSelector: {matchLabels: {team: opz}}}, {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}, podSelector: {matchLabels: {app: probe}}}, {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: quiet}}}, {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: default}}}, {ipBlock: {cidr: 10.0.0.0/8}}]}]",
            expected: [
                "spec.ingress[0].from[0]: selects no workload in the files",
                "spec.ingress[0].from[1]: selects no namespace in the files",
                "spec.ingress[0].from[2]: selects no workload in the files",
                "spec.ingress[0].from[4]: selects no namespace in the files",
            ]),
        Row(
            name: "named ports: ingress against the selected pods, egress against the peers, protocol included",
            spec:
                "podSelector: {matchLabels: {app: web}}\ningress: [{ports: [{port: http}, {port: metrics}, {port: metrics, protocol: UDP}, {port: sql}]}]\negress: [{to: [{podSelector: {matchLabels: {app: db}}}], ports: [{port: sql}, {port: http}]}, {ports: [{port: http}, {port: dns}]}]",
            expected: [
                "spec.ingress[0].ports[1].port: no selected workload declares a TCP container port named \"metrics\", so it opens nothing",
                "spec.ingress[0].ports[3].port: no selected workload declares a TCP container port named \"sql\", so it opens nothing",
                "spec.egress[0].ports[1].port: no destination workload declares a TCP container port named \"http\", so it opens nothing",
                "spec.egress[1].ports[1].port: no destination workload declares a TCP container port named \"dns\", so it opens nothing",
            ]),
    ]

    @Test("selector findings", arguments: rows)
    func findings(row: Row) {
        let quiet = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: quiet}\n"
        let yaml = SemanticsTests.workloads + quiet + SemanticsTests.policy("p", namespace: row.namespace, row.spec)
        let reading = ClusterReader.read(text: yaml)
        #expect(reading.cluster.policies.count == 1)
        let analysis = ConnectivityAnalysis(reading.cluster)
        #expect(analysis.selectorFindings(ofPolicy: 0).map { "\($0.path): \($0.detail)" } == row.expected)
    }
}
