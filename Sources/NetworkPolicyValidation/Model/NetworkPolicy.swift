/// `networking.k8s.io/v1` NetworkPolicy, as the apiserver decodes it. Optional fields keep the difference between
/// "missing" and "empty" where validation or defaulting depends on it (`protocol: ""` is set, `policyTypes: []`
/// is not).
public struct NetworkPolicy: Codable, Hashable, Sendable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: NetworkPolicySpec

    public init(
        apiVersion: String? = "networking.k8s.io/v1", kind: String? = "NetworkPolicy",
        metadata: ObjectMeta = ObjectMeta(), spec: NetworkPolicySpec = NetworkPolicySpec()
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        spec = try container.decodeIfPresent(NetworkPolicySpec.self, forKey: .spec) ?? NetworkPolicySpec()
    }
}

/// `spec` of a NetworkPolicy.
public struct NetworkPolicySpec: Codable, Hashable, Sendable {
    public var podSelector: LabelSelector?
    public var ingress: [NetworkPolicyIngressRule]?
    public var egress: [NetworkPolicyEgressRule]?
    public var policyTypes: [String]?

    public init(
        podSelector: LabelSelector? = LabelSelector(), ingress: [NetworkPolicyIngressRule]? = nil,
        egress: [NetworkPolicyEgressRule]? = nil, policyTypes: [String]? = nil
    ) {
        self.podSelector = podSelector
        self.ingress = ingress
        self.egress = egress
        self.policyTypes = policyTypes
    }
}

/// One entry of `spec.ingress`.
public struct NetworkPolicyIngressRule: Codable, Hashable, Sendable {
    public var ports: [NetworkPolicyPort]?
    public var from: [NetworkPolicyPeer]?

    public init(ports: [NetworkPolicyPort]? = nil, from: [NetworkPolicyPeer]? = nil) {
        self.ports = ports
        self.from = from
    }
}

/// One entry of `spec.egress`.
public struct NetworkPolicyEgressRule: Codable, Hashable, Sendable {
    public var ports: [NetworkPolicyPort]?
    public var to: [NetworkPolicyPeer]?

    public init(ports: [NetworkPolicyPort]? = nil, to: [NetworkPolicyPeer]? = nil) {
        self.ports = ports
        self.to = to
    }
}

/// One entry of a rule's `ports`.
public struct NetworkPolicyPort: Codable, Hashable, Sendable {
    public var `protocol`: String?
    public var port: IntOrString?
    public var endPort: Int32?

    public init(protocol: String? = nil, port: IntOrString? = nil, endPort: Int32? = nil) {
        self.protocol = `protocol`
        self.port = port
        self.endPort = endPort
    }
}

/// One entry of a rule's `from` or `to`.
public struct NetworkPolicyPeer: Codable, Hashable, Sendable {
    public var podSelector: LabelSelector?
    public var namespaceSelector: LabelSelector?
    public var ipBlock: IPBlock?

    public init(
        podSelector: LabelSelector? = nil, namespaceSelector: LabelSelector? = nil, ipBlock: IPBlock? = nil
    ) {
        self.podSelector = podSelector
        self.namespaceSelector = namespaceSelector
        self.ipBlock = ipBlock
    }
}

/// A peer's `ipBlock`.
public struct IPBlock: Codable, Hashable, Sendable {
    public var cidr: String
    public var except: [String]?

    public init(cidr: String, except: [String]? = nil) {
        self.cidr = cidr
        self.except = except
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cidr = try container.decodeIfPresent(String.self, forKey: .cidr) ?? ""
        except = try container.decodeIfPresent([String].self, forKey: .except)
    }
}

/// `metav1.LabelSelector`.
public struct LabelSelector: Codable, Hashable, Sendable {
    public var matchLabels: [String: String]?
    public var matchExpressions: [LabelSelectorRequirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// True when the selector selects everything (`{}`).
    public var isEmpty: Bool {
        (matchLabels ?? [:]).isEmpty && (matchExpressions ?? []).isEmpty
    }
}

/// `metav1.LabelSelectorRequirement`.
public struct LabelSelectorRequirement: Codable, Hashable, Sendable {
    public var key: String
    public var `operator`: String
    public var values: [String]?

    public init(key: String, operator: String, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decodeIfPresent(String.self, forKey: .key) ?? ""
        `operator` = try container.decodeIfPresent(String.self, forKey: .operator) ?? ""
        values = try container.decodeIfPresent([String].self, forKey: .values)
    }
}

/// `intstr.IntOrString`: a JSON number is a port number, a JSON string a port name.
public enum IntOrString: Codable, Hashable, Sendable, CustomStringConvertible {
    case int(Int32)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int32.self) {
            self = .int(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else {
            throw DecodingError.typeMismatch(
                IntOrString.self,
                .init(codingPath: decoder.codingPath, debugDescription: "expected an integer or a string")
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        }
    }

    public var description: String {
        switch self {
        case .int(let number): String(number)
        case .string(let string): string
        }
    }
}
