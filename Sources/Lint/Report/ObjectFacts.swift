import NetworkPolicyValidation
import PolicyChecks

/// What the namespace-wide checks need from one object, kept while files are read concurrently and used once
/// they are all read (`NamespacePass`).
enum ObjectFacts: Hashable, Sendable {
    /// A NetworkPolicy (defaulted spec); `accepted` when the apiserver's rules take it, so it counts as
    /// opening or isolating anything.
    case policy(PolicySummary, spec: NetworkPolicySpec, accepted: Bool)
    /// A `v1` Namespace: its labels for label-selector exemptions, and checks its annotation switches off.
    case namespace(name: String, labels: [String: String], ignored: Set<Check>)
    /// An object that runs pods (`missing-default-deny`), in `namespace` (`default` when it names none).
    case workload(namespace: String)

    /// The kinds that run pods.
    static let workloadKinds: Set<String> = [
        "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob",
    ]
}
