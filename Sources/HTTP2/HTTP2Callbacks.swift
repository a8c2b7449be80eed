internal import CNghttp2

/// Every nghttp2 callback the server uses, registered in one place. Each recovers the `HTTP2ServerSession` from
/// `user_data` (an unretained pointer: the session owns the nghttp2 session, so it outlives every callback).
enum HTTP2Callbacks {
    static func register(on callbacks: OpaquePointer?) {
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, onBeginHeaders)
        nghttp2_session_callbacks_set_on_header_callback(callbacks, onHeader)
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, onFrameRecv)
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, onDataChunkRecv)
        nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, onFrameSend)
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, onStreamClose)
        // No send callback: output is pulled with nghttp2_session_mem_send.
    }

    private static func server(_ userData: UnsafeMutableRawPointer?) -> HTTP2ServerSession {
        Unmanaged<HTTP2ServerSession>.fromOpaque(userData!).takeUnretainedValue()
    }

    private static func type(_ frame: UnsafePointer<nghttp2_frame>) -> nghttp2_frame_type {
        nghttp2_frame_type(rawValue: UInt32(frame.pointee.hd.type))
    }

    private static func has(_ frame: UnsafePointer<nghttp2_frame>, _ flag: nghttp2_flag) -> Bool {
        frame.pointee.hd.flags & UInt8(flag.rawValue) != 0
    }

    /// A new request stream: state begins here. Trailers (category HEADERS) reuse the existing stream.
    static let onBeginHeaders: nghttp2_on_begin_headers_callback = { _, frame, userData in
        guard let frame, type(frame) == NGHTTP2_HEADERS, frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST else {
            return 0
        }
        let server = server(userData)
        let id = frame.pointee.hd.stream_id
        server.streams[id] = HTTP2Stream(id: id, openedAt: server.now())
        return 0
    }

    /// One decoded field. Sizes are counted even after the limit so the whole list is charged, as the
    /// SETTINGS_MAX_HEADER_LIST_SIZE definition (RFC 9113 section 6.5.2) counts it.
    static let onHeader: nghttp2_on_header_callback = { _, frame, name, nameLength, value, valueLength, _, userData in
        guard let frame, let name, let value, type(frame) == NGHTTP2_HEADERS else { return 0 }
        let server = server(userData)
        guard let stream = server.streams[frame.pointee.hd.stream_id], stream.rejection == nil else { return 0 }
        stream.headerListSize += nameLength + valueLength + 32
        if stream.headerListSize > server.configuration.maxHeaderListSize { stream.headerListTooLarge = true }
        guard !stream.headerListTooLarge, frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST else { return 0 }

        let fieldName = String(decoding: UnsafeBufferPointer(start: name, count: nameLength), as: UTF8.self)
        let fieldValue = String(decoding: UnsafeBufferPointer(start: value, count: valueLength), as: UTF8.self)
        // nghttp2's HTTP messaging checks have already rejected duplicate, unknown or misplaced pseudo-headers.
        switch fieldName {
        case ":method": stream.method = fieldValue
        case ":path": stream.path = fieldValue
        case ":authority": stream.authority = fieldValue
        case ":scheme": stream.scheme = fieldValue
        default: stream.headers.append(HTTP2Header(fieldName, fieldValue))
        }
        return 0
    }

    /// A whole frame: completes requests on END_STREAM and charges the flood limits. This callback may be called
    /// for a stream after on_stream_close has removed it (a late frame), hence the optional lookups.
    static let onFrameRecv: nghttp2_on_frame_recv_callback = { _, frame, userData in
        guard let frame else { return 0 }
        let server = server(userData)
        let endStream = has(frame, NGHTTP2_FLAG_END_STREAM)
        let stream = server.streams[frame.pointee.hd.stream_id]
        switch type(frame) {
        case NGHTTP2_HEADERS:
            guard let stream else { break }
            if stream.headerListTooLarge {
                server.reject(stream, .headersTooLarge)
            } else if endStream {
                server.deliver(stream)
            }
        case NGHTTP2_DATA:
            if frame.pointee.hd.length == 0 && !endStream {
                // An empty DATA frame without END_STREAM does nothing but cost a wakeup (CVE-2019-9518).
                _ = server.admitControlFrame("empty DATA")
            } else if endStream, let stream {
                server.deliver(stream)
            }
        case NGHTTP2_RST_STREAM:
            _ = server.admitReset()
        case NGHTTP2_PING:
            if has(frame, NGHTTP2_FLAG_ACK) {
                let payload = withUnsafeBytes(of: frame.pointee.ping.opaque_data) { Array($0) }
                server.receivedShutdownPingAck(payload)
            } else {
                _ = server.admitControlFrame("PING")
            }
        case NGHTTP2_SETTINGS:
            if !has(frame, NGHTTP2_FLAG_ACK) { _ = server.admitControlFrame("SETTINGS") }
        case NGHTTP2_PRIORITY:
            _ = server.admitControlFrame("PRIORITY")
        case NGHTTP2_WINDOW_UPDATE:
            _ = server.admitControlFrame("WINDOW_UPDATE")
        default:
            break
        }
        return 0
    }

    /// Request body bytes, before the frame's END_STREAM is known.
    static let onDataChunkRecv: nghttp2_on_data_chunk_recv_callback = { _, _, streamID, data, length, userData in
        let server = server(userData)
        guard let data, let stream = server.streams[streamID], stream.rejection == nil, !stream.delivered else {
            return 0
        }
        if stream.body.count + length > server.configuration.maxBodySize {
            server.reject(stream, .bodyTooLarge)
        } else if !server.reserveBody(length) {
            server.reject(stream, .overBudget)
        } else {
            stream.body.append(contentsOf: UnsafeBufferPointer(start: data, count: length))
        }
        return 0
    }

    /// After our response's last frame: ask a client still uploading a rejected body to stop (RFC 9113 section 8.1).
    /// Submitting here, not with the response, keeps the RST_STREAM from overtaking the response's frames.
    static let onFrameSend: nghttp2_on_frame_send_callback = { session, frame, userData in
        guard let frame, has(frame, NGHTTP2_FLAG_END_STREAM) else { return 0 }
        let server = server(userData)
        let id = frame.pointee.hd.stream_id
        guard let stream = server.streams[id], stream.resetAfterResponse,
            nghttp2_session_get_stream_remote_close(session, id) == 0
        else { return 0 }
        stream.resetAfterResponse = false
        _ = nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), id, NGHTTP2_NO_ERROR.rawValue)
        return 0
    }

    static let onStreamClose: nghttp2_on_stream_close_callback = { _, streamID, _, userData in
        server(userData).closeStream(streamID)
        return 0
    }

    /// Data provider for response bodies: copies from the stream's buffer, EOF with the last byte.
    static let readResponseBody: nghttp2_data_source_read_callback = {
        _, streamID, buffer, length, dataFlags, _, userData in
        guard let stream = server(userData).streams[streamID], let buffer, let dataFlags else {
            return ssize_t(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue)
        }
        let count = min(length, stream.responseBody.count - stream.responseOffset)
        stream.responseBody.withUnsafeBytes { bytes in
            buffer.update(
                from: bytes.baseAddress!.advanced(by: stream.responseOffset).assumingMemoryBound(to: UInt8.self),
                count: count)
        }
        stream.responseOffset += count
        if stream.responseOffset == stream.responseBody.count {
            dataFlags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
            stream.responseBody = []
        }
        return count
    }
}
