import PassagePostgres
import PassageSQLite

/// One run of `passage mirror`: reads this database in one SQLite read
/// transaction (a consistent snapshot, while loads may go on) and writes
/// PostgreSQL in one transaction, committed only when everything is sent.
final class MirrorRun {
    let store: Store
    let postgres: PostgresConnection
    let options: MirrorOptions
    let databaseID: String
    let sqlitePath: String
    let personal: MirroredPersonalValues

    init(store: Store, postgres: PostgresConnection, options: MirrorOptions, databaseID: String, sqlitePath: String) {
        self.store = store
        self.postgres = postgres
        self.options = options
        self.databaseID = databaseID
        self.sqlitePath = sqlitePath
        personal = MirroredPersonalValues(databaseIsSealed: store.isSealed, includePersonal: options.includePersonal)
    }

    /// How a table's rows are sent.
    enum Sending {
        /// A table made by this run: every row, straight in with COPY.
        case everythingNew
        /// Every row, merged into what is there; rows no longer here are deleted.
        case everythingAgain
        /// What changed since the last run, merged; deletions from the audit.
        case changes
    }

    var sqlite: Connection { store.connection }

    func perform() throws -> MirrorSummary {
        try sqlite.execute("BEGIN DEFERRED TRANSACTION")
        defer { if sqlite.isInTransaction { try? sqlite.execute("ROLLBACK") } }
        try postgres.execute("BEGIN")
        do {
            let summary = try sendEverything()
            try postgres.execute("COMMIT")
            return summary
        } catch {
            // A lost connection has rolled back on the server already.
            try? postgres.execute("ROLLBACK")
            if let error = error as? PostgresError {
                throw PostgresError(message: error.description, sqlState: error.sqlState,
                                    context: "nothing was mirrored to \(postgres.description), schema \(options.schema) (rolled back)")
            }
            throw error
        }
    }

    private func sendEverything() throws -> MirrorSummary {
        let schema = options.schema
        // Two mirrors of one schema wait for each other instead of interleaving.
        try postgres.query("SELECT pg_advisory_xact_lock(hashtext('passage mirror'), hashtext($1))", [schema])
        let lastLoad = try sqlite.scalarInt("SELECT coalesce(max(id), 0) FROM loads") ?? 0
        let lastAudit = try sqlite.scalarInt("SELECT coalesce(max(id), 0) FROM audit") ?? 0

        let schemaExists = try postgres.scalar("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]) != nil
        var state: MirrorState?
        if schemaExists {
            let notOurs = PassageError.mirrorSchemaNotOurs(schema: schema, server: postgres.description)
            guard try postgres.scalar("SELECT to_regclass(format('%I.passage_mirror', $1::text))", [schema]) != nil else { throw notOurs }
            try postgres.execute("SET LOCAL search_path TO \(quoted(schema))")
            guard let existing = try MirrorState.read(postgres) else { throw notOurs }
            try check(existing)
            state = existing
        } else {
            try postgres.execute("CREATE SCHEMA \(quoted(schema))")
            try postgres.execute("SET LOCAL search_path TO \(quoted(schema))")
            try postgres.execute(MirrorState.createStatement)
        }
        // Everything is sent again when what the rows hold changes: personal
        // values now in clear, sealed or left out (a database sealed since
        // the last run replaces every clear value there), or another event zone.
        let sendAgain = state.map { $0.personal != personal.rawValue || $0.eventZone != store.zone.description } ?? false
        let existingTables = Set(try postgres.query("""
            SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind = 'r'
            """, [schema]).compactMap { $0[0] })

        var plans: [(MirroredTable, Sending)] = []
        for table in MirroredTable.all {
            if existingTables.contains(table.name) {
                try checkColumns(of: table)
                plans.append((table, sendAgain ? .everythingAgain : .changes))
            } else {
                try postgres.execute(table.createStatement)
                plans.append((table, .everythingNew))
            }
        }
        if state == nil || state!.formatVersion < MirrorState.formatVersion {
            try createReports()
        }

        let since = (load: state?.lastLoadID ?? 0, audit: state?.lastAuditID ?? 0)
        let inserts = try insertedKinds(since: since.load)
        var changes: [MirrorSummary.TableChange] = []
        for (table, sending) in plans {
            if let change = try send(table, sending, since: since, inserts: inserts) { changes.append(change) }
        }
        // Deletions after every upsert, dependents first (the foreign keys
        // are deferred to the commit in any case).
        for (table, sending) in plans.reversed() {
            guard sending == .changes, case .records(let kind) = table.changes else { continue }
            let deleted = try sendDeletions(of: kind, since: since.audit)
            guard deleted > 0 else { continue }
            if let index = changes.firstIndex(where: { $0.table == table.name }) {
                let old = changes[index]
                changes[index] = MirrorSummary.TableChange(table: old.table, inserted: old.inserted, updated: old.updated, deleted: old.deleted + deleted)
            } else {
                changes.append(MirrorSummary.TableChange(table: table.name, inserted: 0, updated: 0, deleted: deleted))
            }
        }

        // The new tables' keys and indexes, now that every table is filled.
        for (table, sending) in plans where sending == .everythingNew {
            for statement in table.completingStatements { try postgres.execute(statement) }
        }
        // Tables filled by this run have no statistics yet, and autovacuum
        // would gather them only after the commit: the report views would
        // be planned blind (seconds instead of a fraction at 200,000 cases).
        let filled = plans.filter { $0.1 == .everythingNew }.map { quoted($0.0.name) }
        if !filled.isEmpty {
            try postgres.execute("ANALYZE " + filled.joined(separator: ", "))
        }

        let newState = MirrorState(formatVersion: MirrorState.formatVersion, databaseID: databaseID, sqlitePath: sqlitePath,
                                   eventZone: store.zone.description, personal: personal.rawValue,
                                   lastLoadID: lastLoad, lastAuditID: lastAudit)
        // A run with nothing new writes nothing, its own row included.
        let writesState = state == nil || !changes.isEmpty || sendAgain || state!.lastLoadID != lastLoad || state!.lastAuditID != lastAudit
            || state!.sqlitePath != sqlitePath || state!.formatVersion != MirrorState.formatVersion
        if writesState {
            try newState.write(postgres, isNew: state == nil)
        }
        return MirrorSummary(target: postgres.description, schema: schema, created: state == nil, usesTLS: postgres.usesTLS,
                             changes: changes, wroteState: writesState, lastLoadID: lastLoad, lastAuditID: lastAudit,
                             personal: personal)
    }

    /// Refuses a schema that mirrors another database, or was made by a newer passage.
    private func check(_ state: MirrorState) throws {
        if state.databaseID != databaseID {
            throw PassageError.mirrorOfAnotherDatabase(schema: options.schema, server: postgres.description, mirroredPath: state.sqlitePath,
                                                       mirroredID: state.databaseID, path: sqlitePath, id: databaseID)
        }
        if state.formatVersion > MirrorState.formatVersion {
            throw PassageError.mirrorSchemaNewer(schema: options.schema, server: postgres.description,
                                                 version: state.formatVersion, supported: MirrorState.formatVersion)
        }
    }

    /// Refuses a table whose columns are not the ones this passage writes.
    private func checkColumns(of table: MirroredTable) throws {
        let present = Set(try postgres.query("""
            SELECT a.attname FROM pg_attribute AS a
            WHERE a.attrelid = to_regclass(format('%I.%I', $1::text, $2::text)) AND a.attnum > 0 AND NOT a.attisdropped
            """, [options.schema, table.name]).compactMap { $0[0] })
        let missing = table.columns.map(\.name).filter { !present.contains($0) }
        guard missing.isEmpty else {
            throw PassageError.mirrorTableLacksColumns(schema: options.schema, table: table.name, server: postgres.description, columns: missing)
        }
    }

    /// The views and function of the canned reports, made again from
    /// Schema/mirror/reports.sql.
    private func createReports() throws {
        try postgres.execute("""
            DROP FUNCTION IF EXISTS unresolved(timestamptz);
            DROP VIEW IF EXISTS outcomes_by_muster_point, entries_per_route, case_status
            """)
        guard let sql = EmbeddedResources.files["mirror/reports.sql"] else {
            throw PassageError.missingSchemaFile("mirror/reports.sql")
        }
        try postgres.execute(sql)
    }
}
