import NetworkPolicyValidation

/// Builds the model from a YAML node that `ObjectDecoder`'s walk found free of type errors, as Go's encoding/json
/// reads the JSON kubectl would send: the last of duplicate keys wins, fields outside the model and null fields are
/// left out, a null list element or map value is its type's zero value, an integral float (`80.0`) is an integer,
/// and an integer is never a string (so an `IntOrString` stays what the document wrote).
///
/// Written out per type rather than through the model's `Decodable` conformances: a `Decoder` over the node spent
/// a fifth of lint's time in generic containers and metadata look-ups. Fields are read in document order and a
/// later duplicate overwrites an earlier one, so only the last counts; the walk checked only that one, so an
/// earlier duplicate of the wrong type reads as nothing and is overwritten. `metadata.managedFields` is left out as
/// `ObjectMeta`'s `CodingKeys` leave it out (`ObjectDecoder` reads it).
enum PolicyBuilder {
    /// Nil when `node` is not a mapping.
    static func networkPolicy(_ node: YAMLNode) -> NetworkPolicy? {
        guard case .mapping(let entries) = node.value else { return nil }
        var policy = NetworkPolicy(apiVersion: nil, kind: nil)
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "apiVersion": policy.apiVersion = string(value)
            case "kind": policy.kind = string(value)
            // `NetworkPolicy.init(from:)`: a missing or null metadata or spec is the empty one.
            case "metadata": policy.metadata = object(value, objectMeta) ?? ObjectMeta()
            case "spec": policy.spec = object(value, spec) ?? NetworkPolicySpec()
            default: break
            }
        }
        return policy
    }

    static func objectMeta(_ entries: [YAMLEntry]) -> ObjectMeta {
        var meta = ObjectMeta()
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "name": meta.name = string(value)
            case "generateName": meta.generateName = string(value)
            case "namespace": meta.namespace = string(value)
            case "uid": meta.uid = string(value)
            case "resourceVersion": meta.resourceVersion = string(value)
            case "generation": meta.generation = ObjectDecoder.integer(value, bits: 64)
            case "creationTimestamp": meta.creationTimestamp = string(value)
            case "deletionTimestamp": meta.deletionTimestamp = string(value)
            case "deletionGracePeriodSeconds": meta.deletionGracePeriodSeconds = ObjectDecoder.integer(value, bits: 64)
            case "labels": meta.labels = stringMap(value)
            case "annotations": meta.annotations = stringMap(value)
            case "finalizers": meta.finalizers = stringList(value)
            case "ownerReferences": meta.ownerReferences = list(value, ownerReference)
            default: break
            }
        }
        return meta
    }

    static func ownerReference(_ entries: [YAMLEntry]) -> OwnerReference {
        var reference = OwnerReference()
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "apiVersion": reference.apiVersion = string(value)
            case "kind": reference.kind = string(value)
            case "name": reference.name = string(value)
            case "uid": reference.uid = string(value)
            case "controller": reference.controller = bool(value)
            case "blockOwnerDeletion": reference.blockOwnerDeletion = bool(value)
            default: break
            }
        }
        return reference
    }

    static func spec(_ entries: [YAMLEntry]) -> NetworkPolicySpec {
        // Decoded, a spec has a podSelector only when it names one (`NetworkPolicySpec()` makes an empty one).
        var spec = NetworkPolicySpec(podSelector: nil)
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "podSelector": spec.podSelector = object(value, labelSelector)
            case "ingress": spec.ingress = list(value, ingressRule)
            case "egress": spec.egress = list(value, egressRule)
            case "policyTypes": spec.policyTypes = stringList(value)
            default: break
            }
        }
        return spec
    }

    static func ingressRule(_ entries: [YAMLEntry]) -> NetworkPolicyIngressRule {
        var rule = NetworkPolicyIngressRule()
        for entry in entries {
            switch entry.key {
            case "ports": rule.ports = list(entry.value, port)
            case "from": rule.from = list(entry.value, peer)
            default: break
            }
        }
        return rule
    }

    static func egressRule(_ entries: [YAMLEntry]) -> NetworkPolicyEgressRule {
        var rule = NetworkPolicyEgressRule()
        for entry in entries {
            switch entry.key {
            case "ports": rule.ports = list(entry.value, port)
            case "to": rule.to = list(entry.value, peer)
            default: break
            }
        }
        return rule
    }

    static func port(_ entries: [YAMLEntry]) -> NetworkPolicyPort {
        var port = NetworkPolicyPort()
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "protocol": port.protocol = string(value)
            case "port": port.port = intOrString(value)
            case "endPort": port.endPort = ObjectDecoder.integer(value, bits: 32).map { Int32($0) }
            default: break
            }
        }
        return port
    }

    static func peer(_ entries: [YAMLEntry]) -> NetworkPolicyPeer {
        var peer = NetworkPolicyPeer()
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "podSelector": peer.podSelector = object(value, labelSelector)
            case "namespaceSelector": peer.namespaceSelector = object(value, labelSelector)
            case "ipBlock": peer.ipBlock = object(value, ipBlock)
            default: break
            }
        }
        return peer
    }

    static func ipBlock(_ entries: [YAMLEntry]) -> IPBlock {
        var block = IPBlock(cidr: "")
        for entry in entries {
            switch entry.key {
            // `IPBlock.init(from:)`: a missing or null cidr is empty.
            case "cidr": block.cidr = string(entry.value) ?? ""
            case "except": block.except = stringList(entry.value)
            default: break
            }
        }
        return block
    }

    static func labelSelector(_ entries: [YAMLEntry]) -> LabelSelector {
        var selector = LabelSelector()
        for entry in entries {
            switch entry.key {
            case "matchLabels": selector.matchLabels = stringMap(entry.value)
            case "matchExpressions": selector.matchExpressions = list(entry.value, requirement)
            default: break
            }
        }
        return selector
    }

    static func requirement(_ entries: [YAMLEntry]) -> LabelSelectorRequirement {
        var requirement = LabelSelectorRequirement(key: "", operator: "")
        for entry in entries {
            switch entry.key {
            // `LabelSelectorRequirement.init(from:)`: a missing or null key or operator is empty.
            case "key": requirement.key = string(entry.value) ?? ""
            case "operator": requirement.operator = string(entry.value) ?? ""
            case "values": requirement.values = stringList(entry.value)
            default: break
            }
        }
        return requirement
    }

    // MARK: - Values

    private static func string(_ node: YAMLNode) -> String? {
        if case .string(let string) = node.value { return string }
        return nil
    }

    private static func bool(_ node: YAMLNode) -> Bool? {
        if case .bool(let bool) = node.value { return bool }
        return nil
    }

    /// A string is a port name; anything else the walk let through is an int32.
    private static func intOrString(_ node: YAMLNode) -> IntOrString? {
        if case .string(let string) = node.value { return .string(string) }
        return ObjectDecoder.integer(node, bits: 32).map { .int(Int32($0)) }
    }

    /// A struct from a mapping; nil for null (the field is absent).
    private static func object<T>(_ node: YAMLNode, _ build: ([YAMLEntry]) -> T) -> T? {
        guard case .mapping(let entries) = node.value else { return nil }
        return build(entries)
    }

    /// A list of structs; a null element is the struct built from no fields (Go's zero value).
    private static func list<T>(_ node: YAMLNode, _ build: ([YAMLEntry]) -> T) -> [T]? {
        guard case .sequence(let items) = node.value else { return nil }
        return items.map { item in
            guard case .mapping(let entries) = item.value else { return build([]) }
            return build(entries)
        }
    }

    /// A null element is the empty string.
    private static func stringList(_ node: YAMLNode) -> [String]? {
        guard case .sequence(let items) = node.value else { return nil }
        return items.map { string($0) ?? "" }
    }

    /// A null value is the empty string. Keys equal as Swift strings are duplicates: the last one wins with its
    /// own text (keys equal as Strings may differ in bytes).
    private static func stringMap(_ node: YAMLNode) -> [String: String]? {
        guard case .mapping(let entries) = node.value else { return nil }
        var map = [String: String](minimumCapacity: entries.count)
        for entry in entries {
            let string: String
            switch entry.value.value {
            case .string(let value): string = value
            case .null: string = ""
            default: continue  // An earlier duplicate of the wrong type: the walk checked the last one only.
            }
            if map.updateValue(string, forKey: entry.key) != nil {
                map.removeValue(forKey: entry.key)
                map[entry.key] = string
            }
        }
        return map
    }
}
