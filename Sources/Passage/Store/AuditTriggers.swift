import PassageSQLite

/// The audit triggers of the kinds a writer updates, set aside while it
/// writes, the writer making each audit row itself from the trigger's own
/// statement.
///
/// Why: SQLite keeps a statement journal (to undo half a statement) for
/// any update of a table with a trigger, and for any `INSERT … SELECT`;
/// one row's update (its table, index and audit pages, 16 KiB each) passes
/// the 64 KiB SQLite keeps in memory, so each update wrote about 80 KB to
/// a temporary file (770 MB in a reload that updates 10,000 records). A
/// one-row `UPDATE` with no trigger, and an `INSERT … VALUES`, need none.
///
/// The audit row is the trigger's: its `VALUES` (`old` the record before
/// the update) read by a `SELECT` of their own, then inserted with the
/// writer's load for `new.load_id`. Only a trigger of exactly that shape
/// is set aside; any other stays and does its work. Inside the writer's
/// transaction: a failed or interrupted write puts the triggers back with
/// the rest, and other connections never see a table without them.
/// `restore` must run before the commit (`RecordWriter.rebuildIndexes`).
struct AuditTriggers {
    private struct SetAside {
        let sql: String
        /// The trigger's values for one record (bind: its id).
        let values: Statement
        /// The audit row (bind: those values, then the load).
        let insert: Statement
    }

    private var setAside: [RecordKind: SetAside] = [:]
    /// Kinds whose trigger stays (another shape, or restored): not asked again.
    private var kept: Set<RecordKind> = []

    /// Writes the audit row of the update of a `kind` record the caller is
    /// about to make, setting the kind's trigger aside at its first update.
    /// False when the trigger stays, and will write it.
    mutating func writeRow(beforeUpdateOf kind: RecordKind, id: SQLiteValue, loadID: Int64, _ connection: Connection) throws -> Bool {
        guard let entry = try entry(for: kind, connection) else { return false }
        try entry.values.reset()
        try entry.values.bind(id, at: 1)
        guard try entry.values.step() else { return false }
        let row = entry.values.row
        try entry.values.reset()
        try entry.insert.reset()
        try entry.insert.run(binding: row + [.integer(loadID)], from: 1)
        return true
    }

    private mutating func entry(for kind: RecordKind, _ connection: Connection) throws -> SetAside? {
        if let entry = setAside[kind] { return entry }
        guard !kept.contains(kind) else { return nil }
        let name = Self.triggerName(kind)
        guard let sql = try connection.scalarText("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?", [name]),
              let statements = Self.statements(fromTrigger: sql, table: kind.table) else {
            kept.insert(kind)
            return nil
        }
        // Names from the schema, not from input.
        try connection.execute("DROP TRIGGER \"\(name)\"")
        let entry = SetAside(sql: sql, values: try connection.prepare(statements.values), insert: try connection.prepare(statements.insert))
        setAside[kind] = entry
        return entry
    }

    /// Creates the triggers set aside again, exactly as they were.
    mutating func restore(_ connection: Connection) throws {
        for kind in RecordKind.allCases {
            guard let entry = setAside[kind] else { continue }
            entry.values.finalize()
            entry.insert.finalize()
            try connection.execute(entry.sql)
        }
        setAside = [:]
        // The writes are over: an update after them (none today) leaves its
        // row to the trigger rather than setting it aside with no restore to come.
        kept = Set(RecordKind.allCases)
    }

    static func triggerName(_ kind: RecordKind) -> String { "\(kind.table)_audit_update" }

    /// The trigger's body as two statements: `INSERT INTO audit (…)
    /// VALUES (…, new.load_id)` becomes `SELECT … FROM table AS old WHERE
    /// old.id = ?` and `INSERT OR FAIL INTO audit (…) VALUES (?, …)`. Nil
    /// for any other shape.
    static func statements(fromTrigger sql: String, table: String) -> (values: String, insert: String)? {
        let columns = "(kind, record_id, action, previous, load_id)"
        let insert = "INSERT INTO audit " + columns
        guard sql.hasSuffix("\nEND"), let begin = sql.firstRange(of: "\nBEGIN\n") else { return nil }
        let body = sql[begin.upperBound...].dropLast("\nEND".count).drop(while: \.isWhitespace)
        guard body.hasPrefix(insert), body.hasSuffix(", new.load_id);") else { return nil }
        let values = body.dropFirst(insert.count).dropLast(", new.load_id);".count).drop(while: \.isWhitespace)
        guard values.hasPrefix("VALUES ("), !values.contains("new."), !values.contains(";") else { return nil }
        // OR FAIL, as the update's: a one-row statement never needs undoing half-way.
        return ("SELECT \(values.dropFirst("VALUES (".count))\nFROM \(table) AS old WHERE old.id = ?",
                "INSERT OR FAIL INTO audit \(columns) VALUES (?, ?, ?, ?, ?)")
    }
}
