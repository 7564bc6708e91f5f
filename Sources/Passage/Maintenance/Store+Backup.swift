import PassageSQLite

extension Store {
    /// Copies the database to a new file at `path` with SQLite's online
    /// backup API (safe while a load writes), then checks the copy.
    public func backup(to path: String) throws {
        guard !FilePaths.exists(path) else {
            throw PassageError.backupExists(path)
        }
        try Store.createPrivateFileIfMissing(path)
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
