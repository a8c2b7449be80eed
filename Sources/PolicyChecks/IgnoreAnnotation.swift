/// `netpol-webhook.dev/ignore-checks: "id1,id2"` on an object switches those checks off for it. The apiserver's
/// rules cannot be switched off this way.
public enum IgnoreAnnotation {
    public static let key = "netpol-webhook.dev/ignore-checks"

    /// The checks named by the annotation in `annotations`; spaces around ids are allowed, unknown ids are
    /// skipped (a misspelt id leaves its check on, which the user then sees).
    public static func checks(in annotations: [String: String]?) -> Set<Check> {
        guard let value = annotations?[key] else { return [] }
        return Set(
            value.split(separator: ",").compactMap { id in
                Check(rawValue: String(id.filter { $0 != " " && $0 != "\t" }))
            })
    }
}
