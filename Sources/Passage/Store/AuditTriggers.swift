import PassageSQLite

/// The audit triggers of the kinds a writer updates, set aside while it
/// writes, the writer making each audit row itself.
///
/// Why: SQLite keeps a statement journal (to undo half a statement) for
/// any update of a table with a trigger, and for any `INSERT … SELECT`;
/// one row's update (its table, index and audit pages, 16 KiB each) passes
/// the 64 KiB SQLite keeps in memory, so each update wrote about 80 KB to
/// a temporary file (770 MB in a reload that updates 10,000 records). A
/// one-row `UPDATE` with no trigger, and an `INSERT … VALUES`, need none.
///
/// A trigger is set aside only when its text is, but for white space,
/// exactly the audit trigger the migrations make (`expectedTrigger`), so
/// the row the writer makes is the trigger's: the record's values read
/// before the update, inserted once the update is made. Any other trigger
/// (a `WHEN`, other values, a database someone edited) stays and does its
/// work. Inside the writer's transaction only: a failed or interrupted
/// write puts the triggers back with the rest, and other connections never
/// see a table without them. `restore` must run before the commit
/// (`RecordWriter.rebuildIndexes`).
struct AuditTriggers {
    private struct SetAside {
        let sql: String
        /// The record's values as the trigger writes them (bind: its id).
        let previous: Statement
        /// The audit row (bind: those values, then the load).
        let insert: Statement
    }

    /// An audit row that could not be written after its update was made:
    /// not a refused row (the update stands), so the whole write fails.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private var setAside: [RecordKind: SetAside] = [:]
    /// Kinds whose trigger stays (another text, or restored): not asked again.
    private var kept: Set<RecordKind> = []

    /// What the audit row of the update of a `kind` record the caller is
    /// about to make will hold, read now, setting the kind's trigger aside
    /// at its first update; nil when the trigger stays and writes the row.
    mutating func previousValues(ofUpdateOf kind: RecordKind, id: SQLiteValue, _ connection: Connection) throws -> [SQLiteValue]? {
        guard let entry = try entry(for: kind, connection) else { return nil }
        try entry.previous.reset()
        defer { try? entry.previous.reset() }
        try entry.previous.bind(id, at: 1)
        guard try entry.previous.step() else { throw Failure(description: "\(kind.table) \(id) is not there to be updated") }
        return entry.previous.row
    }

    /// Writes the audit row of an update just made (`previous` from
    /// `previousValues`, before it).
    func writeRow(_ previous: [SQLiteValue], of kind: RecordKind, loadID: Int64) throws {
        guard let entry = setAside[kind] else { throw Failure(description: "the audit of \(kind.table) is not set aside") }
        do {
            try entry.insert.reset()
            try entry.insert.run(binding: previous + [.integer(loadID)], from: 1)
        } catch {
            throw Failure(description: "cannot write the audit row of an update of \(kind.table): \(error)")
        }
    }

    private mutating func entry(for kind: RecordKind, _ connection: Connection) throws -> SetAside? {
        if let entry = setAside[kind] { return entry }
        // Outside a transaction the drop would be committed at once.
        guard !kept.contains(kind), connection.isInTransaction else { return nil }
        let name = Self.triggerName(kind)
        guard let sql = try connection.scalarText("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?", [name]),
              Self.withoutWhiteSpace(sql) == Self.withoutWhiteSpace(Self.expectedTrigger(kind)) else {
            kept.insert(kind)
            return nil
        }
        let statements = Self.statements(kind)
        let entry = SetAside(sql: sql, previous: try connection.prepare(statements.previous), insert: try connection.prepare(statements.insert))
        // Names from the schema, not from input.
        try connection.execute("DROP TRIGGER \"\(name)\"")
        setAside[kind] = entry
        return entry
    }

    /// Creates the triggers set aside again, exactly as they were.
    mutating func restore(_ connection: Connection) throws {
        for kind in RecordKind.allCases {
            guard let entry = setAside[kind] else { continue }
            entry.previous.finalize()
            entry.insert.finalize()
            try connection.execute(entry.sql)
        }
        setAside = [:]
        // The writes are over: an update after them (none today) leaves its
        // row to the trigger rather than setting it aside with no restore to come.
        kept = Set(RecordKind.allCases)
    }

    static func triggerName(_ kind: RecordKind) -> String { "\(kind.table)_audit_update" }

    /// The values the audit row of an update of a `kind` record holds but
    /// its load: the kind, the id, 'update', and the record's columns as
    /// JSON, with `load_id`, `load_row` and `revision`.
    private static func values(_ kind: RecordKind) -> String {
        let names = kind.columns.map(\.name) + ["load_id", "load_row", "revision"]
        return "'\(kind.table)', old.id, 'update', json_object(" + names.map { "'\($0)', old.\($0)" }.joined(separator: ", ") + ")"
    }

    /// The audit update trigger the migrations make for `kind`.
    static func expectedTrigger(_ kind: RecordKind) -> String {
        "CREATE TRIGGER \(triggerName(kind)) AFTER UPDATE ON \(kind.table) BEGIN INSERT INTO audit (kind, record_id, action, previous, load_id) VALUES (\(values(kind)), new.load_id); END"
    }

    /// The trigger's work as two statements of the writer's.
    static func statements(_ kind: RecordKind) -> (previous: String, insert: String) {
        // OR FAIL, as the update's: a one-row statement never needs undoing half-way.
        ("SELECT \(values(kind)) FROM \(kind.table) AS old WHERE old.id = ?",
         "INSERT OR FAIL INTO audit (kind, record_id, action, previous, load_id) VALUES (?, ?, ?, ?, ?)")
    }

    /// The text with no white space: triggers compare so (their names, values
    /// and string literals hold none).
    static func withoutWhiteSpace(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isWhitespace }))
    }
}
