/// Every ipBlock `cidr` and `except` string of a spec, parsed once with the apiserver's sloppy parser
/// (`ParseCIDRSloppy`): the spec rules, the apiserver's CIDR warnings and the checks all read them, and each
/// parsing them again cost more than what it then did with them.
///
/// Values are listed as `SpecRules.cidrs(of:)` lists them: ingress first, each ipBlock's `cidr` then its `except`
/// entries. A `SpecCIDRs` belongs to the spec it was made from; handing it along with another spec is a
/// programming error.
public struct SpecCIDRs: Sendable {
    /// Where an ipBlock is: enough to make its path. Most ipBlocks draw no error, warning or finding, and making a
    /// path for each of them cost more than the rules that read them.
    public struct Location: Hashable, Sendable {
        public var isIngress: Bool
        public var rule: Int
        public var peer: Int

        /// `spec.ingress[0].from[1].ipBlock`
        public var path: FieldPath {
            FieldPath.root("spec").child(isIngress ? "ingress" : "egress").index(rule)
                .child(isIngress ? "from" : "to").index(peer).child("ipBlock")
        }
    }

    /// One ipBlock: where it is and where its strings are in `values`.
    public struct Block: Sendable {
        public var location: Location
        /// The block's `cidr` in `values`, then its `except` entries.
        public var positions: Range<Int>

        /// `spec.ingress[0].from[1].ipBlock`
        public var path: FieldPath { location.path }
    }

    /// One `cidr` or `except` string and what the sloppy parser made of it.
    public struct Value: Sendable {
        public var text: String
        /// nil when the sloppy parser rejects the text.
        var cidr: SloppyIPParser.CIDR?
        public var location: Location
        /// The `except` entry, nil for `cidr`.
        public var exceptIndex: Int?

        /// `netutils.ParseCIDRSloppy`'s first return value with the prefix length, and whether `netip.ParsePrefix`
        /// would refuse the text for leading zeros (`IPNetwork.parseSloppyAddress`); nil when the parser fails.
        public var parsed: (address: IPAddress, prefixLength: Int, hasLeadingZeros: Bool)? {
            cidr.map { ($0.address, $0.prefixLength, $0.hasLeadingZeros) }
        }

        /// `spec.ingress[0].from[1].ipBlock.cidr` or `...ipBlock.except[2]`
        public var path: FieldPath {
            guard let exceptIndex else { return location.path.child("cidr") }
            return location.path.child("except").index(exceptIndex)
        }
    }

    public let blocks: [Block]
    /// Each block's `cidr`, then its `except` entries: one list for all blocks, as a list per block cost more than
    /// the rules that read them.
    public let values: [Value]
    /// True when every value that parses is in plain form: no host bits, no leading zeros, not IPv4-mapped, IPv6
    /// in RFC 5952 form. Then none draws an apiserver warning (`CIDRValidation.warnings`) or a CIDR form finding,
    /// and those need not look at each value again.
    public let areAllPlain: Bool

    public init(_ spec: NetworkPolicySpec) {
        // A builder's mutating methods rather than nested functions capturing local variables: those were checked
        // for exclusive access on every use.
        var builder = Builder()
        // Sized once: growing the list of values (and allocating more than a usual policy needs, up front) cost more
        // than counting them.
        var count = 0
        spec.ingress?.withUnsafeBufferPointer { rules in
            for index in rules.indices { count += Builder.valueCount(rules[index].from) }
        }
        spec.egress?.withUnsafeBufferPointer { rules in
            for index in rules.indices { count += Builder.valueCount(rules[index].to) }
        }
        guard count > 0 else {
            blocks = []
            values = []
            areAllPlain = true
            return
        }
        builder.values.reserveCapacity(count)
        // At most one block per value.
        builder.blocks.reserveCapacity(count)
        if let ingress = spec.ingress {
            for index in ingress.indices { builder.collect(ingress[index].from, isIngress: true, rule: index) }
        }
        if let egress = spec.egress {
            for index in egress.indices { builder.collect(egress[index].to, isIngress: false, rule: index) }
        }
        blocks = builder.blocks
        values = builder.values
        areAllPlain = builder.areAllPlain
    }

    private struct Builder {
        var blocks: [Block] = []
        var values: [Value] = []
        var areAllPlain = true

        mutating func collect(_ peers: [NetworkPolicyPeer]?, isIngress: Bool, rule: Int) {
            guard let peers else { return }
            for peerIndex in peers.indices {
                guard let block = peers[peerIndex].ipBlock else { continue }
                let location = Location(isIngress: isIngress, rule: rule, peer: peerIndex)
                let start = values.count
                append(block.cidr, location, exceptIndex: nil)
                if let except = block.except {
                    for index in except.indices { append(except[index], location, exceptIndex: index) }
                }
                blocks.append(Block(location: location, positions: start..<values.count))
            }
        }

        /// How many values the ipBlocks of `peers` hold.
        static func valueCount(_ peers: [NetworkPolicyPeer]?) -> Int {
            guard let peers else { return 0 }
            var count = 0
            for index in peers.indices {
                count += peers[index].ipBlock.map { 1 + ($0.except?.count ?? 0) } ?? 0
            }
            return count
        }

        mutating func append(_ text: String, _ location: Location, exceptIndex: Int?) {
            let cidr = SloppyIPParser.parseCIDR(text)
            if let cidr, areAllPlain { areAllPlain = Self.isPlain(cidr, text) }
            values.append(Value(text: text, cidr: cidr, location: location, exceptIndex: exceptIndex))
        }

        /// No warning and no form finding: the conditions of `CIDRValidation.warnings`, none met.
        static func isPlain(_ cidr: SloppyIPParser.CIDR, _ text: String) -> Bool {
            guard !cidr.hasHostBits, !cidr.hasLeadingZeros else { return false }
            switch cidr.address.family {
            case .v4: return true
            case .v6: return !cidr.address.isIPv4Mapped && cidr.address.isRFC5952(text, prefixLength: cidr.prefixLength)
            }
        }
    }

    /// The `cidr` of `block`.
    public func cidr(of block: Block) -> Value { values[block.positions.lowerBound] }

    /// The `except` entries of `block`, in order.
    public func excepts(of block: Block) -> ArraySlice<Value> {
        values[(block.positions.lowerBound + 1)..<block.positions.upperBound]
    }
}
