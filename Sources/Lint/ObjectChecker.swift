import Admission
import NetworkPolicyValidation
import PolicyChecks

/// Checks the objects of one parsed file: sorts each document into ours or skipped, unwraps `List` and
/// `NetworkPolicyList`, and runs a NetworkPolicy through decoding, defaulting, validation and warnings, the
/// apiserver's CREATE pipeline, turning every outcome into located findings.
struct ObjectChecker {
    static let apiVersion = "networking.k8s.io/v1"
    static let kind = "NetworkPolicy"
    /// `runtime.strictDecodingError.Error()`'s prefix (k8s.io/apimachinery/pkg/runtime/error.go).
    static let strictDecodingErrorPrefix = "strict decoding error: "

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
        var report = ObjectReport(
            file: file, position: node.position, apiVersion: apiVersion, kind: kind, name: Self.name(of: node),
            outcome: .skipped(reason: reason))
        if options.checks != nil {
            report.facts = Self.facts(of: node, apiVersion: apiVersion, kind: kind)
            if ConnectivityChecks.isOn(options.checks!) {
                report.connectivity = ConnectivityFacts(workloadOf: node, kind: kind, file: file)
            }
        }
        objects.append(report)
    }

    /// What a skipped object tells the namespace-wide checks: a Namespace's labels, a workload's namespace.
    static func facts(of node: YAMLNode, apiVersion: String, kind: String) -> ObjectFacts? {
        let metadata = node["metadata"]
        if kind == "Namespace" && apiVersion == "v1" {
            guard let name = metadata?["name"]?.string else { return nil }
            let labels = stringMap(metadata?["labels"])
            let ignored = IgnoreAnnotation.checks(in: stringMap(metadata?["annotations"]))
            return .namespace(name: name, labels: labels, ignored: ignored)
        }
        guard ObjectFacts.workloadKinds.contains(kind) else { return nil }
        let namespace = metadata?["namespace"]?.string ?? ""
        return .workload(namespace: namespace.isEmpty ? "default" : namespace)
    }

    private static func stringMap(_ node: YAMLNode?) -> [String: String] {
        guard case .mapping(let entries) = node?.value else { return [:] }
        var map: [String: String] = [:]
        for entry in entries {
            if let value = entry.value.string { map[entry.key] = value }
        }
        return map
    }

    private mutating func checkNetworkPolicy(_ node: YAMLNode, conversionIssues: [YAMLStream.ConversionIssue]) {
        let name = Self.name(of: node)
        var findings: [Finding] = []
        func add(_ position: SourcePosition, _ field: String, _ severity: Severity, _ rule: String, _ message: String) {
            var severity = severity
            if options.warningsAsErrors { severity = .error }
            findings.append(
                Finding(
                    file: file, position: position, object: name, field: field, severity: severity, rule: rule,
                    message: message))
        }

        for issue in conversionIssues {
            add(issue.position, "", .error, RuleID.decodeError, issue.message)
        }
        var decoded = ObjectDecoder.decode(node)
        // Strict, the apiserver refuses the object with one `strict decoding error: ` followed by every unknown and
        // duplicate field, joined by ", "; lint gives each its own located finding with that prefix.
        let strictSeverity: Severity = options.strict ? .error : .warning
        let strictPrefix = options.strict ? Self.strictDecodingErrorPrefix : ""
        for issue in decoded.issues {
            switch issue.kind {
            case .unknownField:
                add(issue.position, issue.field, strictSeverity, RuleID.unknownField, strictPrefix + issue.message)
            case .duplicateField:
                add(issue.position, issue.field, strictSeverity, RuleID.duplicateField, strictPrefix + issue.message)
            case .typeError: add(issue.position, issue.field, .error, RuleID.decodeError, issue.message)
            }
        }
        var facts: ObjectFacts?
        var connectivity: ConnectivityFacts?
        if var policy = decoded.policy.take() {  // Moved out: a copy would retain every field.
            // The apiserver takes the namespace from the request URL, which kubectl fills from its context;
            // a manifest without one is normal, so it is linted as if applied to `default`.
            if (policy.metadata.namespace ?? "").isEmpty { policy.metadata.namespace = "default" }
            let defaulted = NetworkPolicyDefaulter.defaulted(policy)
            // Parsed once for the rules, the checks and the warnings.
            let cidrs = SpecCIDRs(defaulted.spec)
            let errors = NetworkPolicyValidator.validateCreate(defaulted, options: options.validation, cidrs: cidrs)
            var checkFindings: [CheckFinding] = []
            if let checks = options.checks {
                // Namespace labels and the other policies are known only once every file is read: label
                // exemptions and DNS opened by other policies are settled in `NamespacePass`.
                let context = CheckContext(apiserverErrorPaths: Set(errors.map(\.path)), scope: .namespace)
                checkFindings = PolicyChecker(configuration: checks).check(defaulted, context: context, cidrs: cidrs)
                facts = .policy(PolicySummary(defaulted), spec: defaulted.spec, accepted: errors.isEmpty)
                if errors.isEmpty, ConnectivityChecks.isOn(checks) {
                    connectivity = ConnectivityFacts(
                        policyNamed: defaulted.metadata.name ?? "", annotations: defaulted.metadata.annotations,
                        node: node)
                }
            }
            for error in errors {
                let position = NodeLocator.position(of: error.path, in: node, value: error.value)
                add(position, error.path.description, .error, RuleID.kubernetes, error.description)
            }
            // The apiserver only returns warnings with an accepted object. A CIDR check's finding on a field
            // replaces the apiserver's warning about the same field.
            if errors.isEmpty {
                for (path, warning) in AdmissionHandler.apiserverWarnings(of: cidrs, replacedBy: checkFindings) {
                    add(
                        NodeLocator.position(of: path, in: node), path.description, .warning,
                        RuleID.kubernetesWarning, warning)
                }
            }
            for finding in checkFindings {
                add(
                    NodeLocator.position(of: finding.path, in: node), finding.path.description,
                    finding.severity == .deny ? .error : .warning, finding.check.id, finding.message)
            }
        }
        var report = ObjectReport(
            file: file, position: node.position, apiVersion: Self.apiVersion, kind: Self.kind, name: name,
            outcome: .checked, findings: findings)
        report.facts = facts
        report.connectivity = connectivity
        objects.append(report)
    }

    /// `namespace/name`, or `name` without a namespace; `generateName` stands in for a missing name.
    static func name(of node: YAMLNode) -> String {
        let metadata = node["metadata"]
        let name = metadata?["name"]?.string ?? metadata?["generateName"]?.string ?? ""
        let namespace = metadata?["namespace"]?.string ?? ""
        return namespace.isEmpty ? name : namespace + "/" + name
    }
}
