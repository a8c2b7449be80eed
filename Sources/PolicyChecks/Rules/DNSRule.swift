import NetworkPolicyValidation

/// `egress-blocks-dns`.
enum DNSRule {
    /// The finding for a policy that isolates egress, given what it (and in lint, the policies covering its
    /// pods) open; nil when DNS is open or the policy does not isolate egress.
    static func hit(_ spec: NetworkPolicySpec, access: DNSAccess, scope: CheckContext.Scope, namespace: String)
        -> Hit?
    {
        guard PolicyWalk.isolates(spec, .egress), !access.isOpen else { return nil }
        let path: FieldPath =
            (spec.egress ?? []).isEmpty ? .root("spec").child("policyTypes") : .root("spec").child("egress")
        let unless =
            switch scope {
            case .alone: "unless another policy allows it"
            case .namespace:
                "and no other NetworkPolicy of namespace \(GoQuote.quote(namespace)) in the linted files that selects "
                    + "them allows it"
            }
        let kubeDNS = "kube-dns (namespace kube-system, pods k8s-app=kube-dns)"
        let detail: String
        if access.udp {
            detail =
                "DNS is allowed over UDP but not TCP (port 53): large answers retried over TCP fail \(unless); "
                + "allow 53/TCP to \(kubeDNS) as well"
        } else if access.tcp {
            detail =
                "DNS is allowed over TCP but not UDP (port 53): the pods cannot resolve names \(unless); "
                + "allow 53/UDP to \(kubeDNS) as well"
        } else {
            let blocked =
                (spec.egress ?? []).isEmpty
                ? "all egress is denied, DNS (port 53) included" : "no egress rule allows DNS (port 53 UDP and TCP)"
            detail = "\(blocked): the pods cannot resolve names \(unless); allow 53/UDP and 53/TCP to \(kubeDNS)"
        }
        return Hit(path, detail)
    }
}
