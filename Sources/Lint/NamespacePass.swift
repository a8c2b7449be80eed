import NetworkPolicyValidation
import PolicyChecks

/// The checks that need every object of the run, applied once all files are read: label-selector exemptions
/// (Namespace objects in the files give the labels), `egress-blocks-dns` judged against every policy of the
/// namespace, and `missing-default-deny`. Works on whole reports, so the result never depends on the order
/// files were read in.
enum NamespacePass {
    static func apply(_ files: [FileReport], options: LintOptions) -> [FileReport] {
        guard let configuration = options.checks else { return files }
        var files = files
        var labels: [String: [String: String]] = [:]
        var ignored: [String: Set<Check>] = [:]
        var policies: [String: [PolicySummary]] = [:]
        for file in files {
            for object in file.objects {
                collect(object.facts)
            }
        }
        func collect(_ facts: ObjectFacts?) {
            switch facts {
            case .namespace(let name, let namespaceLabels, let ignoredChecks):
                labels[name, default: [:]].merge(namespaceLabels) { $1 }
                ignored[name, default: []].formUnion(ignoredChecks)
            case .policy(let summary, _, let accepted) where accepted:
                policies[summary.namespace, default: []].append(summary)
            default:
                break
            }
        }
        func isExempt(_ namespace: String) -> Bool {
            configuration.isExempt(
                namespace: namespace, labels: CheckContext.labels(ofNamespace: namespace, extra: labels[namespace] ?? [:]))
        }
        let checkIDs = Set(Check.allCases.map(\.id))
        // A policy's own DNS access is its seed, so including it in its namespace's index changes nothing.
        let dnsIndexes = policies.mapValues(NamespacePolicies.DNSIndex.init)

        for fileIndex in files.indices {
            for objectIndex in files[fileIndex].objects.indices {
                guard case .policy(let summary, let spec, _) = files[fileIndex].objects[objectIndex].facts else {
                    continue
                }
                if isExempt(summary.namespace) {
                    files[fileIndex].objects[objectIndex].findings.removeAll { checkIDs.contains($0.rule) }
                    continue
                }
                guard let dnsPosition = files[fileIndex].objects[objectIndex].findings.firstIndex(where: {
                    $0.rule == Check.egressBlocksDNS.id
                }) else { continue }
                let index = dnsIndexes[summary.namespace] ?? NamespacePolicies.DNSIndex([])
                // `ObjectChecker` judged the policy's own DNS access with the namespace-scope wording: while no
                // other policy widens that access, its finding already says what this pass would.
                guard NamespacePolicies.dnsAccess(of: summary, in: index) != summary.dns else { continue }
                if let rewritten = NamespacePolicies.dnsFinding(for: summary, spec: spec, in: index, severity: .warn) {
                    files[fileIndex].objects[objectIndex].findings[dnsPosition].message = rewritten.message
                } else {
                    files[fileIndex].objects[objectIndex].findings.remove(at: dnsPosition)
                }
            }
        }

        let severity = configuration.severity(of: .missingDefaultDeny)
        guard severity != .off else { return files }
        var reported = Set<String>()
        for fileIndex in files.indices {
            for objectIndex in files[fileIndex].objects.indices {
                let object = files[fileIndex].objects[objectIndex]
                guard case .workload(let namespace) = object.facts, !reported.contains(namespace) else { continue }
                reported.insert(namespace)
                guard !isExempt(namespace), !(ignored[namespace] ?? []).contains(.missingDefaultDeny),
                    let detail = NamespacePolicies.missingDefaultDeny(
                        namespace: namespace, workload: "\(object.kind) \(object.name)",
                        policies: policies[namespace] ?? [], egress: configuration.defaultDenyEgress)
                else { continue }
                let finding = CheckFinding(check: .missingDefaultDeny, severity: severity, path: FieldPath(), detail: detail)
                files[fileIndex].objects[objectIndex].findings.append(Finding(
                    file: object.file, position: object.position, object: object.name, field: "",
                    severity: severity == .deny || options.warningsAsErrors ? .error : .warning,
                    rule: finding.check.id, message: finding.message))
            }
        }
        return files
    }
}
