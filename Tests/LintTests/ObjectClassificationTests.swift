import Foundation
import Testing

@testable import Lint

/// Which objects are checked and which are skipped, and why; lists are unwrapped; unreadable files reported
/// with the parser's message and position.
struct ObjectClassificationTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        /// `checked <name>` / `skipped <reason>` per object, or `unreadable <line:col> <message>`.
        var expected: [String]
        var testDescription: String { name }
    }

    static let np = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a, namespace: ns}\n"

    static let rows: [Row] = [
        Row(name: "empty file", yaml: "", expected: []),
        Row(name: "comments and empty documents", yaml: "# nothing\n---\n---\n", expected: []),
        Row(name: "a NetworkPolicy", yaml: np, expected: ["1:1 checked ns/a"]),
        Row(
            name: "flow style after a separator",
            yaml: "---\n{ apiVersion: \"networking.k8s.io/v1\", kind: NetworkPolicy, metadata: {name: x}, }\n",
            expected: ["2:1 checked x"]),
        Row(
            name: "JSON",
            yaml:
                "{\"apiVersion\": \"networking.k8s.io/v1\",\n\t\"kind\": \"NetworkPolicy\", \"metadata\": {\"name\": \"j\"}}",
            expected: ["1:1 checked j"]),
        Row(
            name: "Calico NetworkPolicy",
            yaml: "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: c}\n",
            expected: ["1:1 skipped NetworkPolicy of projectcalico.org/v3, not networking.k8s.io/v1"]),
        Row(
            name: "extensions/v1beta1 NetworkPolicy", yaml: "apiVersion: extensions/v1beta1\nkind: NetworkPolicy\n",
            expected: ["1:1 skipped NetworkPolicy of extensions/v1beta1, not networking.k8s.io/v1"]),
        Row(
            name: "CiliumNetworkPolicy", yaml: "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n",
            expected: ["1:1 skipped kind CiliumNetworkPolicy (cilium.io/v2) is not a NetworkPolicy"]),
        Row(
            name: "Deployment then NetworkPolicy", yaml: "apiVersion: apps/v1\nkind: Deployment\n---\n" + np,
            expected: ["1:1 skipped kind Deployment (apps/v1) is not a NetworkPolicy", "4:1 checked ns/a"]),
        Row(
            name: "no kind", yaml: "name: x\nvalue: 1\n",
            expected: ["1:1 skipped not a Kubernetes object: no string apiVersion and kind"]),
        Row(
            name: "kind is not a string", yaml: "apiVersion: v1\nkind: [a]\n",
            expected: ["1:1 skipped not a Kubernetes object: no string apiVersion and kind"]),
        Row(
            name: "a scalar document", yaml: "just text\n",
            expected: ["1:1 skipped not a Kubernetes object: the document is a scalar"]),
        Row(
            name: "a list document", yaml: "- a\n- b\n",
            expected: ["1:1 skipped not a Kubernetes object: the document is a list"]),
        Row(
            name: "kind List unwrapped",
            yaml:
                "apiVersion: v1\nkind: List\nitems:\n- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata: {name: i}\n- apiVersion: v1\n  kind: Service\n",
            expected: ["4:3 checked i", "7:3 skipped kind Service (v1) is not a NetworkPolicy"]),
        Row(
            name: "NetworkPolicyList items default their type",
            yaml: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicyList\nitems:\n- metadata: {name: i}\n",
            expected: ["4:3 checked i"]),
        Row(name: "empty List", yaml: "apiVersion: v1\nkind: List\nitems: []\n", expected: []),
        Row(
            name: "Helm template", yaml: "{{- if .Values.enabled }}\nkind: NetworkPolicy\n",
            expected: ["unreadable 1:3 yaml: line 1: did not find expected node content"]),
        Row(
            name: "syntax error after a good document",
            yaml: np + "---\nmetadata:\n  name: {{ printf \"%s:%s\" }}\n  x: @y\n",
            expected: ["unreadable 7:6 yaml: line 7: found character that cannot start any token"]),
        Row(
            name: "bad indentation", yaml: "a:\n  b: 1\n c: 2\n",
            expected: ["unreadable 3:2 yaml: line 3: did not find expected key"]),
    ]

    @Test(arguments: rows)
    func classify(_ row: Row) {
        let report = Linter().lint(text: row.yaml, file: "f.yaml")
        var got: [String] = []
        if let unreadable = report.unreadable {
            got.append("unreadable \(unreadable.position) \(unreadable.message)")
            #expect(unreadable.rule == RuleID.unreadable)
        }
        for object in report.objects {
            switch object.outcome {
            case .checked: got.append("\(object.position) checked \(object.name)")
            case .skipped(let reason): got.append("\(object.position) skipped \(reason)")
            }
        }
        #expect(got == row.expected)
    }

    @Test func findingsInsideListItemsPointIntoTheItem() {
        let yaml =
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata: {name: a}\n  spec: {ingres: []}\n"
        let findings = Linter().lint(text: yaml, file: "l.yaml").objects.flatMap(\.findings)
        #expect(
            findings.map { "\($0.position) \($0.object) \($0.message)" } == [
                "7:10 a strict decoding error: unknown field \"spec.ingres\""
            ])
    }

    @Test func invalidUTF8IsUnreadable() {
        let source = SourceFile(displayPath: "bin.yaml", origin: .contents(Data([0x6B, 0x3A, 0xFF, 0x0A])))
        #expect(Linter().lint(source).unreadable?.message == "read bin.yaml: not valid UTF-8 text")
    }
}
