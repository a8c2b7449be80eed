/// Limits one HTTP/2 connection enforces. Defaults suit an admission webhook: small requests, one client (the
/// API server) multiplexing many of them.
public struct HTTP2Configuration: Sendable {
    /// SETTINGS_MAX_CONCURRENT_STREAMS; nghttp2 refuses streams beyond it.
    public var maxConcurrentStreams: UInt32 = 100
    /// SETTINGS_MAX_HEADER_LIST_SIZE, counted as RFC 9113 section 6.5.2 does (name + value + 32 per field).
    /// A request over it gets 431 instead of reaching the handler.
    ///
    /// Except one case: a single header field (name plus value) over 64 KiB ends the whole connection with
    /// GOAWAY(COMPRESSION_ERROR), not a 431. nghttp2's HPACK decoder stops at that size (`NGHTTP2_HD_MAX_NV`, fixed
    /// at its build) and cannot skip the field, and HPACK state is shared by every stream of the connection: once
    /// one header block cannot be decoded, the dynamic table may be out of step with the client's, so no later
    /// block can be trusted either. RFC 9113 section 4.3 makes that a connection error for the same reason. The
    /// client learns why from the error code; kube-apiserver never sends a field that large.
    public var maxHeaderListSize: Int = 16 << 10
    /// Largest request body accepted on one stream; larger gets 413 and RST_STREAM(NO_ERROR). The default is the
    /// server's (`TransportLimits.defaultMaxBodyBytes` in HTTPServer says why 7 MiB).
    public var maxBodySize: Int = 7 << 20
    /// Request body bytes buffered across all streams of the connection; a stream that would exceed it is refused
    /// with RST_STREAM(REFUSED_STREAM), which tells the client it may retry. Bounds memory per connection below
    /// `maxConcurrentStreams * maxBodySize`.
    public var maxBufferedBodyBytes: Int = 32 << 20
    /// SETTINGS_INITIAL_WINDOW_SIZE: how much each stream may send before a WINDOW_UPDATE.
    public var initialStreamWindowSize: UInt32 = 1 << 20
    /// Connection-level receive window (raised from the RFC default of 65,535 with a WINDOW_UPDATE on stream 0),
    /// so concurrent uploads are not serialized behind one small window.
    public var connectionWindowSize: Int32 = 8 << 20
    /// RST_STREAM frames from the client: burst allowance and tokens regained per second. Exceeding it is the
    /// rapid reset attack (CVE-2023-44487) and ends the connection with GOAWAY(ENHANCE_YOUR_CALM).
    public var resetBurst: Int = 100
    public var resetsPerSecond: Int = 10
    /// SETTINGS, PING, PRIORITY, WINDOW_UPDATE and empty non-final DATA frames from the client, which cost the
    /// server work without carrying a request (CVE-2019-9512, -9515, -9518): burst and tokens per second.
    public var controlFrameBurst: Int = 500
    public var controlFramesPerSecond: Int = 100

    public init() {}
}
