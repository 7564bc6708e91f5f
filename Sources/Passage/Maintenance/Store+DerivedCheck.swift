import PassageSQLite

extension Store {
    /// The derived tables whose rows differ from what the records give:
    /// one line per table, empty when they all agree. Computed afresh into
    /// temporary tables of the same names (which hide the stored ones from
    /// the refresh's SQL), then compared row by row; nothing is written to
    /// the database, so a read-only connection does it.
    public func derivedFigureProblems() throws -> [String] {
        guard try Migrator.version(of: connection) >= DerivedTables.firstVersion else { return [] }
        var problems: [String] = []
        let tables = DerivedTables.tables
        defer {
            for table in tables { try? connection.execute("DROP TABLE IF EXISTS temp.\(table)") }
            try? connection.execute("DROP TABLE IF EXISTS temp.touched_cases")
        }
        for table in tables {
            guard let sql = try connection.scalarText("SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?", [table]),
                  sql.hasPrefix("CREATE TABLE ")
            else { return ["\(table): missing from the database"] }
            try connection.execute("DROP TABLE IF EXISTS temp.\(table)")
            try connection.execute("CREATE TEMP TABLE " + sql.dropFirst("CREATE TABLE ".count))
        }
        // As a first load computes them: every case in one merged pass,
        // then the incidents and routes.
        try DerivedTables.beginTouching(connection)
        try DerivedCaseFill.fill(connection)
        try DerivedTables.refresh(connection)
        for table in tables {
            // Table names from our own list, not from input.
            let missing = try connection.scalarInt("SELECT count(*) FROM (SELECT * FROM temp.\(table) EXCEPT SELECT * FROM main.\(table))") ?? 0
            let extra = try connection.scalarInt("SELECT count(*) FROM (SELECT * FROM main.\(table) EXCEPT SELECT * FROM temp.\(table))") ?? 0
            if missing > 0 || extra > 0 {
                problems.append("\(table): \(extra) stored row\(extra == 1 ? "" : "s") the records do not give, \(missing) row\(missing == 1 ? "" : "s") missing")
            }
        }
        return problems
    }

    /// Rebuilds every derived table from the records, in one transaction.
    public func repairDerivedFigures() throws {
        guard try Migrator.version(of: connection) >= DerivedTables.firstVersion else { return }
        try connection.transaction(.immediate) {
            try DerivedTables.rebuild(connection)
            return .commit
        }
    }
}
