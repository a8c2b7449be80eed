import NetworkPolicyValidation

// The NetworkPolicy model as the AdmissionReview path reads it (see `JSONObjectReadable`). Each reading yields
// what the model's synthesized `Decodable` conformance yields for the same JSON, except that a `null` list element
// or map value is Go's zero value instead of an error.

extension NetworkPolicy: JSONObjectReadable {
    enum JSONKey: String, CodingKey { case apiVersion, kind, metadata, spec }
    struct JSONObject: JSONObjectField { var value: NetworkPolicy }

    init(json object: KeyedDecodingContainer<JSONKey>) throws {
        self.init(
            apiVersion: try object.decodeIfPresent(String.self, forKey: .apiVersion),
            kind: try object.decodeIfPresent(String.self, forKey: .kind),
            metadata: try object.decodeIfPresent(ObjectMeta.JSONObject.self, forKey: .metadata)?.value
                ?? ObjectMeta(),
            spec: try object.decodeIfPresent(NetworkPolicySpec.JSONObject.self, forKey: .spec)?.value
                ?? NetworkPolicySpec())
    }
}

extension NetworkPolicySpec: JSONObjectReadable {
    enum JSONKey: String, CodingKey { case podSelector, ingress, egress, policyTypes }
    struct JSONObject: JSONObjectField { var value: NetworkPolicySpec }

    init(json object: KeyedDecodingContainer<JSONKey>) throws {
        self.init(
            podSelector: try object.decodeIfPresent(LabelSelector.JSONObject.self, forKey: .podSelector)?.value,
            ingress: try object.decodeIfPresent(NetworkPolicyIngressRule.JSONList.self, forKey: .ingress)?
                .value,
            egress: try object.decodeIfPresent(NetworkPolicyEgressRule.JSONList.self, forKey: .egress)?.value,
            policyTypes: try object.decodeIfPresent(JSONStringList.self, forKey: .policyTypes)?.value)
    }
}

extension NetworkPolicyIngressRule: JSONListElement {
    enum JSONKey: String, CodingKey { case ports, from }
    static var zero: Self { Self() }
    struct JSONList: JSONObjectListField { var value: [NetworkPolicyIngressRule] }

    init(json object: KeyedDecodingContainer<JSONKey>) throws {
        self.init(
            ports: try object.decodeIfPresent(NetworkPolicyPort.JSONList.self, forKey: .ports)?.value,
            from: try object.decodeIfPresent(NetworkPolicyPeer.JSONList.self, forKey: .from)?.value)
    }
}

extension NetworkPolicyEgressRule: JSONListElement {
    enum JSONKey: String, CodingKey { case ports, to }
    static var zero: Self { Self() }
    struct JSONList: JSONObjectListField { var value: [NetworkPolicyEgressRule] }

    init(json object: KeyedDecodingContainer<JSONKey>) throws {
        self.init(
            ports: try object.decodeIfPresent(NetworkPolicyPort.JSONList.self, forKey: .ports)?.value,
            to: try object.decodeIfPresent(NetworkPolicyPeer.JSONList.self, forKey: .to)?.value)
    }
}

extension NetworkPolicyPort: JSONListElement {
    enum JSONKey: String, CodingKey { case `protocol`, port, endPort }
    static var zero: Self { Self() }
    struct JSONList: JSONObjectListField { var value: [NetworkPolicyPort] }

    init(json object: KeyedDecodingContainer<JSONKey>) throws {
        self.init(
            protocol: try object.decodeIfPresent(String.self, forKey: .protocol),
            port: try object.decodeIfPresent(IntOrString.self, forKey: .port),
            endPort: try object.decodeIfPresent(Int32.self, forKey: .endPort))
    }
}

extension NetworkPolicyPeer: JSONListElement {
    enum JSONKey: String, CodingKey { case podSelector, namespaceSelector, ipBlock }
    static var zero: Self { Self() }
    struct JSONList: JSONObjectListField { var value: [NetworkPolicyPeer] }

    init(json object: KeyedDecodingContainer<JSONKey>) throws {
        self.init(
            podSelector: try object.objectIfPresent(LabelSelector.self, forKey: .podSelector),
            namespaceSelector: try object.objectIfPresent(LabelSelector.self, forKey: .namespaceSelector),
            ipBlock: try object.objectIfPresent(IPBlock.self, forKey: .ipBlock))
    }
}

extension IPBlock: JSONObjectReadable {
    enum JSONKey: String, CodingKey { case cidr, except }

    init(json object: KeyedDecodingContainer<JSONKey>) throws {
        self.init(
            cidr: try object.decodeIfPresent(String.self, forKey: .cidr) ?? "",
            except: try object.decodeIfPresent(JSONStringList.self, forKey: .except)?.value)
    }
}

extension LabelSelector: JSONObjectReadable {
    enum JSONKey: String, CodingKey { case matchLabels, matchExpressions }
    struct JSONObject: JSONObjectField { var value: LabelSelector }

    init(json object: KeyedDecodingContainer<JSONKey>) throws {
        self.init(
            matchLabels: try object.decodeIfPresent(JSONStringMap.self, forKey: .matchLabels)?.value,
            matchExpressions: try object.decodeIfPresent(
                LabelSelectorRequirement.JSONList.self, forKey: .matchExpressions)?.value)
    }
}

extension LabelSelectorRequirement: JSONListElement {
    enum JSONKey: String, CodingKey { case key, `operator`, values }
    static var zero: Self { Self(key: "", operator: "") }
    struct JSONList: JSONObjectListField { var value: [LabelSelectorRequirement] }

    init(json object: KeyedDecodingContainer<JSONKey>) throws {
        self.init(
            key: try object.decodeIfPresent(String.self, forKey: .key) ?? "",
            operator: try object.decodeIfPresent(String.self, forKey: .operator) ?? "",
            values: try object.decodeIfPresent(JSONStringList.self, forKey: .values)?.value)
    }
}

extension ObjectMeta: JSONObjectReadable {
    enum JSONKey: String, CodingKey {
        case name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp, deletionTimestamp
        case deletionGracePeriodSeconds, labels, annotations, finalizers, ownerReferences
    }
    struct JSONObject: JSONObjectField { var value: ObjectMeta }

    init(json object: KeyedDecodingContainer<JSONKey>) throws {
        self.init(
            name: try object.decodeIfPresent(String.self, forKey: .name),
            generateName: try object.decodeIfPresent(String.self, forKey: .generateName),
            namespace: try object.decodeIfPresent(String.self, forKey: .namespace),
            uid: try object.decodeIfPresent(String.self, forKey: .uid),
            resourceVersion: try object.decodeIfPresent(String.self, forKey: .resourceVersion),
            generation: try object.decodeIfPresent(Int64.self, forKey: .generation),
            creationTimestamp: try object.decodeIfPresent(String.self, forKey: .creationTimestamp),
            deletionTimestamp: try object.decodeIfPresent(String.self, forKey: .deletionTimestamp),
            deletionGracePeriodSeconds: try object.decodeIfPresent(Int64.self, forKey: .deletionGracePeriodSeconds),
            labels: try object.decodeIfPresent(JSONStringMap.self, forKey: .labels)?.value,
            annotations: try object.decodeIfPresent(JSONAnnotations.self, forKey: .annotations)?.value,
            finalizers: try object.decodeIfPresent(JSONStringList.self, forKey: .finalizers)?.value,
            ownerReferences: try object.decodeIfPresent(OwnerReference.JSONList.self, forKey: .ownerReferences)?
                .value)
    }
}

extension OwnerReference: JSONListElement {
    enum JSONKey: String, CodingKey { case apiVersion, kind, name, uid, controller, blockOwnerDeletion }
    static var zero: Self { Self() }
    struct JSONList: JSONObjectListField { var value: [OwnerReference] }

    init(json object: KeyedDecodingContainer<JSONKey>) throws {
        self.init(
            apiVersion: try object.decodeIfPresent(String.self, forKey: .apiVersion),
            kind: try object.decodeIfPresent(String.self, forKey: .kind),
            name: try object.decodeIfPresent(String.self, forKey: .name),
            uid: try object.decodeIfPresent(String.self, forKey: .uid),
            controller: try object.decodeIfPresent(Bool.self, forKey: .controller),
            blockOwnerDeletion: try object.decodeIfPresent(Bool.self, forKey: .blockOwnerDeletion))
    }
}
