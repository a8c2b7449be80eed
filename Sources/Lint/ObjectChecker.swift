import NetworkPolicyValidation

/// Checks the objects of one parsed file: sorts each document into ours or skipped, unwraps `List` and
/// `NetworkPolicyList`, and runs a NetworkPolicy through decoding, defaulting, validation and warnings, the
/// apiserver's CREATE pipeline, turning every outcome into located findings.
struct ObjectChecker {
    static let apiVersion = "networking.k8s.io/v1"
    static let kind = "NetworkPolicy"

    var file: String
    var options: LintOptions
    var objects: [ObjectReport] = []

    init(file: String, options: LintOptions) {
        self.file = file
        self.options = options
    }

    mutating func check(_ document: YAMLStream.Document) {
        guard let root = document.root else { return }
        check(root, conversionIssues: document.conversionIssues, defaultType: nil)
    }

    /// `defaultType`: the apiVersion and kind a list item has when it names none (items of a
    /// `NetworkPolicyList` often omit them).
    private mutating func check(
        _ node: YAMLNode, conversionIssues: [YAMLStream.ConversionIssue], defaultType: (String, String)?
    ) {
        guard case .mapping = node.value else {
            let what = if case .sequence = node.value { "a list" } else { "a scalar" }
            skip(node, apiVersion: "", kind: "", reason: "not a Kubernetes object: the document is \(what)")
            return
        }
        let apiVersionNode = node["apiVersion"]
        let kindNode = node["kind"]
        let apiVersion = apiVersionNode?.string ?? (apiVersionNode == nil ? defaultType?.0 : nil)
        let kind = kindNode?.string ?? (kindNode == nil ? defaultType?.1 : nil)
        guard let apiVersion, let kind, !apiVersion.isEmpty, !kind.isEmpty else {
            skip(
                node, apiVersion: apiVersion ?? "", kind: kind ?? "",
                reason: "not a Kubernetes object: no string apiVersion and kind")
            return
        }
        if kind.hasSuffix("List"), let items = node["items"] {
            check(list: items, apiVersion: apiVersion, kind: kind, conversionIssues: conversionIssues)
            return
        }
        guard kind == Self.kind, apiVersion == Self.apiVersion else {
            let reason =
                kind == Self.kind
                ? "NetworkPolicy of \(apiVersion), not \(Self.apiVersion)"
                : "kind \(kind) (\(apiVersion)) is not a NetworkPolicy"
            skip(node, apiVersion: apiVersion, kind: kind, reason: reason)
            return
        }
        checkNetworkPolicy(node, conversionIssues: conversionIssues)
    }

    private mutating func check(
        list items: YAMLNode, apiVersion: String, kind: String, conversionIssues: [YAMLStream.ConversionIssue]
    ) {
        guard case .sequence(let elements) = items.value else {
            if case .null = items.value { return }
            skip(items, apiVersion: apiVersion, kind: kind, reason: "\(kind) whose items are not a list")
            return
        }
        let itemType = (apiVersion, kind == "List" ? "" : String(kind.dropLast(4)))
        for (index, element) in elements.enumerated() {
            let end = index + 1 < elements.count ? elements[index + 1].position : nil
            let issues = conversionIssues.filter { issue in
                issue.position >= element.position && (end.map { issue.position < $0 } ?? true)
            }
            check(element, conversionIssues: issues, defaultType: itemType.1.isEmpty ? nil : itemType)
        }
    }

    private mutating func skip(_ node: YAMLNode, apiVersion: String, kind: String, reason: String) {
        objects.append(ObjectReport(
            file: file, position: node.position, apiVersion: apiVersion, kind: kind, name: Self.name(of: node),
            outcome: .skipped(reason: reason)))
    }

    private mutating func checkNetworkPolicy(_ node: YAMLNode, conversionIssues: [YAMLStream.ConversionIssue]) {
        let name = Self.name(of: node)
        var findings: [Finding] = []
        func add(_ position: SourcePosition, _ field: String, _ severity: Severity, _ rule: String, _ message: String) {
            var severity = severity
            if options.warningsAsErrors { severity = .error }
            findings.append(Finding(
                file: file, position: position, object: name, field: field, severity: severity, rule: rule,
                message: message))
        }

        for issue in conversionIssues {
            add(issue.position, "", .error, RuleID.decodeError, issue.message)
        }
        let decoded = ObjectDecoder.decode(node)
        let strictSeverity: Severity = options.strict ? .error : .warning
        for issue in decoded.issues {
            switch issue.kind {
            case .unknownField: add(issue.position, issue.field, strictSeverity, RuleID.unknownField, issue.message)
            case .duplicateField: add(issue.position, issue.field, strictSeverity, RuleID.duplicateField, issue.message)
            case .typeError: add(issue.position, issue.field, .error, RuleID.decodeError, issue.message)
            }
        }
        if var policy = decoded.policy {
            // The apiserver takes the namespace from the request URL, which kubectl fills from its context;
            // a manifest without one is normal, so it is linted as if applied to `default`.
            if (policy.metadata.namespace ?? "").isEmpty { policy.metadata.namespace = "default" }
            let defaulted = NetworkPolicyDefaulter.defaulted(policy)
            let errors = NetworkPolicyValidator.validateCreate(defaulted, options: options.validation)
            for error in errors {
                let position = NodeLocator.position(of: error.path, in: node, value: error.value)
                add(position, error.path.description, .error, RuleID.kubernetes, error.description)
            }
            // The apiserver only returns warnings with an accepted object.
            if errors.isEmpty {
                for warning in NetworkPolicyValidator.warnings(for: defaulted) {
                    let prefix = FieldPathParser.pathPrefix(of: warning)
                    let position = prefix.map { NodeLocator.position(of: $0.path, in: node) } ?? node.position
                    add(position, prefix?.text ?? "", .warning, RuleID.kubernetesWarning, warning)
                }
            }
        }
        objects.append(ObjectReport(
            file: file, position: node.position, apiVersion: Self.apiVersion, kind: Self.kind, name: name,
            outcome: .checked, findings: findings))
    }

    /// `namespace/name`, or `name` without a namespace; `generateName` stands in for a missing name.
    static func name(of node: YAMLNode) -> String {
        let metadata = node["metadata"]
        let name = metadata?["name"]?.string ?? metadata?["generateName"]?.string ?? ""
        let namespace = metadata?["namespace"]?.string ?? ""
        return namespace.isEmpty ? name : namespace + "/" + name
    }
}
