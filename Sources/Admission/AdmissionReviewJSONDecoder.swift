import NetworkPolicyValidation

/// Decodes an AdmissionReview request straight from the body's bytes with the same result as `JSONDecoder`
/// (see `NetworkPolicyJSONDecoder`). Throws `JSONReader.Unsupported` for anything unusual; the caller then asks
/// `JSONDecoder`, which gives the answer or the error message.
public enum AdmissionReviewJSONDecoder {
    public typealias Unsupported = JSONReader.Unsupported

    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(Unsupported) -> AdmissionReviewRequest {
        var reader = JSONReader(bytes)
        var apiVersion: String?
        var kind: String?
        var request: AdmissionRequest?
        var seen = NetworkPolicyJSONDecoder.SeenKeys()
        try reader.readObject { reader, key throws(Unsupported) in
            if key == "apiVersion" {
                try seen.insert(0)
                apiVersion = try reader.readString()
            } else if key == "kind" {
                try seen.insert(1)
                kind = try reader.readString()
            } else if key == "request" {
                try seen.insert(2)
                request = try Self.request(&reader)
            } else {
                try reader.skipValue()
            }
        }
        try reader.expectEnd()
        guard let apiVersion, let kind, let request else { throw Unsupported() }
        return AdmissionReviewRequest(apiVersion: apiVersion, kind: kind, request: request)
    }

    static func request(_ reader: inout JSONReader) throws(Unsupported) -> AdmissionRequest {
        var uid: String?
        var kind: GroupVersionKind?
        var name: String?
        var namespace: String?
        var operation: String?
        var dryRun: Bool?
        // The objects are decoded once `kind` and `operation` are known, wherever they appear.
        var objectOffset: Int?
        var oldObjectOffset: Int?
        var object: NetworkPolicy?
        var oldObject: NetworkPolicy?
        var seen = NetworkPolicyJSONDecoder.SeenKeys()
        try reader.readObject { reader, key throws(Unsupported) in
            if key == "uid" {
                try seen.insert(0)
                uid = try reader.readString()
            } else if key == "kind" {
                try seen.insert(1)
                kind = try groupVersionKind(&reader)
            } else if key == "name" {
                try seen.insert(2)
                name = try NetworkPolicyJSONDecoder.optionalString(&reader)
            } else if key == "namespace" {
                try seen.insert(3)
                namespace = try NetworkPolicyJSONDecoder.optionalString(&reader)
            } else if key == "operation" {
                try seen.insert(4)
                operation = try reader.readString()
            } else if key == "dryRun" {
                try seen.insert(5)
                dryRun = try reader.readNull() ? nil : reader.readBool()
            } else if key == "object" {
                try seen.insert(6)
                if let kind, let operation {
                    // kube-apiserver sends `kind` and `operation` first: decode in place, no second pass.
                    if isJudged(kind, operation) {
                        object = try policy(&reader)
                    } else {
                        try reader.skipValue()
                    }
                } else {
                    objectOffset = reader.index
                    try reader.skipValue()
                }
            } else if key == "oldObject" {
                try seen.insert(7)
                if let kind, let operation {
                    if isJudged(kind, operation) {
                        oldObject = try policy(&reader)
                    } else {
                        try reader.skipValue()
                    }
                } else {
                    oldObjectOffset = reader.index
                    try reader.skipValue()
                }
            } else {
                try reader.skipValue()
            }
        }
        guard let uid, let kind, let operation else { throw Unsupported() }
        var request = AdmissionRequest(
            uid: uid, kind: kind, name: name, namespace: namespace, operation: operation, dryRun: dryRun)
        if isJudged(kind, operation) {
            if object == nil, let objectOffset {
                var objectReader = reader.at(objectOffset)
                object = try policy(&objectReader)
            }
            if oldObject == nil, let oldObjectOffset {
                var objectReader = reader.at(oldObjectOffset)
                oldObject = try policy(&objectReader)
            }
            request.object = object
            request.oldObject = oldObject
        }
        return request
    }

    /// The objects are decoded only for what the webhook judges (as `AdmissionRequest.init(from:)`).
    private static func isJudged(_ kind: GroupVersionKind, _ operation: String) -> Bool {
        kind.isNetworkPolicy && (operation == "CREATE" || operation == "UPDATE")
    }

    /// A policy, or nil for JSON null (consumed either way).
    private static func policy(_ reader: inout JSONReader) throws(Unsupported) -> NetworkPolicy? {
        if try reader.readNull() { return nil }
        return try NetworkPolicyJSONDecoder.networkPolicy(&reader)
    }

    static func groupVersionKind(_ reader: inout JSONReader) throws(Unsupported) -> GroupVersionKind {
        var gvk = GroupVersionKind(group: "", version: "", kind: "")
        var seen = NetworkPolicyJSONDecoder.SeenKeys()
        try reader.readObject { reader, key throws(Unsupported) in
            if key == "group" {
                try seen.insert(0)
                gvk.group = try NetworkPolicyJSONDecoder.optionalString(&reader) ?? ""
            } else if key == "version" {
                try seen.insert(1)
                gvk.version = try NetworkPolicyJSONDecoder.optionalString(&reader) ?? ""
            } else if key == "kind" {
                try seen.insert(2)
                gvk.kind = try NetworkPolicyJSONDecoder.optionalString(&reader) ?? ""
            } else {
                try reader.skipValue()
            }
        }
        return gvk
    }
}
