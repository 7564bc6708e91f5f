#if canImport(Glibc)
import Glibc
#endif

/// Path and file helpers on plain POSIX calls, so the library needs only
/// FoundationEssentials (the full Foundation, with ICU, adds milliseconds
/// to the start of every command and megabytes to its memory).
package enum FilePaths {
    /// The last component of a path (`/a/b.csv` → `b.csv`).
    package static func lastComponent(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return trimmed == "/" ? "/" : String(trimmed[trimmed.index(after: slash)...])
    }

    /// The extension of a path's last component, without the dot; "" if none.
    package static func pathExtension(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }

    /// `directory/name`, with exactly one slash between.
    package static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The folder part of a path (`a/b.db` → `a`; `b.db` → `.`).
    package static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// What `stat` (following links) or `lstat` says of a path; nil when it cannot be seen.
    private static func status(_ path: String, followingLinks: Bool = true) -> stat? {
        var info = stat()
        return (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 ? info : nil
    }

    private static func fileType(_ path: String, followingLinks: Bool = true) -> mode_t? {
        status(path, followingLinks: followingLinks).map { $0.st_mode & S_IFMT }
    }

    package static func exists(_ path: String) -> Bool {
        status(path) != nil
    }

    package static func isDirectory(_ path: String) -> Bool {
        fileType(path) == S_IFDIR
    }

    /// The size in bytes, 0 when it cannot be read.
    package static func size(_ path: String) -> Int {
        status(path).map { Int($0.st_size) } ?? 0
    }

    /// The names in a folder (not `.` or `..`), unsorted.
    package static func contents(ofDirectory path: String) throws -> [String] {
        guard let directory = opendir(path) else { throw FileError(path: path, errno: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Creates a folder and its missing parents, with `mode` for those it creates.
    package static func createDirectory(_ path: String, mode: mode_t) throws {
        if isDirectory(path) { return }
        let parent = directory(of: path)
        if parent != path, parent != ".", parent != "/", !isDirectory(parent) { try createDirectory(parent, mode: mode) }
        if mkdir(path, mode) != 0 && errno != EEXIST { throw FileError(path: path, errno: errno) }
    }

    /// Removes a file; no error when it is not there.
    package static func remove(_ path: String) {
        _ = unlink(path)
    }

    /// Removes a folder of plain files (not nested folders) and the folder.
    package static func removeFolder(_ path: String) {
        for name in (try? contents(ofDirectory: path)) ?? [] { _ = unlink(join(path, name)) }
        _ = rmdir(path)
    }

    /// The folder for temporary files: `$TMPDIR`, else `/tmp`.
    package static var temporaryDirectory: String {
        if let value = getenv("TMPDIR"), value.pointee != 0 { return String(cString: value) }
        return "/tmp"
    }

    /// Writes every byte to a file descriptor, across short writes and
    /// interruptions. Returns the errno of a failure, nil on success.
    @discardableResult
    package static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    package static func isRegularFile(_ path: String) -> Bool {
        fileType(path) == S_IFREG
    }

    /// Whether the path itself is a symbolic link (not followed).
    package static func isSymbolicLink(_ path: String) -> Bool {
        fileType(path, followingLinks: false) == S_IFLNK
    }

    /// The absolute path with every link resolved; nil when it does not exist.
    package static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The device and inode of an existing file, nil when it cannot be seen.
    package static func identity(_ path: String) -> (device: UInt64, inode: UInt64)? {
        status(path).map { (UInt64($0.st_dev), UInt64($0.st_ino)) }
    }

    /// Whether two paths name the same existing file (through links too).
    package static func isSameFile(_ a: String, _ b: String) -> Bool {
        guard let x = identity(a), let y = identity(b) else { return false }
        return x == y
    }

    /// Whether two paths name the same entry of the same folder, whether or
    /// not that entry exists yet.
    package static func isSameName(_ a: String, _ b: String) -> Bool {
        if isSameFile(a, b) { return true }
        guard lastComponent(a) == lastComponent(b),
              let x = identity(directory(of: a)), let y = identity(directory(of: b)) else { return false }
        return x == y
    }

    /// Creates a new, empty file beside `path` with a name no one else
    /// has (`.NAME.XXXXXX`), owner-only; returns its path and descriptor.
    package static func createTemporary(beside path: String, mode: mode_t = 0o600) throws -> (path: String, descriptor: Int32) {
        let template = join(directory(of: path), "." + lastComponent(path) + ".XXXXXX")
        var bytes = Array(template.utf8CString)
        let descriptor = bytes.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw FileError(path: template, errno: errno) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        _ = fchmod(descriptor, mode)
        // mkstemp filled in the XXXXXX; the last byte is the terminating NUL.
        return (String(decoding: bytes.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self), descriptor)
    }

    /// Creates a new, empty, owner-only folder beside `path` with a name no
    /// one else has (`.NAME.XXXXXX`); returns its path.
    package static func createTemporaryDirectory(beside path: String) throws -> String {
        let template = join(directory(of: path), "." + lastComponent(path) + ".XXXXXX")
        var bytes = Array(template.utf8CString)
        guard bytes.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw FileError(path: template, errno: errno)
        }
        return String(decoding: bytes.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    package enum Naming {
        case given
        /// Something already has the name; nothing was changed.
        case taken
        case failed(FileError)
    }

    /// Gives the file at `from` the name `to` if nothing has it, and drops
    /// its old name: `link` (which never replaces a file), or on a file
    /// system without hard links (FAT, some network mounts) a rename told
    /// not to replace (`RENAME_NOREPLACE`).
    /// A folder (`folder`), which cannot be linked, is renamed that way at once.
    package static func giveName(_ from: String, to: String, folder: Bool = false) -> Naming {
        var linkError = EPERM
        if !folder {
            if link(from, to) == 0 {
                _ = unlink(from)
                return .given
            }
            linkError = errno
            if linkError == EEXIST { return .taken }
            guard linkError == EPERM || linkError == ENOTSUP || linkError == EOPNOTSUPP || linkError == ENOSYS else {
                return .failed(FileError(path: to, errno: linkError))
            }
        }
        // glibc has renameat2 since 2.28, but Swift's Glibc module does not show it.
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else {
            return .failed(FileError(path: to, errno: linkError))
        }
        let renameNoReplace: UInt32 = 1  // RENAME_NOREPLACE
        if unsafeBitCast(symbol, to: RenameAt2.self)(AT_FDCWD, from, AT_FDCWD, to, renameNoReplace) == 0 { return .given }
        return errno == EEXIST ? .taken : .failed(FileError(path: to, errno: errno))
    }

    /// Forces a folder's entries (a new or renamed name in it) to the disk.
    /// Flushes a file's data to the disk.
    package static func syncFile(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(path: path, errno: errno) }
        defer { _ = Glibc.close(descriptor) }
        guard fsync(descriptor) == 0 else { throw FileError(path: path, errno: errno) }
    }

    package static func syncDirectory(of path: String) {
        let descriptor = open(directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = Glibc.close(descriptor)
    }

    /// The first `limit` bytes of a file, as text.
    package static func readSmallFile(_ path: String, limit: Int) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(path: path, errno: errno) }
        defer { _ = Glibc.close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: limit)
        let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, limit) }
        guard count >= 0 else { throw FileError(path: path, errno: errno) }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }

    /// The value of an environment variable, nil when unset.
    package static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

/// A file system call that failed, in words.
package struct FileError: Error, CustomStringConvertible {
    package let path: String
    package let code: Int32
    private let message: String?
    init(path: String, errno code: Int32) {
        self.path = path
        self.code = code
        message = nil
    }
    init(path: String, message: String) {
        self.path = path
        code = 0
        self.message = message
    }
    package var description: String { "\(path): \(message ?? String(cString: strerror(code)))" }
}

/// A file written through a 64 KiB buffer, created new with owner-only
/// permissions (it may hold personal data).
package final class OutputFile {
    private var descriptor: Int32
    package let path: String
    private var buffer: [UInt8] = []

    /// Takes over a descriptor open for writing (e.g. from `createTemporary`).
    package init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
        buffer.reserveCapacity(1 << 16)
    }

    /// Opens an existing file (a device, a pipe, a stream) for writing as it
    /// is: not created, not truncated, its mode left alone, written at its
    /// end (`/dev/stdout` sent to a file with `>>` keeps what it held). A
    /// pipe no process reads is an error, not a wait without end.
    package init(openingExisting path: String) throws {
        descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NONBLOCK)
        if descriptor < 0 && errno == ENXIO {
            throw FileError(path: path, message: "no process is reading this pipe")
        }
        guard descriptor >= 0 else { throw FileError(path: path, errno: errno) }
        // Blocking again: a slow reader slows the writes, it does not fail them.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        self.path = path
        buffer.reserveCapacity(1 << 16)
    }

    /// Creates the file; fails if it exists and `exclusive` is set.
    package init(creating path: String, exclusive: Bool = false, mode: mode_t = 0o600) throws {
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | (exclusive ? O_EXCL : 0)
        descriptor = open(path, flags, mode)
        guard descriptor >= 0 else { throw FileError(path: path, errno: errno) }
        // An existing file keeps its mode through O_TRUNC: set ours.
        _ = fchmod(descriptor, mode)
        self.path = path
        buffer.reserveCapacity(1 << 16)
    }

    deinit { if descriptor >= 0 { _ = Glibc.close(descriptor) } }

    package func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    package func write(bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    package func flush() throws {
        guard descriptor >= 0 else { throw FileError(path: path, errno: EBADF) }
        if let code = buffer.withUnsafeBytes({ FilePaths.writeAll(descriptor, $0) }) {
            throw FileError(path: path, errno: code)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and forces the bytes to the disk.
    package func sync() throws {
        try flush()
        guard fsync(descriptor) == 0 else { throw FileError(path: path, errno: errno) }
    }

    /// Flushes and closes; later writes fail.
    package func close() throws {
        guard descriptor >= 0 else { return }
        try flush()
        _ = Glibc.close(descriptor)
        descriptor = -1
    }
}
