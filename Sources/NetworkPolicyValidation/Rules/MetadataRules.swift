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
        _ meta: ObjectMeta, at path: @autoclosure () -> FieldPath,
        nameValidator: NameValidator = NameRules.nameIsDNSSubdomain
    ) -> [FieldError] {
        [FieldError].joined(
            validateAccessor(meta, at: path(), nameValidator: nameValidator), validateKubeFinalizers(meta, at: path()))
    }

    /// `core/validation.validateKubeFinalizerName` for each finalizer: a name without `/` must be a standard one.
    /// Runs after `ValidateObjectMeta` on create and after `ValidateObjectMetaUpdate` on update.
    public static func validateKubeFinalizers(_ meta: ObjectMeta, at path: @autoclosure () -> FieldPath) -> [FieldError]
    {
        var errors: [FieldError] = []
        for (index, finalizer) in (meta.finalizers ?? []).enumerated()
        where !finalizer.contains("/") && !standardFinalizers.contains(finalizer) {
            errors.append(
                .invalid(
                    path().child("finalizers").index(index), .string(finalizer),
                    "name is neither a standard finalizer name nor is it fully qualified"))
        }
        return errors
    }

    /// `ValidateObjectMetaAccessor` (namespaced object).
    public static func validateAccessor(
        _ meta: ObjectMeta, at path: @autoclosure () -> FieldPath, nameValidator: NameValidator
    )
        -> [FieldError]
    {
        var errors: [FieldError] = []
        if let generateName = meta.generateName, !generateName.isEmpty {
            for message in nameValidator(generateName, true) {
                errors.append(.invalid(path().child("generateName"), .string(generateName), message))
            }
        }
        let name = meta.name ?? ""
        if name.isEmpty {
            errors.append(.required(path().child("name"), "name or generateName is required"))
        } else {
            for message in nameValidator(name, false) {
                errors.append(.invalid(path().child("name"), .string(name), message))
            }
        }
        let namespace = meta.namespace ?? ""
        if namespace.isEmpty {
            errors.append(.required(path().child("namespace")))
        } else {
            for message in NameRules.nameIsDNSLabel(namespace, prefix: false) {
                errors.append(.invalid(path().child("namespace"), .string(namespace), message))
            }
        }
        if let generation = meta.generation, generation < 0 {
            errors.append(
                .invalid(path().child("generation"), .integer(generation), "must be greater than or equal to 0"))
        }
        errors.collect(LabelSelectorRules.validateLabels(meta.labels, at: path().child("labels")))
        errors.collect(validateAnnotations(meta.annotations, at: path().child("annotations")))
        errors.collect(validateOwnerReferences(meta.ownerReferences ?? [], at: path().child("ownerReferences")))
        errors.collect(validateFinalizers(meta.finalizers ?? [], at: path().child("finalizers")))
        errors.collect(validateManagedFields(meta.managedFields ?? [], at: path().child("managedFields")))
        return errors
    }

    /// `ValidateFieldManager`'s limit on a manager name, in bytes.
    static let fieldManagerMaxLength = 128
    /// `MaxSubresourceNameLength`.
    static let maxSubresourceNameLength = 256

    /// `metav1/validation.ValidateManagedFields` with `ValidateFieldManager`.
    static func validateManagedFields(_ entries: [ManagedFieldsEntry], at path: @autoclosure () -> FieldPath)
        -> [FieldError]
    {
        var errors: [FieldError] = []
        for (index, entry) in entries.enumerated() {
            func entryPath() -> FieldPath { path().index(index) }
            let operation = entry.operation ?? ""
            if operation != "Apply" && operation != "Update" {
                // `ManagedFieldsOperationType` is a named string type: rendered as JSON.
                errors.append(
                    .invalid(entryPath().child("operation"), .namedString(operation), "must be `Apply` or `Update`"))
            }
            if let fieldsType = entry.fieldsType, !fieldsType.isEmpty, fieldsType != "FieldsV1" {
                errors.append(.invalid(entryPath().child("fieldsType"), .string(fieldsType), "must be `FieldsV1`"))
            }
            let manager = entry.manager ?? ""
            if manager.utf8.count > fieldManagerMaxLength {
                errors.append(
                    .tooLong(entryPath().child("manager"), "may not be more than \(fieldManagerMaxLength) bytes"))
            }
            // `for i, r := range fieldManager`: i is the byte offset of the rune.
            var offset = 0
            for scalar in manager.unicodeScalars {
                if !isGoPrintable(scalar) {
                    let code = String(scalar.value, radix: 16, uppercase: true)
                    let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
                    errors.append(
                        .invalid(
                            entryPath().child("manager"), .string(manager),
                            "invalid character U+\(padded) (at position \(offset))"))
                }
                offset += String(scalar).utf8.count
            }
            if (entry.subresource ?? "").utf8.count > maxSubresourceNameLength {
                errors.append(
                    .tooLong(
                        entryPath().child("subresource"), "may not be more than \(maxSubresourceNameLength) bytes"))
            }
        }
        return errors
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. (`%#U` of a
    /// rune that is not printable is `U+XXXX` alone, without the quoted character.)
    static func isGoPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// `ValidateAnnotations`: keys are qualified names compared in lowercase; the total size is capped.
    static func validateAnnotations(_ annotations: [String: String]?, at path: @autoclosure () -> FieldPath)
        -> [FieldError]
    {
        guard let annotations, !annotations.isEmpty else { return [] }
        var errors: [FieldError] = []
        var size = 0
        // Nearly every key is valid: then only the size can be wrong, and neither the sorted walk nor a lowercased
        // copy of each key is needed.
        if annotations.keys.allSatisfy({ NameRules.isQualifiedName($0, foldingCase: true) }) {
            for (key, value) in annotations { size += key.utf8.count + value.utf8.count }
        } else {
            for key in annotations.keys.sorted() {
                for message in NameRules.qualifiedName(key.lowercased()) {
                    errors.append(.invalid(path(), .string(key), message))
                }
                size += key.utf8.count + (annotations[key]?.utf8.count ?? 0)
            }
        }
        if size > totalAnnotationSizeLimit {
            errors.append(.tooLong(path(), "may not be more than \(totalAnnotationSizeLimit) bytes"))
        }
        return errors
    }

    /// `ValidateOwnerReferences`.
    static func validateOwnerReferences(_ references: [OwnerReference], at path: @autoclosure () -> FieldPath)
        -> [FieldError]
    {
        var errors: [FieldError] = []
        var firstController: String?
        for reference in references {
            let (group, version) = splitAPIVersion(reference.apiVersion ?? "")
            if version.isEmpty {
                errors.append(
                    .invalid(
                        path().child("apiVersion"), .string(reference.apiVersion ?? ""), "version must not be empty"))
            }
            if (reference.kind ?? "").isEmpty {
                errors.append(.invalid(path().child("kind"), .string(reference.kind ?? ""), "must not be empty"))
            }
            if (reference.name ?? "").isEmpty {
                errors.append(.invalid(path().child("name"), .string(reference.name ?? ""), "must not be empty"))
            }
            if (reference.uid ?? "").isEmpty {
                // `types.UID` is a named string type: rendered as JSON.
                errors.append(.invalid(path().child("uid"), .namedString(reference.uid ?? ""), "must not be empty"))
            }
            // `BannedOwners`: the core v1 Event; `schema.GroupVersionKind.String()` words the message.
            if group.isEmpty && version == "v1" && reference.kind == "Event" {
                errors.append(
                    .invalid(
                        path(), .json(ownerReferenceJSON(reference)),
                        "\(group)/\(version), Kind=Event is disallowed from being an owner"))
            }
            if reference.controller == true {
                let controller = (reference.kind ?? "") + "/" + (reference.name ?? "")
                if let firstController {
                    errors.append(
                        .invalid(
                            path(), .json(ownerReferencesJSON(references)),
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
        "[" + references.map(ownerReferenceJSON).joined(separator: ",") + "]"
    }

    /// `json.Marshal` of one `metav1.OwnerReference` (field order of the Go struct; nil pointers omitted).
    static func ownerReferenceJSON(_ reference: OwnerReference) -> String {
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

    /// `ValidateFinalizers`: each a qualified name (errors on the list's path), and not both orphan and
    /// foregroundDeletion.
    static func validateFinalizers(_ finalizers: [String], at path: @autoclosure () -> FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for finalizer in finalizers {
            for message in NameRules.qualifiedName(finalizer) {
                errors.append(.invalid(path(), .string(finalizer), message))
            }
        }
        if finalizers.contains("orphan") && finalizers.contains("foregroundDeletion") {
            errors.append(
                .invalid(path(), .stringList(finalizers), "finalizer orphan and foregroundDeletion cannot be both set"))
        }
        return errors
    }

    /// `ValidateObjectMetaAccessorUpdate`.
    public static func validateUpdate(_ meta: ObjectMeta, old: ObjectMeta, at path: @autoclosure () -> FieldPath)
        -> [FieldError]
    {
        var errors: [FieldError] = []
        if old.deletionTimestamp != nil {
            let extra = Set(meta.finalizers ?? []).subtracting(old.finalizers ?? []).sorted()
            if !extra.isEmpty {
                // Go prints the sorted set with `%#v`: `[]string{"a", "b"}`.
                let list = "[]string{" + extra.map { GoQuote.quote($0) }.joined(separator: ", ") + "}"
                errors.append(
                    .forbidden(
                        path().child("finalizers"),
                        "no new finalizers can be added if the object is being deleted, found new finalizers \(list)"))
            }
        }
        if (meta.resourceVersion ?? "").isEmpty {
            errors.append(
                .invalid(
                    path().child("resourceVersion"), .string(meta.resourceVersion ?? ""),
                    "must be specified for an update"))
        }
        if (meta.generation ?? 0) < (old.generation ?? 0) {
            errors.append(
                .invalid(path().child("generation"), .integer(meta.generation ?? 0), "must not be decremented"))
        }
        func immutable(_ new: String?, _ old: String?, _ name: String, render: (String?) -> BadValue) {
            if (new ?? "") != (old ?? "") {
                errors.append(.invalid(path().child(name), render(new), "field is immutable"))
            }
        }
        immutable(meta.name, old.name, "name") { .string($0 ?? "") }
        immutable(meta.namespace, old.namespace, "namespace") { .string($0 ?? "") }
        immutable(meta.uid, old.uid, "uid") { .namedString($0 ?? "") }
        // `metav1.Time` compares as an instant and renders through its `MarshalJSON`: RFC 3339 in UTC, or `null`.
        let newCreation = GoTime.json(meta.creationTimestamp)
        if newCreation != GoTime.json(old.creationTimestamp) {
            errors.append(.invalid(path().child("creationTimestamp"), .json(newCreation), "field is immutable"))
        }
        let newDeletion = GoTime.json(meta.deletionTimestamp)
        if newDeletion != GoTime.json(old.deletionTimestamp) {
            errors.append(.invalid(path().child("deletionTimestamp"), .json(newDeletion), "field is immutable"))
        }
        if meta.deletionGracePeriodSeconds != old.deletionGracePeriodSeconds {
            // A nil `*int64` marshals as `null`.
            let value: BadValue = meta.deletionGracePeriodSeconds.map { .integer($0) } ?? .json("null")
            errors.append(.invalid(path().child("deletionGracePeriodSeconds"), value, "field is immutable"))
        }
        // Since 1.34 the update check re-validates the mutable maps too.
        errors.collect(LabelSelectorRules.validateLabels(meta.labels, at: path().child("labels")))
        errors.collect(validateAnnotations(meta.annotations, at: path().child("annotations")))
        errors.collect(validateOwnerReferences(meta.ownerReferences ?? [], at: path().child("ownerReferences")))
        return errors
    }
}

/// `metav1.Time` as `json.Marshal` writes it (`Time.MarshalJSON`): `"2006-01-02T15:04:05Z"` in UTC with the
/// fraction dropped, `null` for the zero time.
enum GoTime {
    static func json(_ rfc3339: String?) -> String {
        guard let rfc3339, !rfc3339.isEmpty else { return "null" }
        guard let utc = utcRFC3339(rfc3339) else { return JSONText.quote(rfc3339) }
        return "\"" + utc + "\""
    }

    /// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±hh:mm)` converted to UTC, seconds precision; nil when not of that shape.
    static func utcRFC3339(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var index = 19
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
        }
        guard index < bytes.count else { return nil }
        var offsetMinutes = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                let offsetHours = number(index + 1..<index + 3), let offsetMins = number(index + 4..<index + 6)
            else { return nil }
            offsetMinutes = (offsetHours * 60 + offsetMins) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        let seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60
        let days = Int((Double(seconds) / 86400).rounded(.down))
        let rest = seconds - days * 86400
        let (y, m, d) = civilFromDays(days)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return
            "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest % 3600 / 60, 2)):\(pad(rest % 60, 2))Z"
    }

    /// Howard Hinnant's `days_from_civil`.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Howard Hinnant's `civil_from_days`.
    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
