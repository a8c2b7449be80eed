import NetworkPolicyValidation

/// `except-overlap` and `ipblock-in-cluster`: what an ipBlock's ranges cover.
enum IPBlockRules {
    /// Except entries that repeat or overlap an earlier one of the same ipBlock; reported on the later entry.
    static func exceptOverlap(_ blocks: SpecCIDRs) -> [Hit] {
        var hits: [Hit] = []
        for block in blocks.blocks {
            let excepts = blocks.excepts(of: block)
            // One except entry overlaps nothing: the usual block is not looked at again.
            guard excepts.count > 1 else { continue }
            for index in 1..<excepts.count {
                let current = excepts[excepts.startIndex + index]
                guard let currentNetwork = current.network else { continue }
                for earlierIndex in 0..<index {
                    let earlier = excepts[excepts.startIndex + earlierIndex]
                    guard let earlierNetwork = earlier.network else { continue }
                    // Built only for a hit: most pairs are disjoint.
                    func name() -> String { "except[\(earlierIndex)] \(GoQuote.quote(earlier.text))" }
                    let detail: String
                    if earlierNetwork == currentNetwork {
                        detail = "\(GoQuote.quote(current.text)) repeats \(name()); remove one of them"
                    } else if earlierNetwork.covers(currentNetwork) {
                        detail =
                            "\(GoQuote.quote(current.text)) lies inside \(name()), which already excludes it; remove it"
                    } else if currentNetwork.covers(earlierNetwork) {
                        detail = "\(GoQuote.quote(current.text)) covers \(name()); remove the narrower \(name())"
                    } else {
                        continue
                    }
                    hits.append(Hit(block.path.child("except").index(index), detail))
                    break
                }
            }
        }
        return hits
    }

    /// An ipBlock inside a cluster range, or covering one that no except entry takes out: pod and service IPs
    /// change as pods come and go, and CNI plugins differ on whether ipBlock applies to them at all.
    static func inCluster(_ blocks: SpecCIDRs, clusterCIDRs: [IPNetwork]) -> [Hit] {
        guard !clusterCIDRs.isEmpty else { return [] }
        let ranges = clusterCIDRs.map(CIDRText.unwrapped)
        var hits: [Hit] = []
        for entry in blocks.blocks {
            let value = blocks.cidr(of: entry)
            guard let cidr = value.form else { continue }
            let excepts = blocks.excepts(of: entry).compactMap(\.network)
            let quoted = GoQuote.quote(value.text)
            if let range = ranges.first(where: { $0.covers(cidr.network) }) {
                hits.append(
                    Hit(
                        entry.path.child("cidr"),
                        "\(quoted) lies inside the cluster range \(range), where pod and service IPs come and go; "
                            + "select those pods with podSelector and namespaceSelector instead"))
            } else {
                let covered = ranges.filter { range in
                    cidr.network.covers(range) && !excepts.contains { $0.covers(range) }
                }
                guard !covered.isEmpty else { continue }
                let list = covered.map { GoQuote.quote($0.description) }.joined(separator: ", ")
                hits.append(
                    Hit(
                        entry.path.child("cidr"),
                        "\(quoted) covers the cluster range\(covered.count == 1 ? "" : "s") \(list), where pod and "
                            + "service IPs come and go; add \(covered.count == 1 ? "it" : "them") to except and select "
                            + "in-cluster peers with podSelector and namespaceSelector"))
            }
        }
        return hits
    }
}
