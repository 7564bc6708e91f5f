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

    public func check() throws -> CheckResult {
        let integrity = try connection.prepare("PRAGMA integrity_check").allRows().map { RowFormatter.plain($0[0], boolean: false) }
        let foreignKeys = try connection.prepare("PRAGMA foreign_key_check").allRows().map { row in
            "\(RowFormatter.plain(row[0], boolean: false)) row \(RowFormatter.plain(row[1], boolean: false)) refers to a missing \(RowFormatter.plain(row[2], boolean: false))"
        }
        guard let report = Report.named("data-quality") else {
            throw OpenError(description: "the data-quality report is missing from this build")
        }
        return CheckResult(integrity: integrity, foreignKeyProblems: foreignKeys, findings: try run(report, parameters: [:]))
    }
}
