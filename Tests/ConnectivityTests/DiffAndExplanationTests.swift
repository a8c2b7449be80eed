import Connectivity
import ConnectivityReader
import Testing

/// `ConnectivityDiff` and the explanation lines, on `SemanticsTests.workloads`.
struct DiffAndExplanationTests {
    static func analysis(_ policies: String) -> ConnectivityAnalysis {
        ConnectivityAnalysis(ClusterReader.read(text: SemanticsTests.workloads + policies).cluster)
    }

    static let dbFromWeb = SemanticsTests.policy(
        "db",
        "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]"
    )

    @Test("a new ipBlock cuts both versions alike: no spurious added/removed ranges")
    func diffCutsBothAlike() {
        let old = Self.analysis(Self.dbFromWeb)
        let new = Self.analysis(
            Self.dbFromWeb
                + SemanticsTests.policy(
                    "db-cidr",
                    "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 5432}]}]"
                ))
        let diff = ConnectivityDiff(old: old, new: new)
        #expect(
            diff.entries.map { "\($0.change): \($0.source) => \($0.destination) : \($0.old) -> \($0.new)" } == [
                "added: 10.0.0.0-10.255.255.255[External] => shop/db[Deployment] : No Connections -> TCP 5432"
            ])
        #expect(diff.has(.added))
        #expect(!diff.has(.removed))
        #expect(ConnectivityDiff(old: new, new: old).has(.removed))
        #expect(ConnectivityDiff(old: old, new: old).entries.isEmpty)
    }

    @Test("a rule that admits the peer on a named port the destination lacks is named, with why it opens nothing")
    func explanationNamedPort() throws {
        let analysis = Self.analysis(
            SemanticsTests.policy(
                "db",
                "podSelector: {matchLabels: {app: db}}\ningress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: http}]}]"
            ))
        let web = try analysis.endpoint(named: "shop/web").get()
        let db = try analysis.endpoint(named: "shop/db").get()
        let explanation = analysis.explain(from: web, to: db)
        #expect(explanation.allowed.isEmpty)
        #expect(
            explanation.lines() == [
                "  egress of shop/web[Deployment]: not isolated (no policy selects it for Egress): All Connections",
                "  ingress of shop/db[Deployment]: isolated by shop/db (input.yaml:29:1)",
                "    shop/db spec.ingress[0] (input.yaml:34:13) admits shop/web[Deployment] but its ports open nothing to it (named port not declared)",
            ])
    }

    @Test("endpoints: ns/name, ns/name[Kind], a name unique across namespaces, an IP; unknown and ambiguous names")
    func endpoints() throws {
        let analysis = Self.analysis("")
        #expect(try analysis.endpoint(named: "shop/web").get().name == "shop/web[Deployment]")
        #expect(try analysis.endpoint(named: "ops/probe[Deployment]").get().name == "ops/probe[Deployment]")
        #expect(try analysis.endpoint(named: "probe").get().name == "ops/probe[Deployment]")
        #expect(try analysis.endpoint(named: "2001:db8::1").get().name == "2001:db8::1[External]")
        #expect(throws: ConnectivityAnalysis.EndpointError.notFound("shop/nope")) {
            try analysis.endpoint(named: "shop/nope").get()
        }
        let twice = ConnectivityAnalysis(
            ClusterReader.read(
                text: SemanticsTests.deployment("web", namespace: "a") + "---\n"
                    + SemanticsTests.deployment("web", namespace: "b")
            ).cluster)
        #expect(
            throws: ConnectivityAnalysis.EndpointError.ambiguous(
                "web", candidates: ["a/web[Deployment]", "b/web[Deployment]"])
        ) {
            try twice.endpoint(named: "web").get()
        }
    }
}
