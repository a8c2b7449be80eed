internal import COpenSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The PEM bytes of one configuration, read once so that the bytes hashed are the bytes loaded.
///
/// Kubernetes replaces a mounted Secret by swapping a `..data` symlink; reading each file once, by path, and never
/// holding a descriptor means a reload sees either the old or the new pair, and the fingerprint says which.
struct TLSMaterial {
    var certificateChain: [UInt8]
    var privateKey: [UInt8]
    var clientCA: [UInt8]?

    /// SHA-256 over every file, length-prefixed, so that moving bytes between files changes it.
    let fingerprint: [UInt8]

    init(certificateChain: [UInt8], privateKey: [UInt8], clientCA: [UInt8]?) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.clientCA = clientCA
        var joined: [UInt8] = []
        for part in [certificateChain, privateKey, clientCA ?? []] {
            withUnsafeBytes(of: UInt64(part.count).littleEndian) { joined.append(contentsOf: $0) }
            joined.append(contentsOf: part)
        }
        fingerprint = Self.sha256(joined)
    }

    static func read(_ configuration: TLSConfiguration) throws(TLSError) -> TLSMaterial {
        let chain = try readFile(configuration.certificateChainPath)
        let key = try readFile(configuration.privateKeyPath)
        let clientCA = try configuration.clientCAPath.map { (path) throws(TLSError) in try readFile(path) }
        return TLSMaterial(certificateChain: chain, privateKey: key, clientCA: clientCA)
    }

    static func readFile(_ path: String) throws(TLSError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            contents.append(contentsOf: chunk[0..<count])
            if count < chunk.count {
                if ferror(file) != 0 {
                    throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
                }
                break
            }
            // A Secret is a few kilobytes; anything this large is not a PEM bundle we want in memory.
            if contents.count > 4 << 20 {
                throw .unreadableFile(path: path, reason: "file larger than 4 MiB")
            }
        }
        return contents
    }

    private static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { raw in
            EVP_Digest(raw.baseAddress, raw.count, &digest, &length, EVP_sha256(), nil)
        }
        precondition(ok == 1, "SHA-256 is always available in libcrypto")
        return Array(digest.prefix(Int(length)))
    }
}

/// Identity of a file on disk as `stat(2)` sees it through any symlinks; cheap to compare on every poll.
struct FileStamp: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int64
    var modifiedNanoseconds: Int64

    /// nil when the path does not resolve right now (mid-swap, or removed).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if os(Linux)
            modifiedSeconds = Int64(info.st_mtim.tv_sec)
            modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
        #else
            modifiedSeconds = Int64(info.st_mtimespec.tv_sec)
            modifiedNanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #endif
    }
}
