import NetworkPolicyValidation
import PolicyChecks

/// The checks that need every object of the run, applied once all files are read: label-selector exemptions
/// (Namespace objects in the files give the labels), `egress-blocks-dns` judged against every policy of the
/// namespace, and `missing-default-deny`. Works on whole reports, so the result never depends on the order
/// files were read in.
enum NamespacePass {
    static func apply(to files: inout [FileReport], options: LintOptions) {
        guard let configuration = options.checks else { return }
        let namespaces = Namespaces(files, configuration: configuration)
        // Each file's policies are settled from the prepared namespaces alone, so files go concurrently.
        ConcurrentWork.update(&files, concurrency: options.concurrency) { namespaces.settlePolicies(of: &$0) }
        namespaces.reportMissingDefaultDeny(in: &files, options: options)
        ConnectivityChecks.apply(to: &files, configuration: configuration, options: options)
    }

    /// What the pass knows about every namespace of the run, gathered in one walk over the reports.
    private struct Namespaces: Sendable {
        let configuration: CheckConfiguration
        var ignored: [String: Set<Check>] = [:]
        var policies: [String: [PolicySummary]] = [:]
        var exempt: [String: Bool] = [:]
        var dnsIndexes: [String: NamespacePolicies.DNSIndex] = [:]

        init(_ files: [FileReport], configuration: CheckConfiguration) {
            self.configuration = configuration
            var labels: [String: [String: String]] = [:]
            var named = Set<String>()
            for file in files {
                for objectIndex in file.objects.indices {
                    switch file.objects[objectIndex].facts {
                    case .namespace(let name, let namespaceLabels, let ignoredChecks):
                        labels[name, default: [:]].merge(namespaceLabels) { $1 }
                        ignored[name, default: []].formUnion(ignoredChecks)
                    case .policy(let summary, _, let accepted):
                        named.insert(summary.namespace)
                        if accepted { policies[summary.namespace, default: []].append(summary) }
                    case .workload(let namespace):
                        named.insert(namespace)
                    case nil:
                        break
                    }
                }
            }
            for namespace in named {
                exempt[namespace] = configuration.isExempt(
                    namespace: namespace,
                    labels: CheckContext.labels(ofNamespace: namespace, extra: labels[namespace] ?? [:]))
            }
            // A policy's own DNS access is its seed, so including it in its namespace's index changes nothing.
            dnsIndexes = policies.mapValues(NamespacePolicies.DNSIndex.init)
        }

        /// Drops the check findings of exempt namespaces and settles `egress-blocks-dns` against the namespace.
        func settlePolicies(of file: inout FileReport) {
            for objectIndex in file.objects.indices {
                guard case .policy(let summary, let spec, _) = file.objects[objectIndex].facts else { continue }
                if exempt[summary.namespace] ?? false {
                    file.objects[objectIndex].findings.removeAll { Self.checkIDs.contains($0.rule) }
                    continue
                }
                guard
                    let dnsPosition = file.objects[objectIndex].findings.firstIndex(where: {
                        $0.rule == Check.egressBlocksDNS.id
                    })
                else { continue }
                let index = dnsIndexes[summary.namespace] ?? NamespacePolicies.DNSIndex([])
                // `ObjectChecker` judged the policy's own DNS access with the namespace-scope wording: while no
                // other policy widens that access, its finding already says what this pass would.
                guard NamespacePolicies.dnsAccess(of: summary, in: index) != summary.dns else { continue }
                if let rewritten = NamespacePolicies.dnsFinding(for: summary, spec: spec, in: index, severity: .warn) {
                    file.objects[objectIndex].findings[dnsPosition].message = rewritten.message
                } else {
                    file.objects[objectIndex].findings.remove(at: dnsPosition)
                }
            }
        }

        /// `missing-default-deny` on the first workload of each namespace, in file order.
        func reportMissingDefaultDeny(in files: inout [FileReport], options: LintOptions) {
            let severity = configuration.severity(of: .missingDefaultDeny)
            guard severity != .off else { return }
            var reported = Set<String>()
            for fileIndex in files.indices {
                for objectIndex in files[fileIndex].objects.indices {
                    guard case .workload(let namespace) = files[fileIndex].objects[objectIndex].facts,
                        !reported.contains(namespace)
                    else { continue }
                    reported.insert(namespace)
                    let object = files[fileIndex].objects[objectIndex]
                    guard !(exempt[namespace] ?? false), !(ignored[namespace] ?? []).contains(.missingDefaultDeny),
                        let detail = NamespacePolicies.missingDefaultDeny(
                            namespace: namespace, workload: "\(object.kind) \(object.name)",
                            policies: policies[namespace] ?? [], egress: configuration.defaultDenyEgress)
                    else { continue }
                    let finding = CheckFinding(
                        check: .missingDefaultDeny, severity: severity, path: FieldPath(), detail: detail)
                    files[fileIndex].objects[objectIndex].findings.append(
                        Finding(
                            file: object.file, position: object.position, object: object.name, field: "",
                            severity: severity == .deny || options.warningsAsErrors ? .error : .warning,
                            rule: finding.check.id, message: finding.message))
                }
            }
        }

        private static let checkIDs = Set(Check.allCases.map(\.id))
    }
}
