/// Decodes a NetworkPolicy straight from JSON bytes, field by field, with the same result as
/// `JSONDecoder().decode(NetworkPolicy.self, ...)` and about ten times faster (no `Codable` containers, no
/// intermediate tree, keys compared as bytes). When the input is anything but plain, valid JSON of the expected
/// shape it throws `JSONReader.Unsupported` and the caller falls back to `JSONDecoder` for the answer and its
/// error message.
public enum NetworkPolicyJSONDecoder {
    public typealias Unsupported = JSONReader.Unsupported

    /// The policy in `bytes` (one JSON object, nothing after it), or `Unsupported`.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(Unsupported) -> NetworkPolicy {
        var reader = JSONReader(bytes)
        let policy = try networkPolicy(&reader)
        try reader.expectEnd()
        return policy
    }

    /// Known keys seen so far in one object: a repeated one is left to JSONDecoder.
    public struct SeenKeys {
        private var bits: UInt32 = 0
        public init() {}
        @inline(__always)
        public mutating func insert(_ bit: UInt32) throws(Unsupported) {
            let mask: UInt32 = 1 << bit
            guard bits & mask == 0 else { throw Unsupported() }
            bits |= mask
        }
    }

    /// A NetworkPolicy object at the reader (as `NetworkPolicy.init(from:)`: absent metadata and spec default).
    public static func networkPolicy(_ reader: inout JSONReader) throws(Unsupported) -> NetworkPolicy {
        var policy = NetworkPolicy(apiVersion: nil, kind: nil)
        var seen = SeenKeys()
        try reader.readObject { reader, key throws(Unsupported) in
            if key == "apiVersion" {
                try seen.insert(0)
                policy.apiVersion = try optionalString(&reader)
            } else if key == "kind" {
                try seen.insert(1)
                policy.kind = try optionalString(&reader)
            } else if key == "metadata" {
                try seen.insert(2)
                policy.metadata = try reader.readNull() ? ObjectMeta() : objectMeta(&reader)
            } else if key == "spec" {
                try seen.insert(3)
                policy.spec = try reader.readNull() ? NetworkPolicySpec() : spec(&reader)
            } else {
                try reader.skipValue()
            }
        }
        return policy
    }

    static func objectMeta(_ reader: inout JSONReader) throws(Unsupported) -> ObjectMeta {
        var meta = ObjectMeta()
        var seen = SeenKeys()
        try reader.readObject { reader, key throws(Unsupported) in
            if key == "name" {
                try seen.insert(0)
                meta.name = try optionalString(&reader)
            } else if key == "namespace" {
                try seen.insert(1)
                meta.namespace = try optionalString(&reader)
            } else if key == "labels" {
                try seen.insert(2)
                meta.labels = try optionalStringMap(&reader)
            } else if key == "annotations" {
                try seen.insert(3)
                meta.annotations = try optionalStringMap(&reader)
            } else if key == "generateName" {
                try seen.insert(4)
                meta.generateName = try optionalString(&reader)
            } else if key == "uid" {
                try seen.insert(5)
                meta.uid = try optionalString(&reader)
            } else if key == "resourceVersion" {
                try seen.insert(6)
                meta.resourceVersion = try optionalString(&reader)
            } else if key == "generation" {
                try seen.insert(7)
                meta.generation = try reader.readNull() ? nil : reader.readInt64()
            } else if key == "creationTimestamp" {
                try seen.insert(8)
                meta.creationTimestamp = try optionalString(&reader)
            } else if key == "deletionTimestamp" {
                try seen.insert(9)
                meta.deletionTimestamp = try optionalString(&reader)
            } else if key == "deletionGracePeriodSeconds" {
                try seen.insert(10)
                meta.deletionGracePeriodSeconds = try reader.readNull() ? nil : reader.readInt64()
            } else if key == "finalizers" {
                try seen.insert(11)
                meta.finalizers = try optionalStringList(&reader)
            } else if key == "ownerReferences" {
                try seen.insert(12)
                if try reader.readNull() {
                    meta.ownerReferences = nil
                } else {
                    var references: [OwnerReference] = []
                    try reader.readArray { reader throws(Unsupported) in references.append(try ownerReference(&reader)) }
                    meta.ownerReferences = references
                }
            } else {
                try reader.skipValue()
            }
        }
        return meta
    }

    static func ownerReference(_ reader: inout JSONReader) throws(Unsupported) -> OwnerReference {
        var reference = OwnerReference()
        var seen = SeenKeys()
        try reader.readObject { reader, key throws(Unsupported) in
            if key == "apiVersion" {
                try seen.insert(0)
                reference.apiVersion = try optionalString(&reader)
            } else if key == "kind" {
                try seen.insert(1)
                reference.kind = try optionalString(&reader)
            } else if key == "name" {
                try seen.insert(2)
                reference.name = try optionalString(&reader)
            } else if key == "uid" {
                try seen.insert(3)
                reference.uid = try optionalString(&reader)
            } else if key == "controller" {
                try seen.insert(4)
                reference.controller = try reader.readNull() ? nil : reader.readBool()
            } else if key == "blockOwnerDeletion" {
                try seen.insert(5)
                reference.blockOwnerDeletion = try reader.readNull() ? nil : reader.readBool()
            } else {
                try reader.skipValue()
            }
        }
        return reference
    }

    static func spec(_ reader: inout JSONReader) throws(Unsupported) -> NetworkPolicySpec {
        // Present but without `podSelector`: nil, unlike the default of an absent spec.
        var spec = NetworkPolicySpec(podSelector: nil)
        var seen = SeenKeys()
        try reader.readObject { reader, key throws(Unsupported) in
            if key == "podSelector" {
                try seen.insert(0)
                spec.podSelector = try optionalLabelSelector(&reader)
            } else if key == "ingress" {
                try seen.insert(1)
                if try reader.readNull() {
                    spec.ingress = nil
                } else {
                    var rules: [NetworkPolicyIngressRule] = []
                    try reader.readArray { reader throws(Unsupported) in
                        let (ports, peers) = try rule(&reader, peersKey: "from")
                        rules.append(NetworkPolicyIngressRule(ports: ports, from: peers))
                    }
                    spec.ingress = rules
                }
            } else if key == "egress" {
                try seen.insert(2)
                if try reader.readNull() {
                    spec.egress = nil
                } else {
                    var rules: [NetworkPolicyEgressRule] = []
                    try reader.readArray { reader throws(Unsupported) in
                        let (ports, peers) = try rule(&reader, peersKey: "to")
                        rules.append(NetworkPolicyEgressRule(ports: ports, to: peers))
                    }
                    spec.egress = rules
                }
            } else if key == "policyTypes" {
                try seen.insert(3)
                spec.policyTypes = try optionalStringList(&reader)
            } else {
                try reader.skipValue()
            }
        }
        return spec
    }

    /// An ingress or egress rule: `ports` and the peers under `from` or `to`.
    static func rule(_ reader: inout JSONReader, peersKey: StaticString) throws(Unsupported)
        -> ([NetworkPolicyPort]?, [NetworkPolicyPeer]?)
    {
        var ports: [NetworkPolicyPort]?
        var peers: [NetworkPolicyPeer]?
        var seen = SeenKeys()
        try reader.readObject { reader, key throws(Unsupported) in
            if key == "ports" {
                try seen.insert(0)
                if try reader.readNull() {
                    ports = nil
                } else {
                    var list: [NetworkPolicyPort] = []
                    try reader.readArray { reader throws(Unsupported) in list.append(try port(&reader)) }
                    ports = list
                }
            } else if key == peersKey {
                try seen.insert(1)
                if try reader.readNull() {
                    peers = nil
                } else {
                    var list: [NetworkPolicyPeer] = []
                    try reader.readArray { reader throws(Unsupported) in list.append(try peer(&reader)) }
                    peers = list
                }
            } else {
                try reader.skipValue()
            }
        }
        return (ports, peers)
    }

    static func port(_ reader: inout JSONReader) throws(Unsupported) -> NetworkPolicyPort {
        var port = NetworkPolicyPort()
        var seen = SeenKeys()
        try reader.readObject { reader, key throws(Unsupported) in
            if key == "protocol" {
                try seen.insert(0)
                port.protocol = try optionalString(&reader)
            } else if key == "port" {
                try seen.insert(1)
                if try reader.readNull() {
                    port.port = nil
                } else if reader.peek() == UInt8(ascii: "\"") {
                    port.port = .string(try reader.readString())
                } else {
                    port.port = .int(try reader.readInt32())
                }
            } else if key == "endPort" {
                try seen.insert(2)
                port.endPort = try reader.readNull() ? nil : reader.readInt32()
            } else {
                try reader.skipValue()
            }
        }
        return port
    }

    static func peer(_ reader: inout JSONReader) throws(Unsupported) -> NetworkPolicyPeer {
        var peer = NetworkPolicyPeer()
        var seen = SeenKeys()
        try reader.readObject { reader, key throws(Unsupported) in
            if key == "podSelector" {
                try seen.insert(0)
                peer.podSelector = try optionalLabelSelector(&reader)
            } else if key == "namespaceSelector" {
                try seen.insert(1)
                peer.namespaceSelector = try optionalLabelSelector(&reader)
            } else if key == "ipBlock" {
                try seen.insert(2)
                if try reader.readNull() {
                    peer.ipBlock = nil
                } else {
                    var block = IPBlock(cidr: "")
                    var blockSeen = SeenKeys()
                    try reader.readObject { reader, key throws(Unsupported) in
                        if key == "cidr" {
                            try blockSeen.insert(0)
                            block.cidr = try optionalString(&reader) ?? ""
                        } else if key == "except" {
                            try blockSeen.insert(1)
                            block.except = try optionalStringList(&reader)
                        } else {
                            try reader.skipValue()
                        }
                    }
                    peer.ipBlock = block
                }
            } else {
                try reader.skipValue()
            }
        }
        return peer
    }

    static func optionalLabelSelector(_ reader: inout JSONReader) throws(Unsupported) -> LabelSelector? {
        if try reader.readNull() { return nil }
        var selector = LabelSelector()
        var seen = SeenKeys()
        try reader.readObject { reader, key throws(Unsupported) in
            if key == "matchLabels" {
                try seen.insert(0)
                selector.matchLabels = try optionalStringMap(&reader)
            } else if key == "matchExpressions" {
                try seen.insert(1)
                if try reader.readNull() {
                    selector.matchExpressions = nil
                } else {
                    var requirements: [LabelSelectorRequirement] = []
                    try reader.readArray { reader throws(Unsupported) in
                        var requirement = LabelSelectorRequirement(key: "", operator: "")
                        var requirementSeen = SeenKeys()
                        try reader.readObject { reader, key throws(Unsupported) in
                            if key == "key" {
                                try requirementSeen.insert(0)
                                requirement.key = try optionalString(&reader) ?? ""
                            } else if key == "operator" {
                                try requirementSeen.insert(1)
                                requirement.operator = try optionalString(&reader) ?? ""
                            } else if key == "values" {
                                try requirementSeen.insert(2)
                                requirement.values = try optionalStringList(&reader)
                            } else {
                                try reader.skipValue()
                            }
                        }
                        requirements.append(requirement)
                    }
                    selector.matchExpressions = requirements
                }
            } else {
                try reader.skipValue()
            }
        }
        return selector
    }

    // MARK: - Shared shapes

    @inline(__always)
    public static func optionalString(_ reader: inout JSONReader) throws(Unsupported) -> String? {
        try reader.readNull() ? nil : reader.readString()
    }

    /// `[]string`; a null element is a JSONDecoder error, so unsupported here.
    static func optionalStringList(_ reader: inout JSONReader) throws(Unsupported) -> [String]? {
        if try reader.readNull() { return nil }
        var list: [String] = []
        try reader.readArray { reader throws(Unsupported) in list.append(try reader.readString()) }
        return list
    }

    /// `map[string]string`; duplicate keys and null values are left to JSONDecoder.
    static func optionalStringMap(_ reader: inout JSONReader) throws(Unsupported) -> [String: String]? {
        if try reader.readNull() { return nil }
        var map: [String: String] = [:]
        try reader.readObject { reader, key throws(Unsupported) in
            guard key.isValidUTF8 else { throw Unsupported() }
            let value = try reader.readString()
            guard map.updateValue(value, forKey: key.string) == nil else { throw Unsupported() }
        }
        return map
    }
}
