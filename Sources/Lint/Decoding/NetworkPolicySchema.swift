/// The fields of `networking.k8s.io/v1` NetworkPolicy in Kubernetes v1.36 (k8s.io/api/networking/v1/types.go,
/// k8s.io/apimachinery/pkg/apis/meta/v1/types.go). `status` is not a field: the status subresource was
/// withdrawn in 1.28, so the apiserver reports `unknown field "status"`. `metadata.clusterName` was removed in 1.25.
enum NetworkPolicySchema {
    static let string = FieldSchema.string(goType: "string")
    static let stringMap = FieldSchema.map(string, goType: "map[string]string")
    static let stringList = FieldSchema.list(string, goType: "[]string")

    static let labelSelectorRequirement = StructSchema(
        "LabelSelectorRequirement",
        fields: [
            "key": string,
            "operator": .string(goType: "v1.LabelSelectorOperator"),
            "values": stringList,
        ])

    static let labelSelector = StructSchema(
        "LabelSelector",
        fields: [
            "matchLabels": stringMap,
            "matchExpressions": .list(.object(labelSelectorRequirement), goType: "[]v1.LabelSelectorRequirement"),
        ])

    static let ipBlock = StructSchema("IPBlock", fields: ["cidr": string, "except": stringList])

    static let peer = StructSchema(
        "NetworkPolicyPeer",
        fields: [
            "podSelector": .object(labelSelector),
            "namespaceSelector": .object(labelSelector),
            "ipBlock": .object(ipBlock),
        ])

    static let port = StructSchema(
        "NetworkPolicyPort",
        fields: [
            "protocol": .string(goType: "v1.Protocol"),
            "port": .intOrString,
            "endPort": .integer(goType: "int32", bits: 32),
        ])

    static let ports = FieldSchema.list(.object(port), goType: "[]v1.NetworkPolicyPort")
    static let peers = FieldSchema.list(.object(peer), goType: "[]v1.NetworkPolicyPeer")

    static let ingressRule = StructSchema("NetworkPolicyIngressRule", fields: ["ports": ports, "from": peers])
    static let egressRule = StructSchema("NetworkPolicyEgressRule", fields: ["ports": ports, "to": peers])

    static let spec = StructSchema(
        "NetworkPolicySpec",
        fields: [
            "podSelector": .object(labelSelector),
            "ingress": .list(.object(ingressRule), goType: "[]v1.NetworkPolicyIngressRule"),
            "egress": .list(.object(egressRule), goType: "[]v1.NetworkPolicyEgressRule"),
            "policyTypes": .list(.string(goType: "v1.PolicyType"), goType: "[]v1.PolicyType"),
        ])

    static let ownerReference = StructSchema(
        "OwnerReference",
        fields: [
            "apiVersion": string, "kind": string, "name": string, "uid": .string(goType: "types.UID"),
            "controller": .boolean, "blockOwnerDeletion": .boolean,
        ])

    static let managedFieldsEntry = StructSchema(
        "ManagedFieldsEntry",
        fields: [
            "manager": string, "operation": .string(goType: "v1.ManagedFieldsOperationType"), "apiVersion": string,
            "time": .time, "fieldsType": string, "fieldsV1": .any, "subresource": string,
        ])

    static let objectMeta = StructSchema(
        "ObjectMeta",
        fields: [
            "name": string, "generateName": string, "namespace": string, "selfLink": string,
            "uid": .string(goType: "types.UID"), "resourceVersion": string,
            "generation": .integer(goType: "int64", bits: 64),
            "creationTimestamp": .time, "deletionTimestamp": .time,
            "deletionGracePeriodSeconds": .integer(goType: "int64", bits: 64),
            "labels": stringMap, "annotations": stringMap,
            "ownerReferences": .list(.object(ownerReference), goType: "[]v1.OwnerReference"),
            "finalizers": stringList,
            "managedFields": .list(.object(managedFieldsEntry), goType: "[]v1.ManagedFieldsEntry"),
        ])

    static let networkPolicy = StructSchema(
        "NetworkPolicy",
        fields: ["apiVersion": string, "kind": string, "metadata": .object(objectMeta), "spec": .object(spec)])
}
