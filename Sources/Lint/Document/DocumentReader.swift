internal import CYaml

/// Reads a YAML stream's documents from libyaml's events (the libyaml Yams is built on) straight into
/// `YAMLNode`s, converting them the way sigs.k8s.io/yaml converts YAML to JSON: merge keys applied, keys turned
/// into strings, what JSON cannot hold dropped and reported.
///
/// It yields exactly what Yams' `Parser` tree followed by a conversion of that tree yields, without the tree:
/// anchors persist across the documents of a stream, an alias stands for the node as it was when its anchor was
/// read (its conversion problems reported again wherever it is used), a node is anchored once it is complete, and
/// errors carry go-yaml's wording. To that end the events of an anchored node are kept and replayed at its
/// aliases, with the anchors inside them no longer defining anything. (A struct, so that its state is checked for
/// exclusive access when compiled rather than on every access.)
struct DocumentReader: ~Copyable {
    /// One libyaml event, copied out of the parser; a scalar is already typed.
    private struct Event {
        enum Kind {
            case scalar(YAMLNode.Value, isMergeKey: Bool)
            case alias(String)
            case sequenceStart
            case sequenceEnd
            case mappingStart
            case mappingEnd
            case documentStart
            case documentEnd
            case streamStart
            case streamEnd
        }

        var kind: Kind
        var position: SourcePosition
        var anchor: String?
    }

    private let text: String
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>

    /// The events of every anchored node read so far, by anchor name.
    private var anchors: [String: [Event]] = [:]
    /// Anchored nodes still being read record the events they are made of here (from `recordingStarts`).
    private var recorded: [Event] = []
    private var recordingStarts: [Int] = []
    /// Alias expansions being replayed, innermost last.
    private var replays: [(events: [Event], next: Int)] = []
    /// The current document's conversion issues.
    private var issues: [YAMLStream.ConversionIssue] = []

    /// `bytes` must be `text`'s UTF-8 and stay valid while the reader reads.
    private init(text: String, bytes: UnsafeBufferPointer<UInt8>) {
        self.text = text
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
    }

    /// Every document of `text`, or the first error.
    static func documents(in text: String) throws(YAMLStream.SyntaxError) -> [YAMLStream.Document] {
        var text = text
        text.makeContiguousUTF8()
        let result = text.utf8.withContiguousStorageIfAvailable { bytes in
            Result { () throws(YAMLStream.SyntaxError) in
                var reader = DocumentReader(text: text, bytes: bytes)
                return try reader.documents()
            }
        }
        // Unreachable: the text was made contiguous.
        guard let result else { throw YAMLStream.SyntaxError(message: "yaml: unreadable text", position: .start) }
        return try result.get()
    }

    private mutating func documents() throws(YAMLStream.SyntaxError) -> [YAMLStream.Document] {
        var documents: [YAMLStream.Document] = []
        _ = try next()  // STREAM-START
        while parser.pointee.stream_end_produced == 0, case .documentStart = try next().kind {
            issues = []
            let root = try node()
            _ = try next()  // DOCUMENT-END
            let isEmpty = if case .null = root.value { true } else { false }
            documents.append(YAMLStream.Document(root: isEmpty ? nil : root, conversionIssues: issues))
        }
        return documents
    }

    // MARK: - Events

    /// The next event, from the innermost replay or else from libyaml, recorded while an anchored node is read.
    private mutating func next() throws(YAMLStream.SyntaxError) -> Event {
        // The usual case, no alias being replayed and no anchored node being read: straight from libyaml.
        if replays.isEmpty && recordingStarts.isEmpty { return try parse() }
        let event: Event
        while let last = replays.last, last.next == last.events.count {
            replays.removeLast()
        }
        if !replays.isEmpty {
            event = replays[replays.count - 1].events[replays[replays.count - 1].next]
            replays[replays.count - 1].next += 1
        } else {
            event = try parse()
        }
        if !recordingStarts.isEmpty { recorded.append(event) }
        return event
    }

    /// The next event with aliases replaced by the first event of the node they stand for.
    private mutating func nextExpanded() throws(YAMLStream.SyntaxError) -> Event {
        var event = try next()
        while case .alias(let name) = event.kind {
            if !recordingStarts.isEmpty { recorded.removeLast() }  // An anchored node holds the expansion.
            guard let events = anchors[name] else {
                throw Self.syntaxError("found undefined alias", at: event.position)
            }
            replays.append((events, 0))
            event = try next()
        }
        return event
    }

    private func parse() throws(YAMLStream.SyntaxError) -> Event {
        guard yaml_parser_parse(parser, event) == 1 else { throw error() }
        defer { yaml_event_delete(event) }
        let data = event.pointee.data
        let mark = event.pointee.start_mark
        let position = SourcePosition(line: mark.line + 1, column: mark.column + 1)
        switch event.pointee.type {
        case YAML_SCALAR_EVENT:
            let scalar = data.scalar
            let bytes = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
            let isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE || scalar.style == YAML_ANY_SCALAR_STYLE
            let isMergeKey =
                isPlain && bytes.count == 2 && bytes[0] == UInt8(ascii: "<") && bytes[1] == UInt8(ascii: "<")
            let value = Self.value(
                Self.string(bytes), tag: scalar.quoted_implicit == 1 ? nil : scalar.tag,
                isQuoted: scalar.quoted_implicit == 1, isPlain: isPlain)
            return Event(
                kind: .scalar(value, isMergeKey: isMergeKey), position: position, anchor: Self.name(scalar.anchor))
        case YAML_ALIAS_EVENT:
            return Event(kind: .alias(Self.name(data.alias.anchor) ?? ""), position: position)
        case YAML_SEQUENCE_START_EVENT:
            return Event(kind: .sequenceStart, position: position, anchor: Self.name(data.sequence_start.anchor))
        case YAML_MAPPING_START_EVENT:
            return Event(kind: .mappingStart, position: position, anchor: Self.name(data.mapping_start.anchor))
        case YAML_SEQUENCE_END_EVENT: return Event(kind: .sequenceEnd, position: position)
        case YAML_MAPPING_END_EVENT: return Event(kind: .mappingEnd, position: position)
        case YAML_DOCUMENT_START_EVENT: return Event(kind: .documentStart, position: position)
        case YAML_DOCUMENT_END_EVENT: return Event(kind: .documentEnd, position: position)
        case YAML_STREAM_START_EVENT: return Event(kind: .streamStart, position: position)
        default: return Event(kind: .streamEnd, position: position)
        }
    }

    /// Yams reads scalars with Foundation's `String(bytes:encoding:)`, which drops a leading byte order mark.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[3...]), as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func name(_ pointer: UnsafeMutablePointer<UInt8>?) -> String? {
        guard let pointer else { return nil }
        return String.decodeCString(pointer, as: UTF8.self, repairingInvalidCodeUnits: true)?.result
    }

    /// go-yaml's typing of a scalar: quoted scalars are strings (libyaml's `quoted_implicit`), untagged plain ones
    /// are resolved, as are those tagged `!!null`, `!!bool`, `!!int` or `!!float`; every other tag (`!!str`,
    /// `!!binary`, `!!timestamp`, `!`, application tags) keeps the text.
    private static func value(
        _ string: String, tag: UnsafeMutablePointer<UInt8>?, isQuoted: Bool, isPlain: Bool
    ) -> YAMLNode.Value {
        if isQuoted { return .string(string) }
        guard let tag else { return isPlain ? ScalarResolver.resolvePlain(string) : .string(string) }
        switch Self.name(tag) {
        case "":
            return isPlain ? ScalarResolver.resolvePlain(string) : .string(string)
        case "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
            return ScalarResolver.resolvePlain(string)
        default:
            return .string(string)
        }
    }

    /// go-yaml's wording, `yaml: line N: <problem>`. N is the line of the problem in the file; kubectl's own
    /// numbers differ (it counts from the start of the document, and sometimes names the context's line).
    private static func syntaxError(_ problem: String, at position: SourcePosition) -> YAMLStream.SyntaxError {
        YAMLStream.SyntaxError(message: "yaml: line \(position.line): \(problem)", position: position)
    }

    /// The parser's error. A reader error (bad UTF-8 or a control character) is placed at the character it
    /// concerns, counting lines by `"\n"` characters as Yams' error offset does.
    private func error() -> YAMLStream.SyntaxError {
        let parser = parser.pointee
        let problem = parser.problem.map { String(cString: $0) } ?? ""
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return YAMLStream.SyntaxError(message: "yaml: Memory error", position: .start)
        case YAML_READER_ERROR:
            var position = SourcePosition.start
            if let index = text.utf8.index(
                text.utf8.startIndex, offsetBy: parser.problem_offset, limitedBy: text.utf8.endIndex)?
                .samePosition(in: text)
            {
                let prefix = text[..<index]
                let line = prefix.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                let lastLine = prefix.split(separator: "\n", omittingEmptySubsequences: false).last
                let column = lastLine?.unicodeScalars.count ?? 0
                position = SourcePosition(line: line, column: column + 1)
            }
            return YAMLStream.SyntaxError(message: "yaml: \(problem)", position: position)
        default:
            let mark = parser.problem_mark
            return Self.syntaxError(problem, at: SourcePosition(line: mark.line + 1, column: mark.column + 1))
        }
    }

    // MARK: - Nodes

    /// The node whose first event is next.
    private mutating func node() throws(YAMLStream.SyntaxError) -> YAMLNode {
        try node(startingWith: nextExpanded())
    }

    private mutating func node(startingWith first: Event) throws(YAMLStream.SyntaxError) -> YAMLNode {
        switch first.kind {
        case .scalar(let value, _):
            if let anchor = first.anchor, !isReplaying {
                var event = first
                event.anchor = nil
                anchors[anchor] = [event]
            }
            return YAMLNode(value, at: first.position)
        case .sequenceStart:
            let recording = beginAnchor(first)
            var items: [YAMLNode] = []
            items.reserveCapacity(4)
            while true {
                let event = try nextExpanded()
                if case .sequenceEnd = event.kind { break }
                items.append(try node(startingWith: event))
            }
            endAnchor(first, recording)
            return YAMLNode(.sequence(items), at: first.position)
        case .mappingStart:
            let recording = beginAnchor(first)
            let entries = try mappingEntries()
            endAnchor(first, recording)
            return YAMLNode(.mapping(entries), at: first.position)
        default:
            // libyaml never starts a node with another event.
            throw Self.syntaxError("did not find expected node content", at: first.position)
        }
    }

    private mutating func dropIssues(after count: Int) {
        if issues.count > count { issues.removeSubrange(count...) }
    }

    /// The entries of the mapping whose start event was just read, through its end event.
    private mutating func mappingEntries() throws(YAMLStream.SyntaxError) -> [YAMLEntry] {
        var entries: [YAMLEntry] = []
        entries.reserveCapacity(4)  // One allocation for most mappings of a manifest.
        var merged: [YAMLEntry] = []
        while true {
            let keyEvent = try nextExpanded()
            if case .mappingEnd = keyEvent.kind { break }
            if case .scalar(_, isMergeKey: true) = keyEvent.kind {
                if let anchor = keyEvent.anchor, !isReplaying {
                    anchors[anchor] = [Event(kind: keyEvent.kind, position: keyEvent.position)]
                }
                merged.append(contentsOf: try mergeEntries())
                continue
            }
            // A key that cannot be a JSON key drops its entry; the conversion never looks inside either.
            let kept = issues.count
            let key = try node(startingWith: keyEvent)
            dropIssues(after: kept)
            guard let name = keyString(key) else {
                let issue = issues.popLast()
                let kept = issues.count
                _ = try node()
                dropIssues(after: kept)
                if let issue { issues.append(issue) }
                continue
            }
            entries.append(YAMLEntry(key: name, keyPosition: key.position, value: try node()))
        }
        // go-yaml v2: keys written in the mapping itself win over merged ones, whatever the order.
        for entry in merged where !entries.contains(where: { $0.key == entry.key }) {
            entries.append(entry)
        }
        return entries
    }

    /// The entries a `<<` merge key brings in: one mapping, or a list of mappings (earlier ones win).
    private mutating func mergeEntries() throws(YAMLStream.SyntaxError) -> [YAMLEntry] {
        var result: [YAMLEntry] = []
        func merge(_ node: YAMLNode) {
            guard case .mapping(let entries) = node.value else {
                issues.append(
                    YAMLStream.ConversionIssue(
                        message: "yaml: map merge requires map or sequence of maps as the value",
                        position: node.position))
                return
            }
            for entry in entries where !result.contains(where: { $0.key == entry.key }) {
                result.append(entry)
            }
        }
        let first = try nextExpanded()
        switch first.kind {
        case .sequenceStart:
            // Each item is converted and merged in turn, so problems are reported item by item.
            let recording = beginAnchor(first)
            while true {
                let event = try nextExpanded()
                if case .sequenceEnd = event.kind { break }
                merge(try node(startingWith: event))
            }
            endAnchor(first, recording)
        default:
            merge(try node(startingWith: first))
        }
        return result
    }

    /// sigs.k8s.io/yaml's key conversion: strings stay, integers and booleans print, floats print as
    /// `strconv.FormatFloat(f, 'g', -1, 32)`; null and collections cannot be JSON keys (reported).
    private mutating func keyString(_ key: YAMLNode) -> String? {
        switch key.value {
        case .string(let string): return string
        case .integer(let integer): return String(integer)
        case .unsignedInteger(let integer): return String(integer)
        case .bool(let bool): return bool ? "true" : "false"
        case .float(let double):
            if double.isNaN { return ".nan" }
            if double.isInfinite { return double < 0 ? "-.inf" : ".inf" }
            return GoNumber.format(Double(Float(double)))
        case .null:
            issues.append(
                YAMLStream.ConversionIssue(
                    message: "error converting YAML to JSON: unsupported map key of type: <nil>", position: key.position
                ))
            return nil
        case .mapping, .sequence:
            issues.append(
                YAMLStream.ConversionIssue(
                    message: "error converting YAML to JSON: a mapping key must be a scalar", position: key.position))
            return nil
        }
    }

    // MARK: - Anchors

    private var isReplaying: Bool { !replays.isEmpty }

    /// Starts recording the collection `first` opens when it defines an anchor; returns where its events start.
    private mutating func beginAnchor(_ first: Event) -> Int? {
        guard first.anchor != nil, !isReplaying else { return nil }
        if recordingStarts.isEmpty { recorded.append(first) }  // `next()` recorded it otherwise.
        recordingStarts.append(recorded.count - 1)
        return recorded.count - 1
    }

    private mutating func endAnchor(_ first: Event, _ start: Int?) {
        guard let start, let anchor = first.anchor else { return }
        var events = Array(recorded[start...])
        events[0].anchor = nil
        anchors[anchor] = events
        recordingStarts.removeLast()
        if recordingStarts.isEmpty { recorded.removeAll(keepingCapacity: true) }
    }
}
