/// `ValidateNetworkPolicySpec` and its helpers (kubernetes `pkg/apis/networking/validation/validation.go`, v1.36).
public enum SpecRules {
    static let supportedProtocols = ["TCP", "UDP", "SCTP"]
    static let supportedPolicyTypes = ["Ingress", "Egress"]

    /// Errors in the apiserver's order: podSelector; each ingress rule's ports then peers; each egress rule's ports
    /// then peers; policyTypes.
    public static func validate(
        _ spec: NetworkPolicySpec, at path: @autoclosure () -> FieldPath, options: ValidationOptions
    )
        -> [FieldError]
    {
        validate(spec, at: path(), options: options, cidrs: SpecCIDRs(spec))
    }

    /// `validate(_:at:options:)` with the spec's CIDR strings already parsed (`cidrs`, made from `spec`).
    public static func validate(
        _ spec: NetworkPolicySpec, at path: @autoclosure () -> FieldPath, options: ValidationOptions,
        cidrs: SpecCIDRs
    )
        -> [FieldError]
    {
        let allowInvalidLabelValue = options.allowInvalidLabelValueInSelector
        var errors = LabelSelectorRules.validate(
            spec.podSelector ?? LabelSelector(), at: path().child("podSelector"),
            allowInvalidLabelValue: allowInvalidLabelValue)
        // Peers with an ipBlock meet the blocks of `cidrs` in order.
        var nextBlock = 0
        spec.ingress?.withUnsafeBufferPointer { rules in
            for index in rules.indices {
                validateRule(
                    ports: rules[index].ports, peers: rules[index].from, isIngress: true, index: index, of: path(),
                    options: options, cidrs: cidrs, nextBlock: &nextBlock, into: &errors)
            }
        }
        spec.egress?.withUnsafeBufferPointer { rules in
            for index in rules.indices {
                validateRule(
                    ports: rules[index].ports, peers: rules[index].to, isIngress: false, index: index, of: path(),
                    options: options, cidrs: cidrs, nextBlock: &nextBlock, into: &errors)
            }
        }
        errors.collect(validatePolicyTypes(spec.policyTypes ?? [], at: path().child("policyTypes")))
        return errors
    }

    /// One rule's ports, then its peers (`from` or `to`), read in place: taking a peer out of its list retained
    /// every selector and string in it. `specPath` is made only for an error.
    private static func validateRule(
        ports: [NetworkPolicyPort]?, peers: [NetworkPolicyPeer]?, isIngress: Bool, index: Int,
        of specPath: @autoclosure () -> FieldPath, options: ValidationOptions, cidrs: SpecCIDRs,
        nextBlock: inout Int, into errors: inout [FieldError]
    ) {
        func rulePath() -> FieldPath { specPath().child(isIngress ? "ingress" : "egress").index(index) }
        ports?.withUnsafeBufferPointer { ports in
            for portIndex in ports.indices {
                errors.collect(validate(ports[portIndex], at: rulePath().child("ports").index(portIndex)))
            }
        }
        peers?.withUnsafeBufferPointer { peers in
            for peerIndex in peers.indices {
                var parsed = ParsedBlock.unparsed(nil)
                if nextBlock < cidrs.blocks.count,
                    cidrs.blocks[nextBlock].location
                        == SpecCIDRs.Location(isIngress: isIngress, rule: index, peer: peerIndex)
                {
                    parsed = .parsed(cidrs.values[cidrs.blocks[nextBlock].positions])
                    nextBlock += 1
                }
                errors.collect(
                    validate(
                        peers[peerIndex], at: rulePath().child(isIngress ? "from" : "to").index(peerIndex),
                        options: options, parsed: parsed))
            }
        }
    }

    /// `ValidateNetworkPolicyPort`.
    public static func validate(_ port: NetworkPolicyPort, at path: @autoclosure () -> FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if let proto = port.protocol, !supportedProtocols.contains(proto) {
            // `api.Protocol` is a named string type: rendered as JSON, not Go-quoted.
            errors.append(.notSupported(path().child("protocol"), .namedString(proto), supported: supportedProtocols))
        }
        switch port.port {
        case .int(let number):
            for message in NameRules.portNumber(Int64(number)) {
                errors.append(.invalid(path().child("port"), .integer(Int64(number)), message))
            }
            if let endPort = port.endPort {
                if endPort < number {
                    // Upstream writes the port, not the endPort: `field.Invalid(portPath.Child("endPort"),
                    // port.Port.IntVal, ...)`.
                    errors.append(
                        .invalid(
                            path().child("endPort"), .integer(Int64(number)), "must be greater than or equal to `port`"
                        ))
                }
                for message in NameRules.portNumber(Int64(endPort)) {
                    errors.append(.invalid(path().child("endPort"), .integer(Int64(endPort)), message))
                }
            }
        case .string(let name):
            if let endPort = port.endPort {
                errors.append(
                    .invalid(
                        path().child("endPort"), .integer(Int64(endPort)),
                        "may not be specified when `port` is non-numeric"))
            }
            for message in NameRules.portName(name) {
                errors.append(.invalid(path().child("port"), .string(name), message))
            }
        case nil:
            if let endPort = port.endPort {
                errors.append(
                    .invalid(
                        path().child("endPort"), .integer(Int64(endPort)),
                        "may not be specified when `port` is not specified"
                    ))
            }
        }
        return errors
    }

    /// `ValidateNetworkPolicyPeer`: selectors and ipBlock first, then whether the combination is allowed.
    public static func validate(
        _ peer: NetworkPolicyPeer, at path: @autoclosure () -> FieldPath, options: ValidationOptions
    )
        -> [FieldError]
    {
        validate(peer, at: path(), options: options, parsed: .unparsed(peer.ipBlock))
    }

    /// `validate(_:at:options:)` of a peer whose ipBlock strings `parsed` gives.
    static func validate(
        _ peer: NetworkPolicyPeer, at path: @autoclosure () -> FieldPath, options: ValidationOptions,
        parsed: ParsedBlock
    )
        -> [FieldError]
    {
        var errors: [FieldError] = []
        var peers = 0
        let allowInvalidLabelValue = options.allowInvalidLabelValueInSelector
        if let selector = peer.podSelector {
            peers += 1
            errors.collect(
                LabelSelectorRules.validate(
                    selector, at: path().child("podSelector"), allowInvalidLabelValue: allowInvalidLabelValue))
        }
        if let selector = peer.namespaceSelector {
            peers += 1
            errors.collect(
                LabelSelectorRules.validate(
                    selector, at: path().child("namespaceSelector"), allowInvalidLabelValue: allowInvalidLabelValue))
        }
        if let block = peer.ipBlock {
            peers += 1
            errors.collect(validate(block, at: path().child("ipBlock"), options: options, parsed: parsed))
        }
        if peers == 0 {
            errors.append(.required(path(), "must specify a peer"))
        } else if peers > 1 && peer.ipBlock != nil {
            errors.append(.forbidden(path(), "may not specify both ipBlock and another peer"))
        }
        return errors
    }

    /// `ValidateIPBlock`, with the UPDATE ratchet: a CIDR string the old object held is taken without syntax
    /// checks (the subset check still applies).
    public static func validate(_ block: IPBlock, at path: @autoclosure () -> FieldPath, options: ValidationOptions)
        -> [FieldError]
    {
        validate(block, at: path(), options: options, parsed: .unparsed(block))
    }

    /// An ipBlock's strings as the sloppy parser reads them, `[0]` the `cidr` and `[1 + i]` `except[i]`: taken
    /// from a `SpecCIDRs`, or parsed as they are asked for.
    enum ParsedBlock {
        case unparsed(IPBlock?)
        /// The block's values in `SpecCIDRs.values`.
        case parsed(ArraySlice<SpecCIDRs.Value>)

        subscript(position: Int) -> SloppyIPParser.CIDR? {
            switch self {
            case .unparsed(let block):
                guard let block else { return nil }
                return SloppyIPParser.parseCIDR(position == 0 ? block.cidr : block.except?[position - 1] ?? "")
            case .parsed(let values):
                return values[values.startIndex + position].cidr
            }
        }
    }

    /// `validate(_:at:options:)` of an ipBlock whose strings `parsed` gives.
    static func validate(
        _ block: IPBlock, at path: @autoclosure () -> FieldPath, options: ValidationOptions, parsed: ParsedBlock
    )
        -> [FieldError]
    {
        func cidrPath() -> FieldPath { path().child("cidr") }
        guard !block.cidr.isEmpty else {
            return [.required(cidrPath())]
        }
        // Each string parsed once, for its syntax errors and for the subset check.
        let cidr = parsed[0]
        var errors = syntaxErrors(block.cidr, parsed: cidr, at: cidrPath(), options: options)
        guard let network = cidr?.network else {
            // The cidr is unparseable: its error is already reported and no except entry can be judged against it.
            return errors
        }
        for (index, except) in (block.except ?? []).enumerated() {
            func exceptPath() -> FieldPath { path().child("except").index(index) }
            let exceptCIDR = parsed[1 + index]
            errors.collect(syntaxErrors(except, parsed: exceptCIDR, at: exceptPath(), options: options))
            guard let exceptNetwork = exceptCIDR?.network else { continue }
            if !network.contains(exceptNetwork.address) || network.prefixLength >= exceptNetwork.prefixLength {
                errors.append(.invalid(exceptPath(), .string(except), "must be a strict subset of `cidr`"))
            }
        }
        return errors
    }

    static func syntaxErrors(
        _ cidr: String, parsed: SloppyIPParser.CIDR?, at path: @autoclosure () -> FieldPath,
        options: ValidationOptions
    ) -> [FieldError] {
        if !options.ratchetedCIDRs.isEmpty && options.ratchetedCIDRs.contains(cidr) { return [] }
        return CIDRValidation.validateLegacyCIDR(
            cidr, parsed: parsed, at: path(), strict: options.strictCIDRValidation)
    }

    /// The policyTypes part of `ValidateNetworkPolicySpec`: more than two entries is one error and nothing else.
    static func validatePolicyTypes(_ types: [String], at path: @autoclosure () -> FieldPath) -> [FieldError] {
        if types.count > supportedPolicyTypes.count {
            return [.invalid(path(), .stringList(types), "may not specify more than two policyTypes")]
        }
        var errors: [FieldError] = []
        for (index, type) in types.enumerated() where !supportedPolicyTypes.contains(type) {
            errors.append(.notSupported(path().index(index), .namedString(type), supported: supportedPolicyTypes))
        }
        return errors
    }

    /// Every CIDR string of a spec (cidr and except, ingress then egress), with its path.
    public static func cidrs(of spec: NetworkPolicySpec) -> [(value: String, path: FieldPath)] {
        var found: [(value: String, path: FieldPath)] = []
        func collect(_ peers: [NetworkPolicyPeer]?, _ path: FieldPath) {
            for (index, peer) in (peers ?? []).enumerated() {
                guard let block = peer.ipBlock else { continue }
                let blockPath = path.index(index).child("ipBlock")
                found.append((block.cidr, blockPath.child("cidr")))
                for (exceptIndex, except) in (block.except ?? []).enumerated() {
                    found.append((except, blockPath.child("except").index(exceptIndex)))
                }
            }
        }
        let spec_ = FieldPath.root("spec")
        for (index, rule) in (spec.ingress ?? []).enumerated() {
            collect(rule.from, spec_.child("ingress").index(index).child("from"))
        }
        for (index, rule) in (spec.egress ?? []).enumerated() {
            collect(rule.to, spec_.child("egress").index(index).child("to"))
        }
        return found
    }
}
