import PassageSQLite

extension Store {
    /// What `passage check` found.
    public struct CheckResult: Sendable {
        /// `PRAGMA integrity_check`: `["ok"]` when the file is sound.
        public var integrity: [String]
        /// `PRAGMA foreign_key_check`, one line per dangling reference.
        public var foreignKeyProblems: [String]
        /// The `data-quality` report.
        public var findings: ResultTable

        /// Whether SQLite found damage (data warnings are not damage).
        public var isDamaged: Bool { integrity != ["ok"] || !foreignKeyProblems.isEmpty }
    }

    /// Never stops at the first sign of damage: a check SQLite cannot finish
    /// on a damaged file is itself a finding, and the others still run.
    public func check() throws -> CheckResult {
        var integrity: [String]
        do {
            integrity = try connection.prepare("PRAGMA integrity_check").allRows().map { RowFormatter.plain($0[0], boolean: false) }
        } catch let error as SQLiteError {
            integrity = ["SQLite could not finish the check: \(error.message) (SQLite error \(error.extendedCode))"]
        }
        var foreignKeys: [String]
        do {
            foreignKeys = try foreignKeyProblems()
        } catch let error as SQLiteError {
            foreignKeys = ["SQLite could not finish the check: \(error.message) (SQLite error \(error.extendedCode))"]
        }
        guard let report = Report.named("data-quality") else {
            throw OpenError(description: "the data-quality report is missing from this build")
        }
        let findings: ResultTable
        do {
            findings = try run(report, parameters: [:])
        } catch let error as SQLiteError where integrity != ["ok"] {
            // A damaged file may not give its data warnings; the damage is the news.
            findings = ResultTable(columns: ["kind", "id", "problem"], rows: [[.text("database"), .text(path), .text("no data warnings: \(error.message)")]])
        }
        return CheckResult(integrity: integrity, foreignKeyProblems: foreignKeys, findings: findings)
    }

    /// One line per dangling reference, naming the record by its id. SQLite's
    /// `foreign_key_check` gives a rowid, which the record tables (WITHOUT
    /// ROWID) do not have: each failing key is looked up again by its column.
    private func foreignKeyProblems() throws -> [String] {
        var failing: [(table: String, key: Int64)] = []
        for row in try connection.prepare("PRAGMA foreign_key_check").allRows() {
            guard case .text(let table) = row[0], case .integer(let key) = row[3] else { continue }
            if !failing.contains(where: { $0.table == table && $0.key == key }) { failing.append((table, key)) }
        }
        var lines: [String] = []
        for (table, key) in failing {
            // Names from SQLite's own schema, quoted; no user value is spliced in.
            let keys = try connection.prepare("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?) WHERE id = ?")
            try keys.bind([table, key])
            guard try keys.step(), case .text(let column) = keys.row[0], case .text(let parent) = keys.row[1] else {
                lines.append("\(table): a reference (foreign key \(key)) to a missing record")
                continue
            }
            let target = keys.row[2].isNull ? "rowid" : RowFormatter.plain(keys.row[2], boolean: false)
            let hasID = try connection.scalarInt("SELECT count(*) FROM pragma_table_info(?) WHERE name = 'id'", [table]) == 1
            let statement = try connection.prepare("""
                SELECT \(hasID ? "id" : "rowid"), \(quoted(column)) FROM \(quoted(table))
                WHERE \(quoted(column)) IS NOT NULL
                  AND \(quoted(column)) NOT IN (SELECT \(quoted(target)) FROM \(quoted(parent)))
                ORDER BY 1
                """)
            while try statement.step() {
                let record = RowFormatter.plain(statement.row[0], boolean: false)
                let value = RowFormatter.plain(statement.row[1], boolean: false)
                lines.append("\(table) '\(record)': \(column) '\(value)' refers to a missing \(parent)")
            }
        }
        return lines
    }

    private func quoted(_ name: String) -> String {
        "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
