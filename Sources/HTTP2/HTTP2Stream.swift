/// Per-stream state, from the first HEADERS frame to stream close.
final class HTTP2Stream {
    /// Why the request will not reach the handler; its error response is already queued or sent.
    enum Rejection {
        case headersTooLarge
        case bodyTooLarge
        /// The connection's body budget is spent: refused with RST_STREAM(REFUSED_STREAM), no response.
        case overBudget
    }

    let id: Int32
    var method = ""
    var path = ""
    var authority: String?
    var scheme: String?
    var headers: [HTTP2Header] = []
    var headerListSize = 0
    /// The header list passed the limit; the fields after that point were counted, not kept.
    var headerListTooLarge = false
    var body: [UInt8] = []
    var rejection: Rejection?
    /// Set once the request went to the handler, so a late trailer cannot deliver it twice.
    var delivered = false

    /// Response DATA still to be handed to nghttp2 by the data provider.
    var responseBody: [UInt8] = []
    var responseOffset = 0
    var responded = false
    /// Send RST_STREAM(NO_ERROR) once the response's END_STREAM is out if the client is still sending: it may
    /// stop uploading (RFC 9113 section 8.1).
    var resetAfterResponse = false

    /// RST_STREAM(CANCEL) is queued for it because it outlived the request deadline.
    var cancelled = false
    /// When the first HEADERS frame arrived, on the session's clock (nanoseconds).
    let openedAt: UInt64

    init(id: Int32, openedAt: UInt64 = 0) {
        self.id = id
        self.openedAt = openedAt
    }
}
