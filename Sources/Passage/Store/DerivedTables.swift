import PassageSQLite

/// The `derived_*` tables (migration 4): per-case figures the reports read
/// instead of recomputing them from every record. Whatever writes records
/// (a load, `Store.save`) names the cases it touched in
/// `temp.touched_cases`, then `refresh` brings their rows up to date with
/// `Schema/refresh/derived.sql`, inside the same transaction.
enum DerivedTables {
    /// The first schema version that has derived tables.
    static let firstVersion = 4

    /// The definition of the derived figures (`Schema/refresh/derived.sql`
    /// and `DerivedCaseFill`). Bump it with any change to what a derived
    /// figure means: every database is then rebuilt from the records when
    /// it is next opened for writing, and refused for reading until then.
    static let version = 1

    /// The settings key holding the version a database's derived rows were
    /// made with (none: made before it was kept, so rebuilt).
    static let versionKey = "derived_version"

    /// Every derived table, emptied by a rebuild.
    static let tables = ["derived_cases", "derived_case_muster_points", "derived_admitted",
                         "derived_findings", "derived_turned_away", "derived_routes"]

    /// Whether the derived rows were made by this definition. Only a current
    /// schema is compared: the refresh is written against it.
    static func isCurrent(_ connection: Connection) throws -> Bool {
        guard try Migrator.version(of: connection) == Migrator.currentVersion else { return true }
        return try connection.scalarText("SELECT value FROM settings WHERE key = ?", [versionKey]) == String(version)
    }

    /// Rebuilds every derived row from the records with the refresh, every
    /// case touched, when the database's derived version is not this one.
    /// Checked before taking the write lock, so a current database is
    /// opened without waiting behind another process's load.
    static func rebuildIfStale(_ connection: Connection) throws {
        guard try !isCurrent(connection) else { return }
        try connection.transaction(.immediate) {
            guard try !isCurrent(connection) else { return .rollback }
            try rebuild(connection)
            return .commit
        }
    }

    /// Rebuilds every derived row from the records with the refresh, every
    /// case touched, and records this definition's version. Inside the
    /// caller's write transaction (also `passage check --repair`).
    static func rebuild(_ connection: Connection) throws {
        // Table names are ours, not input.
        for table in tables { try connection.execute("DELETE FROM \(table)") }
        try beginTouching(connection)
        try connection.execute("INSERT INTO temp.touched_cases (case_id) SELECT id FROM cases")
        try refresh(connection)
        try connection.run("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           [versionKey, String(version)])
    }

    static let refreshSQL: String = EmbeddedResources.files["refresh/derived.sql"] ?? ""

    /// Creates (or empties) the list of touched cases for this transaction.
    static func beginTouching(_ connection: Connection) throws {
        try connection.execute("CREATE TEMP TABLE IF NOT EXISTS touched_cases (case_id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID")
        try connection.execute("DELETE FROM temp.touched_cases")
    }

    /// The statement that adds one case id to the list.
    static func touchStatement(_ connection: Connection) throws -> Statement {
        try connection.prepare("INSERT OR IGNORE INTO temp.touched_cases (case_id) VALUES (?)")
    }

    /// Adds the case of every row of `kind`'s table: for a table this
    /// transaction filled from empty, cheaper than one insert per row.
    static func touchAll(of kind: RecordKind, _ connection: Connection) throws {
        guard let column = caseColumn(kind) else { return }
        // Table and column names come from the schema, not from input.
        try connection.execute("INSERT OR IGNORE INTO temp.touched_cases (case_id) SELECT \(column) FROM \(kind.table)")
    }

    /// The column naming the case a row of `kind` belongs to, for the kinds
    /// whose rows the derived figures are made of (incidents are found by
    /// the refresh itself).
    static func caseColumn(_ kind: RecordKind) -> String? {
        switch kind {
        case .cases: "id"
        case .attempts, .outcomes: "case_id"
        default: nil
        }
    }

    /// The position of `caseColumn` in a row of `kind`'s values, by ordinal
    /// (asked for every row a load writes).
    static let caseColumnIndexes: [Int?] = RecordKind.allCases.map { kind in caseColumn(kind).flatMap(kind.columnIndex) }

    /// Whether the schema has the derived tables and these (table names,
    /// not input) hold no rows.
    static func areEmpty(_ tables: [String], _ connection: Connection) throws -> Bool {
        guard try Migrator.version(of: connection) >= firstVersion else { return false }
        let empty = tables.map { "NOT EXISTS (SELECT 1 FROM \($0))" }.joined(separator: " AND ")
        return try connection.scalarInt("SELECT " + empty) == 1
    }

    /// Brings the derived rows of the touched cases up to date, then drops
    /// the list. A no-op on a database older than the derived tables.
    ///
    /// The SQL computes a touched case's rows in about 45 µs, most of it
    /// SQLite's work per derived value and row (set-based rewrites with
    /// window functions or GROUP BY measured slower). `DerivedCaseFill`
    /// reads every case's records in one merged pass (about 2 µs a case of
    /// the database) and computes a case in a few: when many cases are
    /// touched it writes their rows instead of the SQL's step 4. A first
    /// load, which touches every case, has written them with it already and
    /// leaves only the incidents and routes to this.
    static func refresh(_ connection: Connection, caseRows: CaseRowWriter = .bySize) throws {
        guard try Migrator.version(of: connection) >= firstVersion, !refreshSQL.isEmpty else { return }
        guard let parts = refreshParts else {
            try connection.execute(refreshSQL)
            try connection.execute("DROP TABLE IF EXISTS temp.touched_cases")
            return
        }
        try connection.execute(parts.before)
        let touched = try connection.scalarInt("SELECT count(*) FROM temp.touched_cases") ?? 0
        // Counted only when it can matter (a scan of the cases' key).
        let needsCases = caseRows == .mergedPass || (caseRows == .bySize && touched >= 1000)
        let cases = needsCases ? try connection.scalarInt("SELECT count(*) FROM cases") ?? 0 : 0
        let merged = switch caseRows {
        case .bySize: touched >= 1000 && touched * 16 >= cases
        case .sql: false
        case .mergedPass: true
        }
        if merged {
            // Most of the rows new: their indexes sorted once afterwards.
            var indexes = SecondaryIndexes()
            let isMost = touched * 2 >= cases
            if isMost {
                for table in DerivedCaseFill.tables { try indexes.drop(of: table, connection) }
            }
            try DerivedCaseFill.fill(connection, isMost ? .touchedMost : .touchedFew)
            try indexes.rebuild(connection)
        } else {
            try connection.execute(parts.caseRows)
        }
        try connection.execute(parts.after)
        try connection.execute("DROP TABLE IF EXISTS temp.touched_cases")
    }

    /// What writes the touched cases' rows in `refresh`.
    enum CaseRowWriter {
        /// The merged pass when many cases are touched, else the SQL.
        case bySize
        case sql
        case mergedPass
    }

    /// `refreshSQL` cut at its lines `-- BEGIN CASE ROWS` and `-- END CASE
    /// ROWS`: what comes before step 4, step 4 (the touched cases' rows),
    /// and what comes after.
    static let refreshParts: (before: String, caseRows: String, after: String)? = {
        let lines = refreshSQL.split(separator: "\n", omittingEmptySubsequences: false)
        guard let begin = lines.firstIndex(of: "-- BEGIN CASE ROWS"), let end = lines.firstIndex(of: "-- END CASE ROWS"),
              begin < end else { return nil }
        func text(_ part: ArraySlice<Substring>) -> String { part.joined(separator: "\n") }
        return (text(lines[..<begin]), text(lines[(begin + 1)..<end]), text(lines[(end + 1)...]))
    }()
}
