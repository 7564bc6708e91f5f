import PassageInput
import PassageSQLite

/// The last load's files loaded again, unchanged, into a database no one
/// changed since: every row would be unchanged, so the load is recorded
/// (its files with their SHA-256, its counts) without reading a row.
/// Coordinators reload the same spreadsheets many times a day.
///
/// It does exactly what the full load would do, so it applies only when
/// all of this holds: the database's last load was the same command (the
/// same files in the same order, with the same kinds, sizes and SHA-256,
/// the same options, by this version of passage on this schema); that load
/// rejected nothing and skipped no blank row; and no record changed since
/// (no audit row after it; what changes records without one clears the
/// mark). Anything else, and the load reads every row as usual.
enum RepeatedLoad {
    /// The settings key of the mark a load leaves when it may be repeated.
    static let settingsKey = "repeatable_load"

    /// What must still hold for the load `loadID` to be repeated: it is the
    /// last load, the audit has grown by nothing since, and the schema,
    /// passage and the options are the same.
    static func mark(loadID: Int64, options: LoadOptions, _ connection: Connection) throws -> String {
        let audit = try connection.scalarInt("SELECT coalesce(max(id), 0) FROM audit") ?? 0
        let schema = try Migrator.version(of: connection)
        return "load=\(loadID) audit=\(audit) schema=\(schema) passage=\(PassageVersion.current)"
            + " kind=\(options.kind?.table ?? "-") extra=\(options.allowExtraColumns ? 1 : 0)"
    }

    /// Leaves the mark of a load that committed with nothing rejected and no
    /// blank row skipped, from regular files only; clears it otherwise.
    /// Inside the load's transaction, once its records are written.
    static func record(_ summary: LoadSummary, loadID: Int64, files: [InputFile], options: LoadOptions, _ connection: Connection) throws {
        let repeatable = summary.problemCount == 0 && summary.total.rejected == 0 && summary.blankRows.isEmpty
            && !files.isEmpty && files.allSatisfy { FilePaths.isRegularFile($0.path) }
        guard repeatable else { return try clear(connection) }
        try connection.run("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           [settingsKey, try mark(loadID: loadID, options: options, connection)])
    }

    /// Forgets the mark: for what changes records outside a load without an
    /// audit row (sealing, a repair).
    static func clear(_ connection: Connection) throws {
        try connection.run("DELETE FROM settings WHERE key = ?", [settingsKey])
    }

    /// Records the load of `files` as a repeat of the last one when it is
    /// one, and returns its summary; nil when the files must be read.
    static func load(_ files: [InputFile], store: Store, options: LoadOptions) throws -> LoadSummary? {
        guard !options.dryRun, options.rejectsPath == nil, !files.isEmpty,
              files.allSatisfy({ FilePaths.isRegularFile($0.path) }) else { return nil }
        let connection = store.connection
        guard let last = try lastLoad(files: files, options: options, connection) else { return nil }
        // The bytes: the same SHA-256 as the last load's.
        for (file, recorded) in zip(files, last.files) {
            let source = try ByteSource(path: file.path)
            try source.readToEnd()
            guard source.bytesRead == recorded.bytes, source.sha256Hex() == recorded.sha256 else { return nil }
        }
        // A full load of personal values asks for a sealed database's key:
        // so does its repeat, and fails the same way without it.
        if store.isSealed, files.contains(where: { !Store.personalColumnIndexes[$0.kind.ordinal].isEmpty }) {
            _ = try store.sealer()
        }
        var summary = LoadSummary()
        for file in last.files { summary.counts[file.kind, default: LoadSummary.Counts()].unchanged += file.rows }
        do {
            try connection.transaction(.immediate) {
                // Another process may have written since the first look.
                guard try self.lastLoad(files: files, options: options, connection)?.id == last.id else { return .rollback }
                let loadID = try LoadRecord.begin(connection)
                try LoadRecord.finish(connection, loadID: loadID, files: last.files, summary: summary)
                try record(summary, loadID: loadID, files: files, options: options, connection)
                summary.loadID = loadID
                summary.repeatedLoadID = last.id
                return .commit
            }
        } catch let error as SQLiteError where error.code == .busy {
            throw PassageError.busy(path: store.path, detail: error.message)
        }
        return summary.loadID == nil ? nil : summary
    }

    /// The last load's files when its mark still holds and they are these
    /// files, by path and kind, in this order, with these sizes.
    private static func lastLoad(files: [InputFile], options: LoadOptions, _ connection: Connection) throws -> (id: Int64, files: [LoadRecord.File])? {
        guard let id = try connection.scalarInt("SELECT max(id) FROM loads"),
              try connection.scalarText("SELECT value FROM settings WHERE key = ?", [settingsKey])
                == mark(loadID: id, options: options, connection) else { return nil }
        let statement = try connection.prepare("SELECT path, kind, sha256, bytes, rows FROM load_files WHERE load_id = ? ORDER BY position")
        defer { statement.finalize() }
        try statement.bind([id])
        var recorded: [LoadRecord.File] = []
        for file in files {
            guard try statement.step(), statement.text(at: 0) == file.path, statement.text(at: 1) == file.kind.table,
                  statement.int(at: 3) == FilePaths.size(file.path) else { return nil }
            recorded.append(LoadRecord.File(path: file.path, kind: file.kind, sha256: statement.text(at: 2),
                                            bytes: Int(statement.int(at: 3)), rows: Int(statement.int(at: 4))))
        }
        guard try !statement.step() else { return nil }
        return (id, recorded)
    }
}
