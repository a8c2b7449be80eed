/// Label and selector rules of `k8s.io/apimachinery/pkg/apis/meta/v1/validation` (`ValidateLabelSelector`,
/// `ValidateLabels`, `ValidateLabelName`).
public enum LabelSelectorRules {
    /// `ValidateLabelSelector`: matchLabels first, then each matchExpressions entry.
    public static func validate(
        _ selector: LabelSelector, at path: @autoclosure () -> FieldPath, allowInvalidLabelValue: Bool = false
    ) -> [FieldError] {
        var errors = validateLabels(selector.matchLabels, at: path().child("matchLabels"))
        for (index, requirement) in (selector.matchExpressions ?? []).enumerated() {
            errors.collect(
                validate(
                    requirement, at: path().child("matchExpressions").index(index),
                    allowInvalidLabelValue: allowInvalidLabelValue))
        }
        return errors
    }

    /// `ValidateLabelSelectorRequirement`.
    static func validate(
        _ requirement: LabelSelectorRequirement, at path: @autoclosure () -> FieldPath, allowInvalidLabelValue: Bool
    ) -> [FieldError] {
        var errors: [FieldError] = []
        let values = requirement.values ?? []
        switch requirement.operator {
        case "In", "NotIn":
            if values.isEmpty {
                errors.append(.required(path().child("values"), "must be specified when `operator` is 'In' or 'NotIn'"))
            }
        case "Exists", "DoesNotExist":
            if !values.isEmpty {
                errors.append(
                    .forbidden(
                        path().child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
            }
        default:
            // `LabelSelectorOperator` is a named string type: rendered as JSON, not Go-quoted.
            errors.append(
                .invalid(path().child("operator"), .namedString(requirement.operator), "not a valid selector operator"))
        }
        errors.collect(validateLabelName(requirement.key, at: path().child("key")))
        if !allowInvalidLabelValue {
            for (index, value) in values.enumerated() {
                for message in NameRules.labelValue(value) {
                    errors.append(.invalid(path().child("values").index(index), .string(value), message))
                }
            }
        }
        return errors
    }

    /// `ValidateLabels`: every key and value, errors at the map's own path. Go walks the map in random order; we
    /// walk it sorted by key, the order in which the apiserver serializes it.
    /// `path` is built only when there is an error to report.
    public static func validateLabels(_ labels: [String: String]?, at path: @autoclosure () -> FieldPath)
        -> [FieldError]
    {
        guard let labels, !labels.isEmpty else { return [] }
        // Nearly every map is valid: one look in hash order, and the sorted walk only for one that is not.
        let isInvalid = { (entry: (key: String, value: String)) in
            !NameRules.qualifiedName(entry.key).isEmpty || !NameRules.labelValue(entry.value).isEmpty
        }
        guard labels.contains(where: isInvalid) else { return [] }
        let path = path()
        var errors: [FieldError] = []
        for key in labels.keys.sorted() {
            errors.collect(validateLabelName(key, at: path))
            let value = labels[key] ?? ""
            for message in NameRules.labelValue(value) {
                errors.append(.invalid(path, .string(value), message))
            }
        }
        return errors
    }

    /// `ValidateLabelName`. `path` is built only when there is an error to report.
    static func validateLabelName(_ name: String, at path: @autoclosure () -> FieldPath) -> [FieldError] {
        let messages = NameRules.qualifiedName(name)
        guard !messages.isEmpty else { return [] }
        let path = path()
        return messages.map { .invalid(path, .string(name), $0) }
    }
}
