import PassagePostgres
import PassageSQLite

extension MirrorRun {
    /// Sends one table's rows as `sending` says; nil when no row changed.
    func send(_ table: MirroredTable, _ sending: Sending, since: (load: Int64, audit: Int64),
              inserts: InsertedKinds) throws -> MirrorSummary.TableChange? {
        var mayHaveInserts = true
        if case .records(let kind) = table.changes, case .only(let kinds) = inserts { mayHaveInserts = kinds.contains(kind.table) }
        let statement = try sqlite.prepare(table.sourceQuery(everything: sending != .changes, personal: personal, mayHaveInserts: mayHaveInserts))
        try bind(statement, since: since)
        let columns = table.columns.map { quoted($0.name) }.joined(separator: ", ")
        let hasRows = try statement.step()
        if sending == .everythingNew {
            guard hasRows else { return nil }
            let rows = try postgres.copyIn("COPY \(quoted(table.name)) (\(columns)) FROM STDIN") { writer in
                try write(statement, table, to: writer)
            }
            return MirrorSummary.TableChange(table: table.name, inserted: rows, updated: 0, deleted: 0)
        }
        guard hasRows || sending == .everythingAgain else { return nil }
        // Into a temporary table first, then merged: a row whose values are
        // all equal is not written at all.
        let stage = quoted("passage_stage_" + table.name)
        try postgres.execute("CREATE TEMP TABLE \(stage) ON COMMIT DROP AS SELECT \(columns) FROM \(quoted(table.name)) WITH NO DATA")
        if hasRows {
            try postgres.copyIn("COPY \(stage) (\(columns)) FROM STDIN") { writer in
                try write(statement, table, to: writer)
            }
        }
        let key = table.key.map(quoted).joined(separator: ", ")
        let others = table.columns.map(\.name).filter { !table.key.contains($0) }.map(quoted)
        let counts = try postgres.query("""
            WITH written AS (
                INSERT INTO \(quoted(table.name)) AS t (\(columns))
                SELECT \(columns) FROM \(stage)
                ON CONFLICT (\(key)) DO UPDATE
                SET \(others.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
                WHERE (\(others.map { "t.\($0)" }.joined(separator: ", "))) IS DISTINCT FROM (\(others.map { "excluded.\($0)" }.joined(separator: ", ")))
                RETURNING (xmax = 0) AS inserted)
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written
            """).first
        var deleted = 0
        if sending == .everythingAgain {
            let match = table.key.map { "s.\(quoted($0)) = t.\(quoted($0))" }.joined(separator: " AND ")
            deleted = Int(try postgres.scalar("""
                WITH gone AS (DELETE FROM \(quoted(table.name)) AS t WHERE NOT EXISTS (SELECT 1 FROM \(stage) AS s WHERE \(match)) RETURNING 1)
                SELECT count(*) FROM gone
                """) ?? "0") ?? 0
        }
        try postgres.execute("DROP TABLE \(stage)")
        let inserted = Int(counts?[0] ?? "0") ?? 0, updated = Int(counts?[1] ?? "0") ?? 0
        guard inserted + updated + deleted > 0 else { return nil }
        return MirrorSummary.TableChange(table: table.name, inserted: inserted, updated: updated, deleted: deleted)
    }

    /// Deletes the records of `kind` that the audit says were deleted since
    /// the last run and that are not here again; returns how many went.
    func sendDeletions(of kind: RecordKind, since audit: Int64) throws -> Int {
        let statement = try sqlite.prepare("""
            SELECT DISTINCT record_id FROM audit
            WHERE id > ? AND +kind = ? AND action = 'delete'
              AND record_id NOT IN (SELECT id FROM \(kind.table))
            ORDER BY record_id
            """)
        try statement.bind([audit, kind.table])
        guard try statement.step() else { return 0 }
        let gone = quoted("passage_gone_" + kind.table)
        try postgres.execute("CREATE TEMP TABLE \(gone) (id text COLLATE \"C\" NOT NULL) ON COMMIT DROP")
        try postgres.copyIn("COPY \(gone) (id) FROM STDIN") { writer in
            repeat {
                writer.append(utf8: statement.cell(at: 0).unsafeUTF8)
                try writer.endRow()
            } while try statement.step()
        }
        let deleted = Int(try postgres.scalar("""
            WITH d AS (DELETE FROM \(quoted(kind.table)) WHERE id IN (SELECT id FROM \(gone)) RETURNING 1)
            SELECT count(*) FROM d
            """) ?? "0") ?? 0
        try postgres.execute("DROP TABLE \(gone)")
        return deleted
    }

    /// The kinds whose records a load after `load` may have inserted.
    enum InsertedKinds {
        case any
        case only(Set<String>)
    }

    /// From the loads' per-kind counts; a load that inserted without them
    /// (`Store.save`, e.g. a duplicates decision) may have inserted any kind.
    func insertedKinds(since load: Int64) throws -> InsertedKinds {
        let uncounted = try sqlite.scalarInt("""
            SELECT count(*) FROM loads AS l
            WHERE l.id > ? AND l.inserted > 0 AND NOT EXISTS (SELECT 1 FROM load_counts AS c WHERE c.load_id = l.id)
            """, [load]) ?? 1
        guard uncounted == 0 else { return .any }
        let statement = try sqlite.prepare("SELECT DISTINCT kind FROM load_counts WHERE load_id > ? AND inserted > 0")
        try statement.bind([load])
        var kinds: Set<String> = []
        while try statement.step() { kinds.insert(statement.text(at: 0)) }
        return .only(kinds)
    }

    /// Binds the parameters the table's query uses.
    private func bind(_ statement: Statement, since: (load: Int64, audit: Int64)) throws {
        let values: [String: any SQLiteBindable] = ["zone": store.zone.description, "load": since.load, "audit": since.audit]
        var used: [String: any SQLiteBindable] = [:]
        for name in statement.parameterNames { used[name] = values[name] }
        try statement.bind(named: used)
    }

    /// Writes the current row and every following one; SQLite's text goes
    /// to the COPY buffer without Swift strings, but for REAL values.
    private func write(_ statement: Statement, _ table: MirroredTable, to writer: CopyWriter) throws {
        let reals = table.columns.map(\.isReal)
        repeat {
            for index in reals.indices {
                if statement.isNull(at: index) {
                    writer.appendNull()
                } else if reals[index] {
                    writer.append(String(statement.double(at: index)))
                } else {
                    writer.append(utf8: statement.cell(at: index).unsafeUTF8)
                }
            }
            try writer.endRow()
        } while try statement.step()
    }
}
