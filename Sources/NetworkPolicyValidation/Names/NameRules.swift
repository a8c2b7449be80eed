/// The name predicates of `k8s.io/apimachinery/pkg/util/validation` (validation.go): each returns the list of
/// messages the apiserver would print, empty when the value is valid. Hand-written matchers stand in for Go's
/// regular expressions; each cites the regex it mirrors.
public enum NameRules {
    static let qualifiedNameMaxLength = 63
    static let labelValueMaxLength = 63
    static let dns1123LabelMaxLength = 63
    static let dns1123SubdomainMaxLength = 253

    static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let qualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    static let labelValueFormat = "(" + qualifiedNameFormat + ")?"
    static let labelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    static let dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    static let dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
    static let dns1123SubdomainFormat = dns1123LabelFormat + "(\\." + dns1123LabelFormat + ")*"
    static let dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"

    /// `validation.MaxLenError` (k8s.io/apimachinery/pkg/util/validation): DNS names and port names.
    public static func maxLengthMessage(_ length: Int) -> String {
        "must be no more than \(length) characters"
    }

    /// `content.MaxLenError` (k8s.io/apimachinery/pkg/api/validate/content, 1.34+): label keys and values, which
    /// count bytes.
    public static func maxBytesMessage(_ length: Int) -> String {
        "must be no more than \(length) bytes"
    }

    /// `validation.EmptyError`.
    static let emptyMessage = "must be non-empty"

    /// `validation.RegexError`.
    static func regexMessage(_ message: String, _ format: String, examples: [String]) -> String {
        if examples.isEmpty {
            return message + " (regex used for validation is '" + format + "')"
        }
        var text = message + " (e.g. "
        for (index, example) in examples.enumerated() {
            if index > 0 { text += " or " }
            text += "'" + example + "', "
        }
        return text + "regex used for validation is '" + format + "')"
    }

    /// A label key with more than one `/`.
    private static let tooManyPartsMessage =
        "a valid label key "
        + regexMessage(qualifiedNameMessage, qualifiedNameFormat, examples: ["MyName", "my.name", "123-abc"])
        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"

    /// `content.IsLabelKey` (alias `IsQualifiedName`): label keys, selector keys, annotation keys, finalizers.
    public static func qualifiedName(_ value: String) -> [String] {
        isQualifiedName(value) ? [] : qualifiedNameMessages(value)
    }

    /// `qualifiedName` without the fast verdict: the wording of what is wrong.
    static func qualifiedNameMessages(_ value: String) -> [String] {
        var messages: [String] = []
        // Splitting bytes is the same as splitting Characters for ASCII (no mark can join the "/"), and much cheaper:
        // a usual key needs no array.
        let prefix: Substring?
        let name: Substring
        if value.utf8.allSatisfy({ $0 < 0x80 }) {
            if let slash = value.utf8.firstIndex(of: UInt8(ascii: "/")) {
                prefix = value[..<slash]
                name = value[value.utf8.index(after: slash)...]
                if name.utf8.contains(UInt8(ascii: "/")) { return [tooManyPartsMessage] }
            } else {
                prefix = nil
                name = value[...]
            }
        } else {
            let parts = value.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return [tooManyPartsMessage] }
            prefix = parts.count == 2 ? parts[0] : nil
            name = parts[parts.count - 1]
        }
        if let prefix {
            if prefix.isEmpty {
                messages.append("prefix part " + emptyMessage)
            } else {
                messages += dns1123Subdomain(String(prefix), maxLength: maxBytesMessage).map { "prefix part " + $0 }
            }
        }
        if name.isEmpty {
            messages.append("name part " + emptyMessage)
        } else if name.utf8.count > qualifiedNameMaxLength {
            messages.append("name part " + maxBytesMessage(qualifiedNameMaxLength))
        }
        if !matchesQualifiedName(name.utf8) {
            messages.append(
                "name part "
                    + regexMessage(
                        qualifiedNameMessage, qualifiedNameFormat, examples: ["MyName", "my.name", "123-abc"]))
        }
        return messages
    }

    /// True when `qualifiedName(value)` has no message (of `value.lowercased()` with `foldingCase`), judged on the
    /// bytes in place: nearly every key is valid, and splitting and matching a `String` cost more than the rest of
    /// validation. False also for what it does not judge (non-ASCII, a string without contiguous UTF-8), which
    /// `qualifiedName` then words.
    static func isQualifiedName(_ value: String, foldingCase: Bool = false) -> Bool {
        value.utf8.withContiguousStorageIfAvailable { bytes in
            var nameStart = 0
            if let slash = bytes.firstIndex(of: UInt8(ascii: "/")) {
                // ASCII only: a non-ASCII byte fails the matchers anyway, and the prefix is then a whole byte range.
                guard slash > 0, slash <= dns1123SubdomainMaxLength,
                    matchesDNS1123Subdomain(bytes[..<slash], foldingCase: foldingCase)
                else { return false }
                nameStart = slash + 1
            }
            let name = bytes[nameStart...]
            return name.count <= qualifiedNameMaxLength && matchesQualifiedName(name)
        } ?? false
    }

    /// `content.IsLabelValue`.
    public static func labelValue(_ value: String) -> [String] {
        isLabelValue(value) ? [] : labelValueMessages(value)
    }

    /// True when `labelValue(value)` has no message, judged on the bytes in place.
    static func isLabelValue(_ value: String) -> Bool {
        value.utf8.count <= labelValueMaxLength
            && (value.isEmpty || value.utf8.withContiguousStorageIfAvailable(matchesQualifiedName) == true)
    }

    /// `labelValue` without the fast verdict: the wording of what is wrong.
    static func labelValueMessages(_ value: String) -> [String] {
        var messages: [String] = []
        if value.utf8.count > labelValueMaxLength {
            messages.append(maxBytesMessage(labelValueMaxLength))
        }
        if !value.isEmpty && !matchesQualifiedName(value.utf8) {
            messages.append(
                regexMessage(labelValueMessage, labelValueFormat, examples: ["MyValue", "my_value", "12345"]))
        }
        return messages
    }

    /// `validation.IsDNS1123Subdomain`; `maxLength` words the length message (characters, or bytes in `content`).
    public static func dns1123Subdomain(
        _ value: String, maxLength: (Int) -> String = maxLengthMessage
    ) -> [String] {
        var messages: [String] = []
        if value.utf8.count > dns1123SubdomainMaxLength {
            messages.append(maxLength(dns1123SubdomainMaxLength))
        }
        if !matchesDNS1123Subdomain(value.utf8) {
            messages.append(regexMessage(dns1123SubdomainMessage, dns1123SubdomainFormat, examples: ["example.com"]))
        }
        return messages
    }

    /// `validation.IsDNS1123Label`.
    public static func dns1123Label(_ value: String) -> [String] {
        var messages: [String] = []
        if value.utf8.count > dns1123LabelMaxLength {
            messages.append(maxLengthMessage(dns1123LabelMaxLength))
        }
        if !matchesDNS1123Label(value.utf8[...]) {
            if matchesDNS1123Subdomain(value.utf8) {
                // A valid subdomain but not a label: the length was checked already, so it must be the dots.
                messages.append("must not contain dots")
            } else {
                messages.append(
                    regexMessage(dns1123LabelMessage, dns1123LabelFormat, examples: ["my-name", "123-abc"]))
            }
        }
        return messages
    }

    /// `apimachineryvalidation.NameIsDNSSubdomain`: with `prefix`, a trailing `-` is allowed (generateName).
    public static func nameIsDNSSubdomain(_ value: String, prefix: Bool) -> [String] {
        dns1123Subdomain(prefix ? maskTrailingDash(value) : value)
    }

    /// `apimachineryvalidation.NameIsDNSLabel`.
    public static func nameIsDNSLabel(_ value: String, prefix: Bool) -> [String] {
        dns1123Label(prefix ? maskTrailingDash(value) : value)
    }

    /// `maskTrailingDash`: Go's `name[:len(name)-2] + "a"`, which cuts two BYTES (the dash and the byte before it)
    /// so a generateName prefix validates as a name. A multi-byte character left cut in half cannot match any
    /// name pattern; its remaining bytes become `_` so the length in bytes stays what Go measures.
    static func maskTrailingDash(_ value: String) -> String {
        let bytes = Array(value.utf8)
        guard bytes.count > 1, bytes.last == UInt8(ascii: "-") else { return value }
        var kept = Array(bytes.dropLast(2))
        if String(validating: kept, as: UTF8.self) == nil {
            // Only the last character can have been cut: replace its leading bytes.
            var start = kept.count - 1
            while start > 0, kept[start] & 0xC0 == 0x80 { start -= 1 }
            for index in start..<kept.count { kept[index] = UInt8(ascii: "_") }
        }
        return String(decoding: kept, as: UTF8.self) + "a"
    }

    /// `path.ValidatePathSegmentName`: the name rule of generic update validation; a prefix (generateName) is only
    /// checked for the illegal characters.
    public static func pathSegmentName(_ value: String, prefix: Bool) -> [String] {
        if prefix {
            return ["/", "%"].filter { value.contains($0) }.map { "may not contain '\($0)'" }
        }
        return pathSegmentName(value)
    }

    /// `path.IsValidPathSegmentName`.
    public static func pathSegmentName(_ value: String) -> [String] {
        for illegal in [".", ".."] where value == illegal {
            return ["may not be '\(illegal)'"]
        }
        var messages: [String] = []
        for illegal in ["/", "%"] where value.contains(illegal) {
            messages.append("may not contain '\(illegal)'")
        }
        return messages
    }

    /// `validation.IsValidPortNum`.
    public static func portNumber(_ port: Int64) -> [String] {
        (1...65535).contains(port) ? [] : ["must be between 1 and 65535, inclusive"]
    }

    /// `validation.IsValidPortName` (IANA_SVC_NAME, RFC 6335 section 5.1).
    public static func portName(_ port: String) -> [String] {
        port.utf8.withContiguousStorageIfAvailable(isPortName) == true ? [] : portNameMessages(port)
    }

    /// `portName` without the fast verdict: the wording of what is wrong.
    static func portNameMessages(_ port: String) -> [String] {
        var messages: [String] = []
        let bytes = Array(port.utf8)
        if bytes.count > 15 {
            messages.append("must be no more than 15 characters")
        }
        // `^[-a-z0-9]+$`: the empty name fails it too.
        if bytes.isEmpty || !bytes.allSatisfy({ isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }) {
            messages.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
        }
        if !bytes.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) {
            messages.append("must contain at least one letter (a-z)")
        }
        if port.contains("--") {
            messages.append("must not contain consecutive hyphens")
        }
        if bytes.first == UInt8(ascii: "-") || bytes.last == UInt8(ascii: "-") {
            messages.append("must not begin or end with a hyphen")
        }
        return messages
    }

    /// True when `portName` has no message, judged on the bytes: at most 15 of `[-a-z0-9]`, a letter among them,
    /// no `--`, no `-` at either end.
    static func isPortName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let dash = UInt8(ascii: "-")
        guard bytes.count <= 15, let first = bytes.first, first != dash, bytes.last != dash else { return false }
        var hasLetter = false
        var previous = first
        for byte in bytes {
            if byte == dash {
                guard previous != dash else { return false }
            } else {
                guard isLowerAlphanumeric(byte) else { return false }
                if byte >= UInt8(ascii: "a") { hasLetter = true }
            }
            previous = byte
        }
        return hasLetter
    }

    // MARK: - Matchers standing in for the regular expressions

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`
    static func matchesQualifiedName<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        guard let first = bytes.first, isAlphanumeric(first) else { return false }
        var last = first
        for byte in bytes {
            guard
                isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: ".")
            else { return false }
            last = byte
        }
        return isAlphanumeric(last)
    }

    /// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
    static func matchesDNS1123Label<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        guard let first = bytes.first, isLowerAlphanumeric(first) else { return false }
        var last = first
        for byte in bytes {
            guard isLowerAlphanumeric(byte) || byte == UInt8(ascii: "-") else { return false }
            last = byte
        }
        return isLowerAlphanumeric(last)
    }

    /// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$` in one pass: every label starts and
    /// ends with a lowercase letter or digit and holds only those and `-`.
    /// With `foldingCase`, ASCII capitals count as their lowercase letter (the key is matched lowercased).
    static func matchesDNS1123Subdomain<C: Collection<UInt8>>(_ bytes: C, foldingCase: Bool = false) -> Bool {
        let dot = UInt8(ascii: ".")
        var previous = dot  // as if a label had just ended: the next byte starts one
        for var byte in bytes {
            if foldingCase && byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte == dot {
                guard isLowerAlphanumeric(previous) else { return false }
            } else if byte == UInt8(ascii: "-") {
                guard previous != dot else { return false }
            } else {
                guard isLowerAlphanumeric(byte) else { return false }
            }
            previous = byte
        }
        return isLowerAlphanumeric(previous)
    }
}
