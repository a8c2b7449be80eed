import Connectivity
import Lint
import NetworkPolicyValidation

/// What reading manifests for connectivity produced: the cluster model, and lint's word on what could not be used.
public struct ClusterReading: Sendable {
    public var cluster: Cluster
    /// Files that could not be read or parsed.
    public var unreadable: [Finding]
    /// NetworkPolicies the apiserver would reject, with lint's findings: left out of the analysis.
    public var invalidPolicies: [ObjectReport]
    /// NetworkPolicies the apiserver would reject for their metadata alone (a name with `_`): their rules mean
    /// what they say, so they are analysed, as netpol-analyzer analyses them, with lint's findings reported.
    public var analysedDespiteMetadata: [ObjectReport] = []

    /// Lint's exit status for the same input: 2 when a file is unreadable, 1 when a policy is invalid, else 0.
    public var exitCode: Int32 {
        !unreadable.isEmpty ? 2 : invalidPolicies.isEmpty && analysedDespiteMetadata.isEmpty ? 0 : 1
    }

    /// Lint's lines for the problems (`file:line:column: error: ...`), and one warning per left-out policy.
    public var problemLines: [String] {
        var lines = unreadable.map(TextFormatter.line(for:))
        for report in invalidPolicies {
            lines += report.findings.filter { $0.severity == .error }.map(TextFormatter.line(for:))
            lines.append(
                "\(report.file):\(report.position): warning: NetworkPolicy \(report.name) is invalid and left out of "
                    + "the connectivity analysis")
        }
        for report in analysedDespiteMetadata {
            lines += report.findings.filter { $0.severity == .error }.map(TextFormatter.line(for:))
            lines.append(
                "\(report.file):\(report.position): warning: NetworkPolicy \(report.name) is analysed anyway: only its "
                    + "metadata is invalid")
        }
        return lines
    }
}

/// Turns manifests read by lint's reader into the connectivity model: Namespaces, the workload kinds (pod
/// template labels and container ports), Pods shown as their controller, and the NetworkPolicies lint accepts.
public enum ClusterReader {
    /// Reads files, directories or `-` as `lint` does.
    public static func read(paths: [String], concurrency: Int? = nil) -> ClusterReading {
        var options = LintOptions()
        if let concurrency { options.concurrency = concurrency }
        return read(Linter(options: options).readManifests(FileFinder.sources(for: paths)))
    }

    /// Reads YAML or JSON text shown as `file`.
    public static func read(text: String, file: String = "input.yaml") -> ClusterReading {
        read([Linter(options: LintOptions(concurrency: 1)).readManifest(text: text, file: file)])
    }

    public static func read(_ files: [ManifestFile]) -> ClusterReading {
        var builder = Builder()
        var unreadable: [Finding] = []
        var invalid: [ObjectReport] = []
        var metadataOnly: [ObjectReport] = []
        for file in files {
            if let finding = file.report.unreadable { unreadable.append(finding) }
            var accepted: Set<SourcePosition> = []
            for report in file.report.objects where report.kind == "NetworkPolicy" && !report.isSkipped {
                let errors = report.findings.filter { $0.severity == .error }
                if errors.isEmpty {
                    accepted.insert(report.position)
                } else if errors.allSatisfy({ $0.rule == RuleID.kubernetes && $0.field.hasPrefix("metadata.") }) {
                    accepted.insert(report.position)
                    metadataOnly.append(report)
                } else {
                    invalid.append(report)
                }
            }
            for root in file.documents {
                builder.add(root, file: file.path, defaultType: nil, acceptedPolicies: accepted)
            }
        }
        return ClusterReading(
            cluster: builder.cluster(), unreadable: unreadable, invalidPolicies: invalid,
            analysedDespiteMetadata: metadataOnly)
    }

    /// Collects objects in input order; workloads are settled once all are read (an owner may come after its pods).
    struct Builder {
        var namespaces: [String: [String: String]] = [:]
        var workloads: [(workload: Workload, owner: OwnerKey?)] = []
        var policies: [Policy] = []

        struct OwnerKey: Hashable {
            var namespace: String
            var kind: String
            var name: String
        }

        mutating func add(
            _ node: YAMLNode, file: String, defaultType: (String, String)?, acceptedPolicies: Set<SourcePosition>
        ) {
            guard case .mapping = node.value else { return }
            let apiVersion = node["apiVersion"]?.string ?? (node["apiVersion"] == nil ? defaultType?.0 : nil) ?? ""
            let kind = node["kind"]?.string ?? (node["kind"] == nil ? defaultType?.1 : nil) ?? ""
            if kind.hasSuffix("List"), case .sequence(let items) = node["items"]?.value {
                let itemType = kind == "List" ? nil : (apiVersion, String(kind.dropLast(4)))
                for item in items {
                    add(item, file: file, defaultType: itemType, acceptedPolicies: acceptedPolicies)
                }
                return
            }
            let metadata = node["metadata"]
            let name = metadata?["name"]?.string ?? metadata?["generateName"]?.string ?? ""
            let location = SourceLocation(file: file, line: node.position.line, column: node.position.column)
            switch kind {
            case "Namespace":
                guard !name.isEmpty else { return }
                namespaces[name, default: [:]].merge(WorkloadTemplate.stringMap(metadata?["labels"])) { $1 }
            case "NetworkPolicy":
                guard apiVersion == "networking.k8s.io/v1", acceptedPolicies.contains(node.position),
                    let policy = Linter.decodeNetworkPolicy(node)
                else { return }
                func locations(_ field: String) -> [SourceLocation] {
                    guard case .sequence(let rules) = node["spec"]?[field]?.value else { return [] }
                    return rules.map { SourceLocation(file: file, line: $0.position.line, column: $0.position.column) }
                }
                policies.append(
                    Policy(
                        policy, location: location, ingressLocations: locations("ingress"),
                        egressLocations: locations("egress")))
            default:
                guard let workload = WorkloadTemplate.workload(of: node, kind: kind, file: file) else { return }
                let owner = WorkloadTemplate.controller(of: node).map {
                    OwnerKey(namespace: workload.namespace, kind: $0.kind, name: $0.name)
                }
                workloads.append((workload, owner))
            }
        }

        /// The workloads: each object shown as its controller, followed up the chain through the input (a Pod of
        /// a ReplicaSet of a Deployment is the Deployment when all three are given); objects of the workload kinds
        /// come before Pods, so a controller given in the input lends its template, else the first Pod does.
        func cluster() -> Cluster {
            var ownerOf: [OwnerKey: OwnerKey] = [:]
            for (workload, owner) in workloads {
                if let owner {
                    ownerOf[OwnerKey(namespace: workload.namespace, kind: workload.kind, name: workload.name)] = owner
                }
            }
            var shown: [Workload] = []
            let ordered =
                workloads.filter { $0.workload.kind != "Pod" } + workloads.filter { $0.workload.kind == "Pod" }
            for (workload, _) in ordered {
                var key = OwnerKey(namespace: workload.namespace, kind: workload.kind, name: workload.name)
                var steps = 0
                while let owner = ownerOf[key], steps < 8 {
                    key = owner
                    steps += 1
                }
                var result = workload
                result.kind = key.kind
                result.name = key.name
                shown.append(result)
            }
            return Cluster(namespaces: namespaces, workloads: shown, policies: policies)
        }
    }
}
