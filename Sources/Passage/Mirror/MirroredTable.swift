/// One table of the mirror: its PostgreSQL columns, each with the SQLite
/// expression that gives its value, so the DDL and the rows come from one
/// description. Record tables are made from `RecordKind` (a new kind is
/// mirrored with no code of its own); the load and audit tables are listed
/// here.
struct MirroredTable {
    struct Column {
        /// The PostgreSQL column.
        let name: String
        /// Its type and constraints, without the name.
        let definition: String
        /// The SQLite expression for its value, over the table's own columns;
        /// `:zone` is the event zone.
        let source: String
        /// The expression when personal values are not mirrored: NULL for a
        /// personal column, the audit's previous values without the
        /// personal ones; nil when `source` holds nothing personal.
        let redactedSource: String?
        /// The expression for a sealed database: only values in the sealed
        /// form pass (anything else is sent as NULL, never in clear); nil
        /// when `source` holds nothing personal.
        let sealedSource: String?
        /// A REAL column, read as a double and written in full (SQLite's own
        /// text for a double keeps only 15 digits).
        let isReal: Bool
    }

    /// Which rows a run sends.
    enum Changes {
        /// Records: written by a load after the last one sent, or updated
        /// (audit `update`) since the last audit row sent.
        case records(RecordKind)
        /// Rows whose `column` is above the last load sent.
        case afterLoad(column: String)
        /// Audit rows after the last one sent.
        case afterAudit
    }

    let name: String
    let columns: [Column]
    let key: [String]
    /// The table's foreign keys (`FOREIGN KEY (…) REFERENCES …`), deferred
    /// to the commit.
    let constraints: [String]
    let changes: Changes
    /// The columns to index in PostgreSQL (references, for the reports' joins).
    let indexes: [String]

    /// The SQLite text for this table's rows: every column's value in order,
    /// filtered to what changed unless `everything`. A record table is
    /// scanned whole for `load_id` only when a later load may have inserted
    /// into it (`mayHaveInserts`): an update always leaves an audit row, so
    /// otherwise the audit names every changed record and the query looks
    /// each one up by its key.
    func sourceQuery(everything: Bool, personal: MirroredPersonalValues, mayHaveInserts: Bool = true) -> String {
        let values = columns.map { column in
            switch personal {
            case .clear: column.source
            case .omitted: column.redactedSource ?? column.source
            case .sealed: column.sealedSource ?? column.source
            }
        }
        var sql = "SELECT \(values.joined(separator: ", ")) FROM \(name)"
        if !everything {
            switch changes {
            case .records(let kind):
                // `+kind`: the audit is read by its id range (the rows since
                // the last run), not through its index on kind (every row
                // of the kind, ever).
                let updated = "SELECT record_id FROM audit WHERE id > :audit AND +kind = '\(kind.table)' AND action = 'update'"
                sql += mayHaveInserts ? " WHERE load_id > :load OR id IN (\(updated))" : " WHERE id IN (\(updated))"
            case .afterLoad(let column):
                sql += " WHERE \(column) > :load"
            case .afterAudit:
                sql += " WHERE id > :audit"
            }
        }
        return sql + " ORDER BY " + key.joined(separator: ", ")
    }

    /// `CREATE TABLE` with its columns, checks and primary key, for the
    /// current search_path (the mirror's schema).
    var createStatement: String {
        let lines = columns.map { "    \(quoted($0.name)) \($0.definition)" }
            + ["    PRIMARY KEY (\(key.map(quoted).joined(separator: ", ")))"]
        return "CREATE TABLE \(quoted(name)) (\n\(lines.joined(separator: ",\n"))\n)"
    }

    /// The foreign keys and indexes of a table made by this run, added once
    /// every table is filled: one validating join and one sorted build each,
    /// where keys in place during `COPY` cost a queued check and an index
    /// entry per row (a first mirror of 200,000 cases spent most of its time
    /// on them).
    var completingStatements: [String] {
        constraints.map { "ALTER TABLE \(quoted(name)) ADD \($0)" }
            + indexes.map { "CREATE INDEX \(quoted(name + "_by_" + $0)) ON \(quoted(name)) (\(quoted($0)))" }
    }
}

/// `expression` when it is a sealed value's stored text, else NULL: what a
/// sealed database sends, so a value that is somehow not sealed never
/// leaves in clear. GLOB, unlike LIKE, is case-sensitive.
func sealedOnly(_ expression: String) -> String {
    "CASE WHEN \(expression) GLOB '\(ValueSealer.prefix)*' THEN \(expression) END"
}

/// A PostgreSQL identifier in double quotes (names here are our own:
/// lowercase letters, digits and underscores).
func quoted(_ identifier: String) -> String {
    "\"" + identifier.replacing("\"", with: "\"\"") + "\""
}

extension MirroredTable {
    /// Every table of the mirror in the order a run fills them: loads first,
    /// records in dependency order (references resolve as they arrive;
    /// the foreign keys are deferred anyway), the audit last.
    static var all: [MirroredTable] {
        bookkeeping + RecordKind.allCases.sorted().map(MirroredTable.init(kind:)) + [audit]
    }

    static let bookkeeping: [MirroredTable] = [
        MirroredTable(
            name: "loads",
            columns: [
                plain("id", "bigint NOT NULL"),
                plain("started_at", "timestamptz NOT NULL"),
                plain("finished_at", "timestamptz"),
                plain("inserted", "bigint NOT NULL"),
                plain("updated", "bigint NOT NULL"),
                plain("unchanged", "bigint NOT NULL"),
                plain("rejected", "bigint NOT NULL"),
            ],
            key: ["id"], constraints: [], changes: .afterLoad(column: "id"), indexes: []),
        MirroredTable(
            name: "load_files",
            columns: [
                plain("load_id", "bigint NOT NULL"),
                plain("position", "bigint NOT NULL"),
                plain("path", "text NOT NULL"),
                plain("kind", "text COLLATE \"C\" NOT NULL"),
                plain("sha256", "text NOT NULL"),
                plain("bytes", "bigint NOT NULL"),
                plain("rows", "bigint NOT NULL"),
            ],
            key: ["load_id", "position"],
            constraints: ["FOREIGN KEY (load_id) REFERENCES loads (id) DEFERRABLE INITIALLY DEFERRED"],
            changes: .afterLoad(column: "load_id"), indexes: []),
        MirroredTable(
            name: "load_counts",
            columns: [
                plain("load_id", "bigint NOT NULL"),
                plain("kind", "text COLLATE \"C\" NOT NULL"),
                plain("inserted", "bigint NOT NULL"),
                plain("updated", "bigint NOT NULL"),
                plain("unchanged", "bigint NOT NULL"),
                plain("rejected", "bigint NOT NULL"),
            ],
            key: ["load_id", "kind"],
            constraints: ["FOREIGN KEY (load_id) REFERENCES loads (id) DEFERRABLE INITIALLY DEFERRED"],
            changes: .afterLoad(column: "load_id"), indexes: []),
    ]

    /// The audit, with each personal value of `previous` set to null unless
    /// personal values are mirrored (in a sealed database: unless sealed).
    static var audit: MirroredTable {
        func replacing(_ value: (String) -> String) -> String {
            let cases = RecordKind.allCases.compactMap { kind -> String? in
                let paths = kind.columns.filter(\.isPersonal).map { "'$.\($0.name)', \(value("'$.\($0.name)'"))" }
                guard !paths.isEmpty else { return nil }
                return "WHEN '\(kind.table)' THEN json_replace(previous, \(paths.joined(separator: ", ")))"
            }
            return "CASE kind \(cases.joined(separator: " ")) ELSE previous END"
        }
        let redacted = replacing { _ in "NULL" }
        let sealed = replacing { path in sealedOnly("json_extract(previous, \(path))") }
        return MirroredTable(
            name: "audit",
            columns: [
                plain("id", "bigint NOT NULL"),
                plain("kind", "text COLLATE \"C\" NOT NULL"),
                plain("record_id", "text COLLATE \"C\" NOT NULL"),
                plain("action", "text NOT NULL CHECK (action IN ('update', 'delete'))"),
                Column(name: "previous", definition: "jsonb NOT NULL", source: "previous", redactedSource: redacted, sealedSource: sealed, isReal: false),
                plain("load_id", "bigint"),
                plain("changed_at", "timestamptz NOT NULL"),
            ],
            key: ["id"],
            constraints: ["FOREIGN KEY (load_id) REFERENCES loads (id) DEFERRABLE INITIALLY DEFERRED"],
            changes: .afterAudit, indexes: ["record_id"])
    }

    private static func plain(_ name: String, _ definition: String) -> Column {
        Column(name: name, definition: definition, source: name, redactedSource: nil, sealedSource: nil, isReal: false)
    }
}
