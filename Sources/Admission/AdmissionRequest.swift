import Foundation
import NetworkPolicyValidation

/// `metav1.GroupVersionKind` as AdmissionReview carries it.
public struct GroupVersionKind: Codable, Hashable, Sendable {
    public var group: String
    public var version: String
    public var kind: String

    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        group = try container.decodeIfPresent(String.self, forKey: .group) ?? ""
        version = try container.decodeIfPresent(String.self, forKey: .version) ?? ""
        kind = try container.decodeIfPresent(String.self, forKey: .kind) ?? ""
    }

    /// True for `networking.k8s.io` NetworkPolicy, the only kind this webhook judges.
    public var isNetworkPolicy: Bool {
        group == "networking.k8s.io" && kind == "NetworkPolicy"
    }
}

/// The request half of an `admission.k8s.io/v1` (or `v1beta1`) AdmissionReview. The objects are decoded only
/// when the request is about a NetworkPolicy: anything else is allowed untouched, whatever its shape.
public struct AdmissionRequest: Decodable, Sendable {
    public var uid: String
    public var kind: GroupVersionKind
    public var name: String?
    public var namespace: String?
    public var operation: String
    public var dryRun: Bool?
    public var object: NetworkPolicy?
    public var oldObject: NetworkPolicy?

    enum CodingKeys: String, CodingKey {
        case uid, kind, name, namespace, operation, dryRun, object, oldObject
    }

    public init(
        uid: String, kind: GroupVersionKind, name: String? = nil, namespace: String? = nil, operation: String,
        dryRun: Bool? = nil, object: NetworkPolicy? = nil, oldObject: NetworkPolicy? = nil
    ) {
        self.uid = uid
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.operation = operation
        self.dryRun = dryRun
        self.object = object
        self.oldObject = oldObject
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        uid = try container.decode(String.self, forKey: .uid)
        kind = try container.decode(GroupVersionKind.self, forKey: .kind)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        namespace = try container.decodeIfPresent(String.self, forKey: .namespace)
        operation = try container.decode(String.self, forKey: .operation)
        dryRun = try container.decodeIfPresent(Bool.self, forKey: .dryRun)
        if kind.isNetworkPolicy && (operation == "CREATE" || operation == "UPDATE") {
            object = try container.decodeIfPresent(NetworkPolicy.JSONObject.self, forKey: .object)?.value
            oldObject = try container.decodeIfPresent(NetworkPolicy.JSONObject.self, forKey: .oldObject)?.value
        }
    }
}

/// An AdmissionReview as sent by kube-apiserver: its type meta and the request.
public struct AdmissionReviewRequest: Decodable, Sendable {
    public var apiVersion: String
    public var kind: String
    public var request: AdmissionRequest

    public static let supportedAPIVersions = ["admission.k8s.io/v1", "admission.k8s.io/v1beta1"]

    /// Both decoders are thread-safe for decoding; one instance each saves their set-up on every request.
    private static let decoder = JSONDecoder()
    private static let annotationKeysDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.userInfo[JSONAnnotations.valuesSkipped] = true
        return decoder
    }()

    /// Decodes `body` with Foundation's `JSONDecoder`: annotation values are read only for a body too large for
    /// skipping them to be exact (`JSONAnnotations`), so the choice is made per request, by the body's size.
    public static func decode(_ body: Data) throws -> AdmissionReviewRequest {
        let decoder = body.count <= JSONAnnotations.annotationSizeLimit ? annotationKeysDecoder : decoder
        return try decoder.decode(AdmissionReviewRequest.self, from: body)
    }
}
