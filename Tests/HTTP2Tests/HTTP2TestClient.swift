import CNghttp2
import HTTP2

/// An nghttp2 client session used to drive `HTTP2ServerSession` with real frames, all in memory.
final class HTTP2TestClient {
    struct Response {
        var status: Int?
        var headers: [HTTP2Header] = []
        var body: [UInt8] = []
        /// Error code of the stream's close; nil while open.
        var closeCode: UInt32?
    }

    struct GoAway: Equatable {
        var lastStreamID: Int32
        var errorCode: UInt32
    }

    var session: OpaquePointer!
    var responses: [Int32: Response] = [:]
    var goAways: [GoAway] = []
    /// Request bodies waiting for the data provider, by stream.
    fileprivate var uploads: [Int32: (bytes: [UInt8], offset: Int, deferred: Bool)] = [:]

    init() {
        var callbacks: OpaquePointer?
        nghttp2_session_callbacks_new(&callbacks)
        defer { nghttp2_session_callbacks_del(callbacks) }
        nghttp2_session_callbacks_set_on_header_callback(callbacks) {
            _, frame, name, nameLength, value, valueLength, _, user in
            let client = HTTP2TestClient.from(user)
            let id = frame!.pointee.hd.stream_id
            let name = String(decoding: UnsafeBufferPointer(start: name, count: nameLength), as: UTF8.self)
            let value = String(decoding: UnsafeBufferPointer(start: value, count: valueLength), as: UTF8.self)
            if name == ":status" {
                client.responses[id, default: Response()].status = Int(value)
            } else {
                client.responses[id, default: Response()].headers.append(HTTP2Header(name, value))
            }
            return 0
        }
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks) { _, _, id, data, length, user in
            HTTP2TestClient.from(user).responses[id, default: Response()].body
                .append(contentsOf: UnsafeBufferPointer(start: data, count: length))
            return 0
        }
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks) { _, id, code, user in
            HTTP2TestClient.from(user).responses[id, default: Response()].closeCode = code
            return 0
        }
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks) { _, frame, user in
            guard let frame, frame.pointee.hd.type == UInt8(NGHTTP2_GOAWAY.rawValue) else { return 0 }
            HTTP2TestClient.from(user).goAways.append(
                GoAway(lastStreamID: frame.pointee.goaway.last_stream_id, errorCode: frame.pointee.goaway.error_code))
            return 0
        }
        var options: OpaquePointer?
        nghttp2_option_new(&options)
        defer { nghttp2_option_del(options) }
        // Lets tests send header blocks larger than the server allows, to see the server refuse them.
        nghttp2_option_set_max_send_header_block_length(options, 1 << 20)
        nghttp2_session_client_new2(&session, callbacks, Unmanaged.passUnretained(self).toOpaque(), options)
        nghttp2_submit_settings(session, 0, nil, 0)
    }

    deinit {
        nghttp2_session_del(session)
    }

    fileprivate static func from(_ user: UnsafeMutableRawPointer?) -> HTTP2TestClient {
        Unmanaged<HTTP2TestClient>.fromOpaque(user!).takeUnretainedValue()
    }

    /// Queues a request; with `holdBody` the body never ends (the provider defers), keeping the stream open.
    @discardableResult
    func request(
        method: String = "POST", path: String = "/validate", headers: [HTTP2Header] = [], body: [UInt8]? = nil,
        holdBody: Bool = false
    ) -> Int32 {
        let fields =
            [
                HTTP2Header(":method", method), HTTP2Header(":scheme", "https"), HTTP2Header(":path", path),
                HTTP2Header(":authority", "localhost"),
            ] + headers
        var storage: [UInt8] = []
        var ranges: [(Range<Int>, Range<Int>)] = []
        for field in fields {
            let nameStart = storage.count
            storage.append(contentsOf: field.name.utf8)
            let valueStart = storage.count
            storage.append(contentsOf: field.value.utf8)
            ranges.append((nameStart..<valueStart, valueStart..<storage.count))
        }
        var provider = nghttp2_data_provider(source: nghttp2_data_source(ptr: nil)) {
            session, id, buffer, length, flags, _, user in
            let client = HTTP2TestClient.from(user)
            guard var upload = client.uploads[id] else { return 0 }
            let count = min(length, upload.bytes.count - upload.offset)
            upload.bytes.withUnsafeBufferPointer { buffer!.update(from: $0.baseAddress! + upload.offset, count: count) }
            upload.offset += count
            client.uploads[id] = upload
            if upload.offset == upload.bytes.count {
                if upload.deferred {
                    return count > 0 ? count : Int(NGHTTP2_ERR_DEFERRED.rawValue)
                }
                flags!.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
            }
            return count
        }
        let withBody = body != nil || holdBody
        // nghttp2 copies names and values during submit, so the pointers need only live for the call.
        let id = storage.withUnsafeMutableBufferPointer { bytes in
            let pairs = ranges.map { name, value in
                nghttp2_nv(
                    name: bytes.baseAddress! + name.lowerBound, value: bytes.baseAddress! + value.lowerBound,
                    namelen: name.count, valuelen: value.count, flags: 0)
            }
            return withBody
                ? nghttp2_submit_request(session, nil, pairs, pairs.count, &provider, nil)
                : nghttp2_submit_request(session, nil, pairs, pairs.count, nil, nil)
        }
        precondition(id > 0, "submit_request failed: \(id)")
        if withBody { uploads[id] = (body ?? [], 0, holdBody) }
        return id
    }

    func output() -> [UInt8] {
        var bytes: [UInt8] = []
        while true {
            var chunk: UnsafePointer<UInt8>?
            let length = nghttp2_session_mem_send(session, &chunk)
            guard length > 0, let chunk else { break }
            bytes.append(contentsOf: UnsafeBufferPointer(start: chunk, count: length))
        }
        return bytes
    }

    func receive(_ bytes: [UInt8]) {
        let result = bytes.withUnsafeBufferPointer { nghttp2_session_mem_recv(session, $0.baseAddress, $0.count) }
        precondition(result == bytes.count, "client mem_recv failed: \(result)")
    }

    /// Moves bytes both ways until neither side has anything to say.
    func exchange(with server: HTTP2ServerSession, maxRounds: Int = 1_000) {
        for _ in 0..<maxRounds {
            let toServer = output()
            if !toServer.isEmpty { _ = server.receive(toServer) }
            let toClient = server.pendingOutput()
            if !toClient.isEmpty { receive(toClient) }
            if toServer.isEmpty && toClient.isEmpty { return }
        }
    }
}

/// Raw frame bytes for the cases nghttp2's client API will not produce (RFC 9113 section 4.1).
enum RawFrame {
    static func frame(type: UInt8, flags: UInt8 = 0, streamID: Int32, payload: [UInt8] = []) -> [UInt8] {
        let length = payload.count
        return [UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff), type, flags]
            + withUnsafeBytes(of: UInt32(streamID).bigEndian) { Array($0) } + payload
    }

    static func emptyData(streamID: Int32) -> [UInt8] { frame(type: 0x0, streamID: streamID) }
    static func ping(_ index: Int) -> [UInt8] {
        frame(type: 0x6, streamID: 0, payload: withUnsafeBytes(of: UInt64(index).bigEndian) { Array($0) })
    }
}
