#if canImport(Glibc)
import Glibc
#endif
import PassageAge
import PassageSQLite

extension Store {
    /// Copies the database to a new file at `path` with SQLite's online
    /// backup API (safe while a load writes), then checks the copy.
    public func backup(to path: String) throws {
        guard !FilePaths.exists(path) else {
            throw PassageError.backupExists(path)
        }
        try Store.createPrivateFileIfMissing(path)
        try copy(to: path)
    }

    /// Backs up to `path` as one age file to `recipients`: the plain copy is
    /// made under a hidden name beside it (owner-only), encrypted into
    /// `path` and removed. `age -d` gives exactly the plain backup's bytes.
    public func backup(to path: String, recipients: [X25519Recipient]) throws {
        guard !FilePaths.exists(path) else { throw PassageError.backupExists(path) }
        let temporary = try FilePaths.createTemporary(beside: path)
        _ = Glibc.close(temporary.descriptor)
        defer { for suffix in ["-wal", "-shm", ""] { FilePaths.remove(temporary.path + suffix) } }
        try copy(to: temporary.path)
        let input = open(temporary.path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw PassageError.cannotCreate(path: path, reason: "its plain copy \(temporary.path) cannot be read: \(String(cString: strerror(errno)))") }
        defer { _ = Glibc.close(input) }
        let output: OutputFile
        do {
            output = try OutputFile(creating: path, exclusive: true)
        } catch {
            throw PassageError.cannotCreate(path: path, reason: "\(error)")
        }
        do {
            let writer = try AgeWriter(recipients: recipients) { bytes in try bytes.withUnsafeBytes { try output.write(bytes: $0) } }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                guard count >= 0 else { throw PassageError.cannotCreate(path: path, reason: "its plain copy \(temporary.path) cannot be read: \(String(cString: strerror(errno)))") }
                if count == 0 { break }
                try writer.write(buffer[0..<count])
            }
            try writer.finish()
            try output.sync()
            try output.close()
        } catch {
            try? output.close()
            FilePaths.remove(path)
            throw error
        }
    }

    private func copy(to path: String) throws {
        do {
            // SQLite refuses to back up into a WAL database of another page size.
            let pageSize = try connection.scalarInt("PRAGMA page_size").map(Int.init)
            let destination = try Connection(path: path, mode: .readWrite(create: false), pageSize: pageSize)
            try connection.backup(into: destination)
            let verdict = try destination.scalarText("PRAGMA integrity_check")
            try destination.close()
            guard verdict == "ok" else { throw PassageError.backupFailedIntegrity(path: path, verdict: verdict ?? "no answer") }
        } catch {
            FilePaths.remove(path)
            throw error
        }
    }
}
