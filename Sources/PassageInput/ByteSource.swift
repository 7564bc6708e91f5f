#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one input, read in fixed-size chunks so memory stays flat however large the file.
///
/// Every byte read is fed to a SHA-256 (computed on a background thread, overlapping with parsing)
/// and counted, so the loader can record the file's digest and drive a progress bar without a
/// second pass. Readers scan `buffer[start..<end]` directly.
public final class ByteSource {
    public static let defaultChunkSize = 64 * 1024
    /// Bytes a reader may keep unconsumed across `refill()` (for look-ahead such as a BOM).
    static let lookahead = 16

    /// What has been read so far, in bytes.
    public private(set) var bytesRead = 0
    /// Called after each chunk with `bytesRead`, e.g. to drive a progress bar.
    public var progress: ((Int) -> Void)?
    /// The file's path, or nil for in-memory bytes.
    public let path: String?

    let chunkSize: Int
    /// Holds `chunkSize + lookahead` bytes; the valid, unconsumed window is `start..<end`.
    let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    var start = 0
    var end = 0
    /// True once the underlying input has reported its end.
    private(set) var isExhausted = false

    private let isFile: Bool
    private var fileDescriptor: Int32 = -1
    private var memory: [UInt8] = []
    private var memoryOffset = 0
    private let hasher = BackgroundHasher()

    /// Opens a file for reading; throws `SourceError` when it is missing, unreadable or a directory.
    public init(path: String, chunkSize: Int = ByteSource.defaultChunkSize) throws {
        self.path = path
        self.chunkSize = Self.clamp(chunkSize)
        self.capacity = self.chunkSize + Self.lookahead
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw SourceError(path: path, message: Self.describe(errno: errno))
        }
        var info = stat()
        if fstat(fd, &info) != 0 {
            let code = errno
            close(fd)
            throw SourceError(path: path, message: Self.describe(errno: code))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw SourceError(path: path, message: "is a directory")
        }
        self.isFile = true
        self.fileDescriptor = fd
        self.buffer = .allocate(capacity: capacity)
    }

    /// Reads from memory, for tests; a small `chunkSize` exercises chunk boundaries.
    public init(bytes: [UInt8], chunkSize: Int = ByteSource.defaultChunkSize) {
        self.path = nil
        self.chunkSize = Self.clamp(chunkSize)
        self.capacity = self.chunkSize + Self.lookahead
        self.isFile = false
        self.memory = bytes
        self.buffer = .allocate(capacity: capacity)
    }

    deinit {
        if fileDescriptor >= 0 { close(fileDescriptor) }
        buffer.deallocate()
    }

    /// The SHA-256 of everything read so far, in lower-case hex.
    public func sha256Hex() -> String {
        hasher.hexDigest()
    }

    /// Reads (and hashes) whatever is left, e.g. after a fatal error, so `sha256Hex()` covers the whole
    /// file. Unread bytes are skipped, so a reader on this source must not be used afterwards.
    /// Throws a fatal `InputError` (line 0) when the file cannot be read.
    public func readToEnd() throws {
        while true {
            start = end
            if try refill() == 0 { return }
        }
    }

    /// Keeps the unconsumed bytes `start..<end` (at most `lookahead` of them), moves them to the front
    /// and appends up to one chunk. Returns how many new bytes arrived; 0 means the end of the input.
    /// Throws a fatal `InputError` (line 0: the reader fills it in) when the file cannot be read.
    func refill() throws(InputError) -> Int {
        let kept = end - start
        if kept > 0 && start > 0 {
            memmove(buffer, buffer + start, kept)
        }
        start = 0
        end = kept
        let room = min(chunkSize, capacity - kept)
        guard room > 0, !isExhausted else { return 0 }
        let got = try readInput(into: buffer + kept, count: room)
        if got == 0 {
            isExhausted = true
            closeFile()
            return 0
        }
        hasher.add(UnsafeRawBufferPointer(start: buffer + kept, count: got))
        bytesRead += got
        end = kept + got
        progress?(bytesRead)
        return got
    }

    /// Makes at least `count` (≤ `lookahead`) bytes available from `start`, unless the input ends first.
    func ensure(_ count: Int) throws(InputError) -> Bool {
        while end - start < count {
            if try refill() == 0 { return false }
        }
        return true
    }

    private func readInput(into destination: UnsafeMutablePointer<UInt8>, count: Int) throws(InputError) -> Int {
        if !isFile {
            let available = min(count, memory.count - memoryOffset)
            guard available > 0 else { return 0 }
            memory.withUnsafeBufferPointer { all in
                if let base = all.baseAddress {
                    destination.update(from: base + memoryOffset, count: available)
                }
            }
            memoryOffset += available
            return available
        }
        guard fileDescriptor >= 0 else { return 0 }
        while true {
            let got = read(fileDescriptor, destination, count)
            if got >= 0 { return got }
            let code = errno
            if code == EINTR { continue }
            throw InputError(line: 0, message: "read error: \(Self.describe(errno: code))", isFatal: true)
        }
    }

    private func closeFile() {
        if fileDescriptor >= 0 {
            close(fileDescriptor)
            fileDescriptor = -1
        }
    }

    /// Between 1 byte (tests) and 64 MiB.
    private static func clamp(_ chunkSize: Int) -> Int {
        min(max(1, chunkSize), 64 << 20)
    }

    private static func describe(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "is a directory"
        case ENOTDIR: return "a parent of it is not a folder"
        default: return String(cString: strerror(code))
        }
    }
}
