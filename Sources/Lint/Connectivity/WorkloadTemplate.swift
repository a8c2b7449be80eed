import Connectivity

/// A workload object's pods as the connectivity analysis sees them: the pod template's labels and container
/// ports, and the controlling owner. Shared by `connectivity` (ClusterReader) and lint's checks on the same engine.
public enum WorkloadTemplate {
    /// The kinds whose pod template makes a workload, and where the template is (a Pod is its own).
    public static let templatePaths: [String: [String]] = [
        "Deployment": ["spec", "template"], "ReplicaSet": ["spec", "template"],
        "ReplicationController": ["spec", "template"], "StatefulSet": ["spec", "template"],
        "DaemonSet": ["spec", "template"], "Job": ["spec", "template"],
        "CronJob": ["spec", "jobTemplate", "spec", "template"], "Pod": [],
    ]

    /// The workload `node` (of `kind`) describes, nil when `kind` runs no pods or the object has no name. A
    /// missing namespace is `default`.
    public static func workload(of node: YAMLNode, kind: String, file: String) -> Workload? {
        guard let path = templatePaths[kind] else { return nil }
        let metadata = node["metadata"]
        let name = metadata?["name"]?.string ?? metadata?["generateName"]?.string ?? ""
        guard !name.isEmpty else { return nil }
        var namespace = metadata?["namespace"]?.string ?? ""
        if namespace.isEmpty { namespace = "default" }
        var template: YAMLNode? = node
        for key in path { template = template?[key] }
        return Workload(
            namespace: namespace, name: name, kind: kind, labels: stringMap(template?["metadata"]?["labels"]),
            ports: containerPorts(template?["spec"]),
            location: SourceLocation(file: file, line: node.position.line, column: node.position.column))
    }

    /// The controlling owner's kind and name (`controller: true`, not a Node); an owner without a kind is shown
    /// as `Pod`, as netpol-analyzer shows it.
    public static func controller(of node: YAMLNode) -> (kind: String, name: String)? {
        guard case .sequence(let references) = node["metadata"]?["ownerReferences"]?.value else { return nil }
        for reference in references {
            guard case .bool(true) = reference["controller"]?.value, let name = reference["name"]?.string,
                !name.isEmpty
            else { continue }
            let kind = reference["kind"]?.string ?? ""
            if kind == "Node" { continue }
            return (kind.isEmpty ? "Pod" : kind, name)
        }
        return nil
    }

    /// `containers[].ports[]`: `containerPort`, `name`, `protocol` (TCP when absent).
    static func containerPorts(_ podSpec: YAMLNode?) -> [ContainerPort] {
        guard case .sequence(let containers) = podSpec?["containers"]?.value else { return [] }
        var result: [ContainerPort] = []
        for container in containers {
            guard case .sequence(let ports) = container["ports"]?.value else { continue }
            for port in ports {
                guard case .integer(let number) = port["containerPort"]?.value,
                    let proto = TransportProtocol(name: port["protocol"]?.string ?? "TCP")
                else { continue }
                result.append(ContainerPort(name: port["name"]?.string, proto: proto, port: Int(number)))
            }
        }
        return result
    }

    /// The string values of a mapping (labels).
    public static func stringMap(_ node: YAMLNode?) -> [String: String] {
        guard case .mapping(let entries) = node?.value else { return [:] }
        var map: [String: String] = [:]
        for entry in entries {
            if let value = entry.value.string { map[entry.key] = value }
        }
        return map
    }
}
