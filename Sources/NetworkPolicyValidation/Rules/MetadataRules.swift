/// Object metadata rules: `ValidateObjectMetaAccessor` and `ValidateObjectMetaAccessorUpdate` of
/// `k8s.io/apimachinery/pkg/api/validation/objectmeta.go`, plus the kube finalizer check of
/// `pkg/apis/core/validation.ValidateObjectMeta`.
public enum MetadataRules {
    static let totalAnnotationSizeLimit = 256 * 1024
    static let standardFinalizers: Set<String> = ["kubernetes", "orphan", "foregroundDeletion"]

    /// A name validator: `(value, isPrefix) -> messages`.
    public typealias NameValidator = (String, Bool) -> [String]

    /// `core/validation.ValidateObjectMeta` with `requiresNamespace` and NetworkPolicy's name rule.
    public static func validate(
        _ meta: ObjectMeta, at path: FieldPath, nameValidator: NameValidator = NameRules.nameIsDNSSubdomain
    ) -> [FieldError] {
        var errors = validateAccessor(meta, at: path, nameValidator: nameValidator)
        for (index, finalizer) in (meta.finalizers ?? []).enumerated()
        where !finalizer.contains("/") && !standardFinalizers.contains(finalizer) {
            errors.append(
                .invalid(
                    path.child("finalizers").index(index), .string(finalizer),
                    "name is neither a standard finalizer name nor is it fully qualified"))
        }
        return errors
    }

    /// `ValidateObjectMetaAccessor` (namespaced object).
    public static func validateAccessor(_ meta: ObjectMeta, at path: FieldPath, nameValidator: NameValidator)
        -> [FieldError]
    {
        var errors: [FieldError] = []
        if let generateName = meta.generateName, !generateName.isEmpty {
            for message in nameValidator(generateName, true) {
                errors.append(.invalid(path.child("generateName"), .string(generateName), message))
            }
        }
        let name = meta.name ?? ""
        if name.isEmpty {
            errors.append(.required(path.child("name"), "name or generateName is required"))
        } else {
            for message in nameValidator(name, false) {
                errors.append(.invalid(path.child("name"), .string(name), message))
            }
        }
        let namespace = meta.namespace ?? ""
        if namespace.isEmpty {
            errors.append(.required(path.child("namespace")))
        } else {
            for message in NameRules.nameIsDNSLabel(namespace, prefix: false) {
                errors.append(.invalid(path.child("namespace"), .string(namespace), message))
            }
        }
        if let generation = meta.generation, generation < 0 {
            errors.append(.invalid(path.child("generation"), .integer(generation), "must be greater than or equal to 0"))
        }
        errors += LabelSelectorRules.validateLabels(meta.labels, at: path.child("labels"))
        errors += validateAnnotations(meta.annotations, at: path.child("annotations"))
        errors += validateOwnerReferences(meta.ownerReferences ?? [], at: path.child("ownerReferences"))
        errors += validateFinalizers(meta.finalizers ?? [], at: path.child("finalizers"))
        return errors
    }

    /// `ValidateAnnotations`: keys are qualified names compared in lowercase; the total size is capped.
    static func validateAnnotations(_ annotations: [String: String]?, at path: FieldPath) -> [FieldError] {
        guard let annotations, !annotations.isEmpty else { return [] }
        var errors: [FieldError] = []
        var size = 0
        for key in annotations.keys.sorted() {
            for message in NameRules.qualifiedName(key.lowercased()) {
                errors.append(.invalid(path, .string(key), message))
            }
            size += key.utf8.count + (annotations[key]?.utf8.count ?? 0)
        }
        if size > totalAnnotationSizeLimit {
            errors.append(.tooLong(path, "may not be more than \(totalAnnotationSizeLimit) bytes"))
        }
        return errors
    }

    /// `ValidateOwnerReferences`.
    static func validateOwnerReferences(_ references: [OwnerReference], at path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var firstController: String?
        for reference in references {
            let (_, version) = splitAPIVersion(reference.apiVersion ?? "")
            if version.isEmpty {
                errors.append(
                    .invalid(path.child("apiVersion"), .string(reference.apiVersion ?? ""), "version must not be empty"))
            }
            if (reference.kind ?? "").isEmpty {
                errors.append(.invalid(path.child("kind"), .string(reference.kind ?? ""), "kind must not be empty"))
            }
            if (reference.name ?? "").isEmpty {
                errors.append(.invalid(path.child("name"), .string(reference.name ?? ""), "name must not be empty"))
            }
            if (reference.uid ?? "").isEmpty {
                errors.append(.invalid(path.child("uid"), .string(reference.uid ?? ""), "uid must not be empty"))
            }
            if reference.controller == true {
                let controller = (reference.kind ?? "") + "/" + (reference.name ?? "")
                if let firstController {
                    errors.append(
                        .invalid(
                            path, .json(ownerReferencesJSON(references)),
                            "Only one reference can have Controller set to true. Found \"true\" in references for \(firstController) and \(controller)"
                        ))
                } else {
                    firstController = controller
                }
            }
        }
        return errors
    }

    /// `schema.ParseGroupVersion` as `FromAPIVersionAndKind` uses it: an unparseable value has no version.
    static func splitAPIVersion(_ apiVersion: String) -> (group: String, version: String) {
        let parts = apiVersion.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return ("", String(parts[0]))
        case 2: return (String(parts[0]), String(parts[1]))
        default: return ("", "")
        }
    }

    static func ownerReferencesJSON(_ references: [OwnerReference]) -> String {
        let items = references.map { reference -> String in
            var fields = [
                "\"apiVersion\":" + JSONText.quote(reference.apiVersion ?? ""),
                "\"kind\":" + JSONText.quote(reference.kind ?? ""),
                "\"name\":" + JSONText.quote(reference.name ?? ""),
                "\"uid\":" + JSONText.quote(reference.uid ?? ""),
            ]
            if let controller = reference.controller { fields.append("\"controller\":\(controller)") }
            if let block = reference.blockOwnerDeletion { fields.append("\"blockOwnerDeletion\":\(block)") }
            return "{" + fields.joined(separator: ",") + "}"
        }
        return "[" + items.joined(separator: ",") + "]"
    }

    /// `ValidateFinalizers`: each a qualified name (errors on the list's path), and not both orphan and
    /// foregroundDeletion.
    static func validateFinalizers(_ finalizers: [String], at path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for finalizer in finalizers {
            for message in NameRules.qualifiedName(finalizer) {
                errors.append(.invalid(path, .string(finalizer), message))
            }
        }
        if finalizers.contains("orphan") && finalizers.contains("foregroundDeletion") {
            errors.append(
                .invalid(path, .stringList(finalizers), "finalizer orphan and foregroundDeletion cannot be both set"))
        }
        return errors
    }

    /// `ValidateObjectMetaAccessorUpdate`.
    public static func validateUpdate(_ meta: ObjectMeta, old: ObjectMeta, at path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if old.deletionTimestamp != nil {
            let extra = Set(meta.finalizers ?? []).subtracting(old.finalizers ?? []).sorted()
            if !extra.isEmpty {
                // Go prints the sorted set with `%#v`: `[]string{"a", "b"}`.
                let list = "[]string{" + extra.map { GoQuote.quote($0) }.joined(separator: ", ") + "}"
                errors.append(
                    .forbidden(
                        path.child("finalizers"),
                        "no new finalizers can be added if the object is being deleted, found new finalizers \(list)"))
            }
        }
        if (meta.resourceVersion ?? "").isEmpty {
            errors.append(
                .invalid(path.child("resourceVersion"), .string(meta.resourceVersion ?? ""), "must be specified for an update"))
        }
        if (meta.generation ?? 0) < (old.generation ?? 0) {
            errors.append(.invalid(path.child("generation"), .integer(meta.generation ?? 0), "must not be decremented"))
        }
        func immutable(_ new: String?, _ old: String?, _ name: String, render: (String?) -> BadValue) {
            if (new ?? "") != (old ?? "") {
                errors.append(.invalid(path.child(name), render(new), "field is immutable"))
            }
        }
        immutable(meta.name, old.name, "name") { .string($0 ?? "") }
        immutable(meta.namespace, old.namespace, "namespace") { .string($0 ?? "") }
        immutable(meta.uid, old.uid, "uid") { .string($0 ?? "") }
        immutable(meta.creationTimestamp, old.creationTimestamp, "creationTimestamp") {
            .json(GoTime.render($0) ?? "0001-01-01 00:00:00 +0000 UTC")
        }
        immutable(meta.deletionTimestamp, old.deletionTimestamp, "deletionTimestamp") {
            .json(GoTime.render($0) ?? "null")
        }
        if meta.deletionGracePeriodSeconds != old.deletionGracePeriodSeconds {
            let value: BadValue = meta.deletionGracePeriodSeconds.map { .integer($0) } ?? .json("null")
            errors.append(.invalid(path.child("deletionGracePeriodSeconds"), value, "field is immutable"))
        }
        return errors
    }
}

/// Go's `time.Time.String()` for the RFC 3339 timestamps Kubernetes serializes (`metav1.Time`).
enum GoTime {
    static func render(_ rfc3339: String?) -> String? {
        guard let rfc3339, !rfc3339.isEmpty else { return nil }
        guard rfc3339.hasSuffix("Z"), let separator = rfc3339.firstIndex(of: "T") else { return rfc3339 }
        let date = rfc3339[..<separator]
        let time = rfc3339[rfc3339.index(after: separator)..<rfc3339.index(before: rfc3339.endIndex)]
        return "\(date) \(time) +0000 UTC"
    }
}
