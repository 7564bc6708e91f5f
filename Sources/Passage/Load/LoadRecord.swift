import PassageSQLite

/// The rows that record a load: its row in `loads`, its files with their
/// SHA-256 (`load_files`) and its counts per kind (`load_counts`).
enum LoadRecord {
    /// One file as the load read it.
    struct File {
        var path: String
        var kind: RecordKind
        var sha256: String
        var bytes: Int
        var rows: Int
    }

    /// Starts the load's row (finished by `finish`); returns its id.
    static func begin(_ connection: Connection) throws -> Int64 {
        try connection.run("INSERT INTO loads (started_at) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
        return connection.lastInsertRowID
    }

    /// Records the load's files, in the order read, and its counts, and
    /// finishes its row with the totals.
    static func finish(_ connection: Connection, loadID: Int64, files: [File], summary: LoadSummary) throws {
        let fileInsert = try connection.prepare("INSERT INTO load_files (load_id, position, path, kind, sha256, bytes, rows) VALUES (?, ?, ?, ?, ?, ?, ?)")
        defer { fileInsert.finalize() }
        for (position, file) in files.enumerated() {
            try fileInsert.run([loadID, position + 1, file.path, file.kind.table, file.sha256, file.bytes, file.rows])
        }
        let countInsert = try connection.prepare("INSERT INTO load_counts (load_id, kind, inserted, updated, unchanged, rejected) VALUES (?, ?, ?, ?, ?, ?)")
        defer { countInsert.finalize() }
        for kind in RecordKind.allCases {
            guard let counts = summary.counts[kind] else { continue }
            try countInsert.run([loadID, kind.table, counts.inserted, counts.updated, counts.unchanged, counts.rejected])
        }
        let total = summary.total
        try connection.run("""
            UPDATE loads SET finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                inserted = ?, updated = ?, unchanged = ?, rejected = ? WHERE id = ?
            """, [total.inserted, total.updated, total.unchanged, total.rejected, loadID])
    }
}
