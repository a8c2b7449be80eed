import Foundation

/// `metadata.annotations` on the AdmissionReview path. When the decoder's `userInfo` says so
/// (`valuesSkipped`), the value of `skippedKey` is not decoded but kept as `""`: validation reads annotation
/// values only for their total size, and kubectl's `last-applied-configuration` (a whole escaped copy of the object)
/// costs more to unescape than the rest of a small review to decode.
///
/// Skipping is exact only while that size check cannot fire, which `AdmissionReviewRequest.decode(_:)` ensures
/// by asking for it on bodies of at most `annotationSizeLimit` bytes: a decoded string is never longer than its
/// escaped form in the body, so the annotations of such a body are always under the limit. A skipped value is
/// still checked to be a string (or `null`), so a wrongly typed value names its field as before; only an escape
/// inside it is not read, so a malformed one is no longer an error (README, "Decoding").
///
/// Only this key is skipped, not every value: `JSONDecoder` has no type test, and the one used here (a thrown
/// mismatch) costs more than decoding a short plain value (callgrind: testing five short annotations instead of
/// decoding them cost 46k instructions more; skipping kubectl's annotation of typical.json saves 233k).
struct JSONAnnotations: Decodable {
    /// The key of a `Bool` in `JSONDecoder.userInfo`: decode annotation keys only.
    static let valuesSkipped = CodingUserInfoKey(rawValue: "netpol-webhook.annotation-values-skipped")!
    /// `ValidateAnnotations`' `TotalAnnotationSizeLimitB`: 256 KiB of keys and values.
    static let annotationSizeLimit = 256 * 1024
    /// The annotation whose value is a whole serialized object: kubectl's client-side apply (also Argo CD's default
    /// sync and `oc apply`). Never `netpol-webhook.dev/ignore-checks`, whose value the checks read.
    static let skippedKey = "kubectl.kubernetes.io/last-applied-configuration"

    var value: [String: String]

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONMapKey.self)
        let keys = object.allKeys
        var value = [String: String](minimumCapacity: keys.count)
        for key in keys {
            // `userInfo` is asked only when there is something to skip: the look-up is a hash and a cast.
            if key.stringValue == Self.skippedKey, decoder.userInfo[Self.valuesSkipped] as? Bool == true,
                Self.isString(key, in: object)
            {
                value[key.stringValue] = ""
            } else {
                value[key.stringValue] = try object.decodeIfPresent(String.self, forKey: key) ?? ""
            }
        }
        self.value = value
    }

    /// True when the value under `key` is a JSON string, found without unescaping it. `JSONDecoder` offers no
    /// type test, so this asks for a `Bool` and reads the mismatch it reports; anything else (a `Bool`, `null`,
    /// a wording this does not know) answers false, and the caller decodes the value as a string, which yields
    /// the value or the usual error: a different Foundation costs speed here, never a different answer.
    private static func isString(_ key: JSONMapKey, in object: KeyedDecodingContainer<JSONMapKey>) -> Bool {
        do {
            _ = try object.decode(Bool.self, forKey: key)
            return false
        } catch DecodingError.typeMismatch(_, let context) {
            return context.debugDescription.hasSuffix("found a string instead.")
        } catch {
            return false
        }
    }
}
