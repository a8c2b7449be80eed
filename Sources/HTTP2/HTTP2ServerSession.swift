internal import CNghttp2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The server side of one HTTP/2 connection, over bytes in memory (after TLS, before the socket).
///
/// Glue, as in nghttp2's `libevent-server.c`: the caller passes bytes read from the peer to `receive(_:)`, which
/// may call the request handler for each completed request; then it sends whatever `pendingOutput()` returns.
/// Responses go in with `respond(streamID:status:headers:body:)`, from the handler or later.
///
/// Not thread-safe, not reentrant: one loop owns the session, and the handler must not call `receive(_:)`.
public final class HTTP2ServerSession {
    /// Called once per complete request, from inside `receive(_:)`.
    public typealias RequestHandler = (HTTP2Request) -> Void

    public let configuration: HTTP2Configuration
    /// Called from inside `receive(_:)` for each request the session answers itself and the request handler never
    /// sees: with 431 or 413 for the status it sends, with nil for a stream refused (RST_STREAM REFUSED_STREAM).
    public var onRejectedRequest: ((_ status: Int?) -> Void)?
    /// Set when the session ended the connection itself (flood, protocol error); for the log line.
    public private(set) var terminationReason: HTTP2Error?

    var session: OpaquePointer!
    var streams: [Int32: HTTP2Stream] = [:]
    let onRequest: RequestHandler
    private let clock: () -> UInt64
    private var resets: TokenBucket
    private var controlFrames: TokenBucket
    /// Request body bytes held in `streams` right now.
    private var bufferedBodyBytes = 0
    private var shutdownState = ShutdownState.running

    private enum ShutdownState {
        case running
        /// Shutdown notice and a PING sent; the final GOAWAY goes out when the PING is acknowledged.
        case noticeSent
        case goAwaySent
    }

    /// Opaque data of the PING that follows the shutdown notice: its ACK proves the client has seen the notice, so
    /// every stream it opened before is now known to us (the "one round trip" of RFC 9113 section 6.8).
    static let shutdownPingPayload: [UInt8] = Array("shutdown".utf8)

    /// Creates the session and queues the server's SETTINGS (RFC 9113 section 3.4): flush `pendingOutput()` first.
    /// `clock` returns monotonic nanoseconds, for the flood limits.
    public init(
        configuration: HTTP2Configuration = HTTP2Configuration(),
        clock: @escaping () -> UInt64 = HTTP2ServerSession.monotonicNanoseconds,
        onRequest: @escaping RequestHandler
    ) throws(HTTP2Error) {
        self.configuration = configuration
        self.clock = clock
        self.onRequest = onRequest
        let now = clock()
        resets = TokenBucket(burst: configuration.resetBurst, perSecond: configuration.resetsPerSecond, now: now)
        controlFrames = TokenBucket(
            burst: configuration.controlFrameBurst, perSecond: configuration.controlFramesPerSecond, now: now)

        var callbacks: OpaquePointer?
        var options: OpaquePointer?
        guard nghttp2_session_callbacks_new(&callbacks) == 0, nghttp2_option_new(&options) == 0 else {
            throw .sessionCreationFailed("out of memory")
        }
        defer {
            nghttp2_session_callbacks_del(callbacks)
            nghttp2_option_del(options)
        }
        HTTP2Callbacks.register(on: callbacks)
        Self.applyOptions(options, configuration)

        var session: OpaquePointer?
        let result = nghttp2_session_server_new2(
            &session, callbacks, Unmanaged.passUnretained(self).toOpaque(), options)
        guard result == 0, let session else {
            throw .sessionCreationFailed(String(cString: nghttp2_strerror(result)))
        }
        self.session = session
        try submitInitialSettings()
    }

    deinit {
        nghttp2_session_del(session)
    }

    private static func applyOptions(_ options: OpaquePointer?, _ configuration: HTTP2Configuration) {
        // Each limit below makes nghttp2 end a misbehaving connection before it costs unbounded memory or CPU.
        // Unacknowledged SETTINGS/PING ACKs queued while the peer does not read (CVE-2019-9512, -9515).
        nghttp2_option_set_max_outbound_ack(options, 100)
        // Entries in one SETTINGS frame; there are 7 defined settings.
        nghttp2_option_set_max_settings(options, 16)
        // CONTINUATION frames after one HEADERS (CVE-2024-27316 style floods).
        nghttp2_option_set_max_continuations(options, 8)
        // nghttp2's own RST_STREAM limiter (wall clock) stays as a backstop behind ours, never below its defaults
        // of 1000 and 33/s: it answers INTERNAL_ERROR, ours ENHANCE_YOUR_CALM, which tells the operator why.
        nghttp2_option_set_stream_reset_rate_limit(
            options, UInt64(max(1_000, configuration.resetBurst * 2)),
            UInt64(max(33, configuration.resetsPerSecond * 2)))
        // No RFC 7540 priority tree here, so closed streams need not be kept for it.
        nghttp2_option_set_no_closed_streams(options, 1)
        // Automatic WINDOW_UPDATE stays on: bodies are buffered whole and capped per stream and per connection,
        // so consuming as received cannot grow memory past those caps.
    }

    private func submitInitialSettings() throws(HTTP2Error) {
        let settings: [(nghttp2_settings_id, UInt32)] = [
            (NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, configuration.maxConcurrentStreams),
            (NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, configuration.initialStreamWindowSize),
            (NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, UInt32(configuration.maxHeaderListSize)),
            (NGHTTP2_SETTINGS_ENABLE_PUSH, 0),
        ]
        let entries = settings.map { nghttp2_settings_entry(settings_id: Int32($0.0.rawValue), value: $0.1) }
        var result = nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), entries, entries.count)
        if result == 0 {
            result = nghttp2_session_set_local_window_size(
                session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, configuration.connectionWindowSize)
        }
        guard result == 0 else { throw .sessionCreationFailed(String(cString: nghttp2_strerror(result))) }
    }

    // MARK: - Bytes in, bytes out

    /// Outcome of `receive(_:)`.
    public enum ReceiveResult: Equatable, Sendable {
        /// All bytes were processed. Send `pendingOutput()`; check `isFinished`.
        case ok
        /// The connection is unusable. Send `pendingOutput()` (it may hold a GOAWAY), then close.
        case failed(HTTP2Error)
    }

    /// Processes bytes from the peer, starting with the client connection preface.
    public func receive(_ bytes: UnsafeRawBufferPointer) -> ReceiveResult {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return .ok }
        let result = nghttp2_session_mem_recv(session, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        if result < 0 {
            let error = HTTP2Error.protocolError(String(cString: nghttp2_strerror(Int32(result))))
            terminationReason = terminationReason ?? error
            return .failed(terminationReason!)
        }
        return .ok
    }

    /// Processes bytes from the peer, starting with the client connection preface.
    public func receive(_ bytes: [UInt8]) -> ReceiveResult {
        bytes.withUnsafeBytes { receive($0) }
    }

    /// Serializes queued frames, stopping once at least `limit` bytes are collected (one frame may overshoot).
    /// Call until it returns empty, or stop early for backpressure when the socket is full: frames stay queued
    /// and DATA is not pulled from the data provider until asked for.
    public func pendingOutput(limit: Int = .max) -> [UInt8] {
        var output: [UInt8] = []
        while output.count < limit {
            var chunk: UnsafePointer<UInt8>?
            let length = nghttp2_session_mem_send(session, &chunk)
            if length < 0 {
                terminationReason =
                    terminationReason
                    ?? .protocolError(String(cString: nghttp2_strerror(Int32(length))))
                break
            }
            guard length > 0, let chunk else { break }
            // The chunk is nghttp2's buffer, valid only until the next mem_send call.
            output.append(contentsOf: UnsafeBufferPointer(start: chunk, count: length))
        }
        return output
    }

    /// nghttp2 still expects frames from the peer.
    public var wantsRead: Bool { nghttp2_session_want_read(session) != 0 }
    /// Frames are queued for `pendingOutput()`.
    public var wantsWrite: Bool { nghttp2_session_want_write(session) != 0 }
    /// Nothing more will be read or written (GOAWAY exchanged and every stream done, or a fatal error):
    /// close the connection once the last `pendingOutput()` is sent.
    public var isFinished: Bool { (!wantsRead && !wantsWrite) || isBroken }
    /// Streams open right now.
    public var activeStreamCount: Int { streams.count }

    private var isBroken: Bool {
        if case .protocolError = terminationReason { return true }
        return false
    }

    // MARK: - Responses

    /// Queues a response on `streamID`. Returns false when the stream is gone (the client reset it) or already
    /// answered; that is normal, not an error to log. Connection-specific fields (RFC 9113 section 8.2.2) are
    /// dropped and `content-length` is added when missing.
    @discardableResult
    public func respond(streamID: Int32, status: Int, headers: [HTTP2Header] = [], body: [UInt8] = []) -> Bool {
        guard let stream = streams[streamID], !stream.responded else { return false }
        stream.responded = true
        stream.responseBody = body
        stream.responseOffset = 0

        var fields = [HTTP2Header(":status", String(status))]
        for header in headers {
            let name = header.name.lowercased()
            if Self.connectionSpecificFields.contains(name) || name.hasPrefix(":") { continue }
            fields.append(HTTP2Header(name, header.value))
        }
        if !fields.contains(where: { $0.name == "content-length" }) {
            fields.append(HTTP2Header("content-length", String(body.count)))
        }
        var provider = nghttp2_data_provider(
            source: nghttp2_data_source(ptr: nil), read_callback: HTTP2Callbacks.readResponseBody)
        let result = Self.withNameValuePairs(fields) { pairs in
            // A response with no body ends the stream on HEADERS; otherwise DATA follows from the provider.
            body.isEmpty
                ? nghttp2_submit_response(session, streamID, pairs.baseAddress, pairs.count, nil)
                : nghttp2_submit_response(session, streamID, pairs.baseAddress, pairs.count, &provider)
        }
        return result == 0
    }

    static let connectionSpecificFields: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade",
    ]

    /// nghttp2 copies names and values during submit, so the pointers need only live for the call.
    private static func withNameValuePairs(
        _ fields: [HTTP2Header], _ body: (UnsafeBufferPointer<nghttp2_nv>) -> Int32
    ) -> Int32 {
        var storage: [UInt8] = []
        var ranges: [(name: Range<Int>, value: Range<Int>)] = []
        for field in fields {
            let nameStart = storage.count
            storage.append(contentsOf: field.name.utf8)
            let valueStart = storage.count
            storage.append(contentsOf: field.value.utf8)
            ranges.append((nameStart..<valueStart, valueStart..<storage.count))
        }
        storage.append(0)  // Never an empty buffer, so baseAddress is never nil.
        return storage.withUnsafeMutableBufferPointer { bytes in
            let base = bytes.baseAddress!
            let pairs = ranges.map { range in
                nghttp2_nv(
                    name: base + range.name.lowerBound, value: base + range.value.lowerBound,
                    namelen: range.name.count, valuelen: range.value.count,
                    flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue))
            }
            return pairs.withUnsafeBufferPointer { body($0) }
        }
    }

    // MARK: - Shutdown

    /// Starts a graceful shutdown (RFC 9113 section 6.8): a GOAWAY announcing it, then a PING; when the PING is
    /// acknowledged the final GOAWAY names the last stream that will be served. In-flight streams complete.
    /// If the client never acknowledges, call `finishGracefulShutdown()` from a timer.
    public func beginGracefulShutdown() {
        guard case .running = shutdownState else { return }
        shutdownState = .noticeSent
        _ = nghttp2_submit_shutdown_notice(session)
        _ = nghttp2_submit_ping(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), Self.shutdownPingPayload)
    }

    /// Sends the final GOAWAY(NO_ERROR) with the last stream processed; later streams are refused.
    public func finishGracefulShutdown() {
        if case .goAwaySent = shutdownState { return }
        shutdownState = .goAwaySent
        _ = nghttp2_submit_goaway(
            session, UInt8(NGHTTP2_FLAG_NONE.rawValue), nghttp2_session_get_last_proc_stream_id(session),
            NGHTTP2_NO_ERROR.rawValue, nil, 0)
    }

    /// Resets (RST_STREAM CANCEL) every stream opened more than `seconds` ago, and returns how many. A stream
    /// lives that long only when the client stalls it: it never finishes the request, or never opens the flow
    /// control window for the response (a window of 0 that never grows would otherwise hold the stream, its
    /// response and the connection forever). Send `pendingOutput()` afterwards.
    @discardableResult
    public func resetStreams(olderThan seconds: Double) -> Int {
        let now = clock()
        let limit = UInt64(max(0, seconds) * 1_000_000_000)
        var count = 0
        for stream in streams.values where now &- stream.openedAt > limit && !stream.cancelled {
            stream.cancelled = true
            _ = nghttp2_submit_rst_stream(
                session, UInt8(NGHTTP2_FLAG_NONE.rawValue), stream.id, NGHTTP2_CANCEL.rawValue)
            count += 1
        }
        return count
    }

    // MARK: - Called by HTTP2Callbacks

    func now() -> UInt64 { clock() }

    func receivedShutdownPingAck(_ payload: [UInt8]) {
        if case .noticeSent = shutdownState, payload == Self.shutdownPingPayload {
            finishGracefulShutdown()
        }
    }

    /// Counts a client RST_STREAM; false once the connection has been ended for it.
    func admitReset() -> Bool {
        if resets.take(now: clock()) { return true }
        terminate(.flood("more than \(configuration.resetBurst) stream resets in a burst (rapid reset)"))
        return false
    }

    /// Counts a frame that carries no request; false once the connection has been ended for it.
    func admitControlFrame(_ kind: String) -> Bool {
        if controlFrames.take(now: clock()) { return true }
        terminate(.flood("too many \(kind) frames"))
        return false
    }

    /// Queues GOAWAY(ENHANCE_YOUR_CALM); nghttp2 discards the rest of the input and sends nothing after it.
    func terminate(_ reason: HTTP2Error) {
        guard terminationReason == nil else { return }
        terminationReason = reason
        _ = nghttp2_session_terminate_session(session, NGHTTP2_ENHANCE_YOUR_CALM.rawValue)
    }

    /// Reserves body buffer space for `count` bytes on `stream`; false when the connection-wide budget is spent.
    func reserveBody(_ count: Int) -> Bool {
        guard bufferedBodyBytes + count <= configuration.maxBufferedBodyBytes else { return false }
        bufferedBodyBytes += count
        return true
    }

    func releaseBody(of stream: HTTP2Stream) {
        bufferedBodyBytes -= stream.body.count
        stream.body = []
    }

    /// Answers a request the handler will never see; the client is asked to stop sending its body once the
    /// answer is out (see `HTTP2Callbacks.onFrameSend`).
    func reject(_ stream: HTTP2Stream, _ rejection: HTTP2Stream.Rejection) {
        guard stream.rejection == nil else { return }
        stream.rejection = rejection
        stream.headers = []
        releaseBody(of: stream)
        switch rejection {
        case .headersTooLarge, .bodyTooLarge:
            stream.resetAfterResponse = true
            // RFC 6585 section 5 (431), RFC 9110 section 15.5.14 (413).
            let status = rejection == .headersTooLarge ? 431 : 413
            respond(streamID: stream.id, status: status)
            onRejectedRequest?(status)
        case .overBudget:
            _ = nghttp2_submit_rst_stream(
                session, UInt8(NGHTTP2_FLAG_NONE.rawValue), stream.id, NGHTTP2_REFUSED_STREAM.rawValue)
            onRejectedRequest?(nil)
        }
    }

    func deliver(_ stream: HTTP2Stream) {
        guard stream.rejection == nil, !stream.delivered else { return }
        stream.delivered = true
        let request = HTTP2Request(
            streamID: stream.id, method: stream.method, path: stream.path, authority: stream.authority,
            scheme: stream.scheme, headers: stream.headers, body: stream.body)
        releaseBody(of: stream)
        stream.headers = []
        onRequest(request)
    }

    func closeStream(_ id: Int32) {
        guard let stream = streams.removeValue(forKey: id) else { return }
        releaseBody(of: stream)
    }

    /// Monotonic nanoseconds (CLOCK_MONOTONIC), the default clock.
    public static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
