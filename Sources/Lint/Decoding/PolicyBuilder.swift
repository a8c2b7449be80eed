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
/// `ObjectMeta`'s `CodingKeys` leave it out (`ObjectDecoder` reads it). Entries are read by index: a
/// `for entry in entries` loop copies (retains and releases) every entry it passes.
enum PolicyBuilder {
    /// Nil when `node` is not a mapping.
    static func networkPolicy(_ node: YAMLNode) -> NetworkPolicy? {
        guard case .mapping(let entries) = node.value else { return nil }
        var policy = NetworkPolicy(apiVersion: nil, kind: nil)
        for index in entries.indices {
            switch entries[index].key {
            case "apiVersion": policy.apiVersion = string(entries[index].value)
            case "kind": policy.kind = string(entries[index].value)
            // `NetworkPolicy.init(from:)`: a missing or null metadata or spec is the empty one.
            case "metadata": policy.metadata = object(entries[index].value, objectMeta) ?? ObjectMeta()
            case "spec": policy.spec = object(entries[index].value, spec) ?? NetworkPolicySpec()
            default: break
            }
        }
        return policy
    }

    static func objectMeta(_ entries: [YAMLEntry]) -> ObjectMeta {
        var meta = ObjectMeta()
        for index in entries.indices {
            switch entries[index].key {
            case "name": meta.name = string(entries[index].value)
            case "generateName": meta.generateName = string(entries[index].value)
            case "namespace": meta.namespace = string(entries[index].value)
            case "uid": meta.uid = string(entries[index].value)
            case "resourceVersion": meta.resourceVersion = string(entries[index].value)
            case "generation": meta.generation = ObjectDecoder.integer(entries[index].value, bits: 64)
            case "creationTimestamp": meta.creationTimestamp = string(entries[index].value)
            case "deletionTimestamp": meta.deletionTimestamp = string(entries[index].value)
            case "deletionGracePeriodSeconds":
                meta.deletionGracePeriodSeconds = ObjectDecoder.integer(entries[index].value, bits: 64)
            case "labels": meta.labels = stringMap(entries[index].value)
            case "annotations": meta.annotations = stringMap(entries[index].value)
            case "finalizers": meta.finalizers = stringList(entries[index].value)
            case "ownerReferences": meta.ownerReferences = list(entries[index].value, ownerReference)
            default: break
            }
        }
        return meta
    }

    static func ownerReference(_ entries: [YAMLEntry]) -> OwnerReference {
        var reference = OwnerReference()
        for index in entries.indices {
            switch entries[index].key {
            case "apiVersion": reference.apiVersion = string(entries[index].value)
            case "kind": reference.kind = string(entries[index].value)
            case "name": reference.name = string(entries[index].value)
            case "uid": reference.uid = string(entries[index].value)
            case "controller": reference.controller = bool(entries[index].value)
            case "blockOwnerDeletion": reference.blockOwnerDeletion = bool(entries[index].value)
            default: break
            }
        }
        return reference
    }

    static func spec(_ entries: [YAMLEntry]) -> NetworkPolicySpec {
        // Decoded, a spec has a podSelector only when it names one (`NetworkPolicySpec()` makes an empty one).
        var spec = NetworkPolicySpec(podSelector: nil)
        for index in entries.indices {
            switch entries[index].key {
            case "podSelector": spec.podSelector = object(entries[index].value, labelSelector)
            case "ingress": spec.ingress = list(entries[index].value, ingressRule)
            case "egress": spec.egress = list(entries[index].value, egressRule)
            case "policyTypes": spec.policyTypes = stringList(entries[index].value)
            default: break
            }
        }
        return spec
    }

    static func ingressRule(_ entries: [YAMLEntry]) -> NetworkPolicyIngressRule {
        var rule = NetworkPolicyIngressRule()
        for index in entries.indices {
            switch entries[index].key {
            case "ports": rule.ports = list(entries[index].value, port)
            case "from": rule.from = list(entries[index].value, peer)
            default: break
            }
        }
        return rule
    }

    static func egressRule(_ entries: [YAMLEntry]) -> NetworkPolicyEgressRule {
        var rule = NetworkPolicyEgressRule()
        for index in entries.indices {
            switch entries[index].key {
            case "ports": rule.ports = list(entries[index].value, port)
            case "to": rule.to = list(entries[index].value, peer)
            default: break
            }
        }
        return rule
    }

    static func port(_ entries: [YAMLEntry]) -> NetworkPolicyPort {
        var port = NetworkPolicyPort()
        for index in entries.indices {
            switch entries[index].key {
            case "protocol": port.protocol = string(entries[index].value)
            case "port": port.port = intOrString(entries[index].value)
            case "endPort": port.endPort = ObjectDecoder.integer(entries[index].value, bits: 32).map { Int32($0) }
            default: break
            }
        }
        return port
    }

    static func peer(_ entries: [YAMLEntry]) -> NetworkPolicyPeer {
        var peer = NetworkPolicyPeer()
        for index in entries.indices {
            switch entries[index].key {
            case "podSelector": peer.podSelector = object(entries[index].value, labelSelector)
            case "namespaceSelector": peer.namespaceSelector = object(entries[index].value, labelSelector)
            case "ipBlock": peer.ipBlock = object(entries[index].value, ipBlock)
            default: break
            }
        }
        return peer
    }

    static func ipBlock(_ entries: [YAMLEntry]) -> IPBlock {
        var block = IPBlock(cidr: "")
        for index in entries.indices {
            switch entries[index].key {
            // `IPBlock.init(from:)`: a missing or null cidr is empty.
            case "cidr": block.cidr = string(entries[index].value) ?? ""
            case "except": block.except = stringList(entries[index].value)
            default: break
            }
        }
        return block
    }

    static func labelSelector(_ entries: [YAMLEntry]) -> LabelSelector {
        var selector = LabelSelector()
        for index in entries.indices {
            switch entries[index].key {
            case "matchLabels": selector.matchLabels = stringMap(entries[index].value)
            case "matchExpressions": selector.matchExpressions = list(entries[index].value, requirement)
            default: break
            }
        }
        return selector
    }

    static func requirement(_ entries: [YAMLEntry]) -> LabelSelectorRequirement {
        var requirement = LabelSelectorRequirement(key: "", operator: "")
        for index in entries.indices {
            switch entries[index].key {
            // `LabelSelectorRequirement.init(from:)`: a missing or null key or operator is empty.
            case "key": requirement.key = string(entries[index].value) ?? ""
            case "operator": requirement.operator = string(entries[index].value) ?? ""
            case "values": requirement.values = stringList(entries[index].value)
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
        return items.indices.map { index in
            guard case .mapping(let entries) = items[index].value else { return build([]) }
            return build(entries)
        }
    }

    /// A null element is the empty string.
    private static func stringList(_ node: YAMLNode) -> [String]? {
        guard case .sequence(let items) = node.value else { return nil }
        return items.indices.map { string(items[$0]) ?? "" }
    }

    /// A null value is the empty string. Keys equal as Swift strings are duplicates: the last one wins with its
    /// own text (keys equal as Strings may differ in bytes).
    private static func stringMap(_ node: YAMLNode) -> [String: String]? {
        guard case .mapping(let entries) = node.value else { return nil }
        var map = [String: String](minimumCapacity: entries.count)
        for index in entries.indices {
            let string: String
            switch entries[index].value.value {
            case .string(let value): string = value
            case .null: string = ""
            default: continue  // An earlier duplicate of the wrong type: the walk checked the last one only.
            }
            if map.updateValue(string, forKey: entries[index].key) != nil {
                map.removeValue(forKey: entries[index].key)
                map[entries[index].key] = string
            }
        }
        return map
    }
}
