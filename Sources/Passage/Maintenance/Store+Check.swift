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
        /// Why the data warnings could not be read (a damaged file); nil when they were.
        public var findingsError: String?

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
            throw PassageError.missingReport("data-quality")
        }
        var findings = ResultTable(columns: ["kind", "id", "problem"], rows: [])
        var findingsError: String?
        do {
            findings = try run(report, parameters: [:])
        } catch let error as SQLiteError where integrity != ["ok"] {
            // A damaged file may not give its data warnings; the damage is the news.
            findingsError = "\(error.message) (SQLite error \(error.extendedCode))"
        }
        return CheckResult(integrity: integrity, foreignKeyProblems: foreignKeys, findings: findings, findingsError: findingsError)
    }

    /// One line per dangling reference, naming the record by its key.
    /// SQLite's `foreign_key_check` gives a rowid, which the WITHOUT ROWID
    /// tables do not have: each failing key is looked up again by its
    /// column. A key that cannot be listed keeps SQLite's own line.
    private func foreignKeyProblems() throws -> [String] {
        var failing: [(table: String, key: Int64, parent: String)] = []
        for row in try connection.prepare("PRAGMA foreign_key_check").allRows() {
            guard case .text(let table) = row[0], case .integer(let key) = row[3] else { continue }
            if !failing.contains(where: { $0.table == table && $0.key == key }) {
                failing.append((table, key, RowFormatter.plain(row[2], boolean: false)))
            }
        }
        var lines: [String] = []
        for (table, key, parent) in failing {
            let found = (try? danglingReferences(table: table, foreignKey: key)) ?? []
            lines += found.isEmpty ? ["\(table): a reference to a missing \(parent) (foreign key \(key))"] : found
        }
        return lines
    }

    private func danglingReferences(table: String, foreignKey key: Int64) throws -> [String] {
        // Names from SQLite's own schema, quoted; no user value is spliced in.
        let keys = try connection.prepare("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?) WHERE id = ?")
        try keys.bind([table, key])
        guard try keys.step(), case .text(let column) = keys.row[0], case .text(let parent) = keys.row[1] else { return [] }
        let target = keys.row[2].isNull ? "rowid" : RowFormatter.plain(keys.row[2], boolean: false)
        let columns = try connection.prepare("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk")
        try columns.bind([table])
        let primaryKey = try columns.allRows().map { RowFormatter.plain($0[0], boolean: false) }
        let named = primaryKey.isEmpty ? ["rowid"] : primaryKey
        let statement = try connection.prepare("""
            SELECT \(quoted(column)), \(named.map(quoted).joined(separator: ", ")) FROM \(quoted(table))
            WHERE \(quoted(column)) IS NOT NULL
              AND \(quoted(column)) NOT IN (SELECT \(quoted(target)) FROM \(quoted(parent)))
            ORDER BY 2
            """)
        var lines: [String] = []
        while try statement.step() {
            let value = RowFormatter.plain(statement.row[0], boolean: false)
            let record = statement.row.dropFirst().map { RowFormatter.plain($0, boolean: false) }.joined(separator: "/")
            lines.append("\(table) '\(record)': \(column) '\(value)' refers to a missing \(parent)")
        }
        return lines
    }

    private func quoted(_ name: String) -> String {
        "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
