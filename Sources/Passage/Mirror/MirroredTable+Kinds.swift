extension MirroredTable {
    /// A record kind's table, made from its columns in `RecordKind`: the
    /// same names, keys, references, required values, defaults and checks
    /// (enum values, ranges, the id rule), plus the load that last wrote
    /// each record and its row there (the reports' "loaded last").
    ///
    /// A time column becomes two: `NAME timestamptz`, the instant (a date
    /// alone is local midnight in the event zone), and `NAME_date date`,
    /// set only when the value was a date alone, so nothing is lost.
    /// Personal columns are text and never NOT NULL: they stay empty unless
    /// personal values are mirrored, and hold the sealed text of a sealed
    /// database.
    init(kind: RecordKind) {
        var columns: [Column] = []
        var indexes: [String] = []
        var constraints: [String] = []
        for column in kind.columns {
            let name = column.name
            let notNull = column.isRequired && !column.isPersonal ? " NOT NULL" : ""
            let defaultValue = column.defaultValue.map { " DEFAULT " + MirroredTable.literal($0) } ?? ""
            let redacted: String? = column.isPersonal ? "NULL" : nil
            let sealed: String? = column.isPersonal ? sealedOnly(name) : nil
            // An if-chain, not a switch: a value type added later (a partial
            // date, say) is mirrored as text, which keeps it as written.
            let type = column.type
            if column.isPersonal {
                // Text whatever its type: a sealed database keeps it sealed, as text.
                columns.append(Column(name: name, definition: "text COLLATE \"C\"", source: name, redactedSource: redacted, sealedSource: sealed, isReal: false))
            } else if case .id = type {
                columns.append(Column(
                    name: name,
                    definition: "text COLLATE \"C\"\(notNull) CHECK (char_length(\(quoted(name))) BETWEEN 1 AND 64 AND \(quoted(name)) ~ '^[A-Za-z0-9._:-]+$')",
                    source: name, redactedSource: redacted, sealedSource: sealed, isReal: false))
            } else if case .integer(let minimum) = type {
                columns.append(Column(name: name, definition: "bigint\(notNull)\(defaultValue) CHECK (\(quoted(name)) >= \(minimum))",
                                      source: name, redactedSource: redacted, sealedSource: sealed, isReal: false))
            } else if case .real(let range) = type {
                columns.append(Column(
                    name: name,
                    definition: "double precision\(notNull)\(defaultValue) CHECK (\(quoted(name)) BETWEEN \(range.lowerBound) AND \(range.upperBound))",
                    source: name, redactedSource: redacted, sealedSource: sealed, isReal: true))
            } else if case .choice(let choices) = type {
                let list = choices.map(MirroredTable.literal).joined(separator: ", ")
                columns.append(Column(name: name, definition: "text COLLATE \"C\"\(notNull)\(defaultValue) CHECK (\(quoted(name)) IN (\(list)))",
                                      source: name, redactedSource: redacted, sealedSource: sealed, isReal: false))
            } else if case .time = type {
                // Stored as 'YYYY-MM-DDTHH:MM:SS±HH:MM' (PostgreSQL reads it
                // as is) or 'YYYY-MM-DD' (a date alone: local midnight).
                columns.append(Column(name: name, definition: "timestamptz\(notNull)",
                                      source: "CASE WHEN length(\(name)) = 10 THEN \(name) || 'T00:00:00' || :zone ELSE \(name) END",
                                      redactedSource: redacted, sealedSource: sealed, isReal: false))
                columns.append(Column(name: name + "_date",
                                      definition: "date CHECK (\(quoted(name + "_date")) IS NULL OR \(quoted(name)) IS NOT NULL)",
                                      source: "CASE WHEN length(\(name)) = 10 THEN \(name) END",
                                      redactedSource: redacted, sealedSource: sealed, isReal: false))
            } else if case .reference(let target) = type {
                columns.append(Column(
                    name: name,
                    definition: "text COLLATE \"C\"\(notNull)",
                    source: name, redactedSource: redacted, sealedSource: sealed, isReal: false))
                constraints.append("FOREIGN KEY (\(quoted(name))) REFERENCES \(quoted(target.table)) (id) DEFERRABLE INITIALLY DEFERRED")
                indexes.append(name)
            } else {
                columns.append(Column(name: name, definition: "text COLLATE \"C\"\(notNull)\(defaultValue)",
                                      source: name, redactedSource: redacted, sealedSource: sealed, isReal: false))
            }
        }
        columns += [
            Column(name: "load_id", definition: "bigint NOT NULL",
                   source: "load_id", redactedSource: nil, sealedSource: nil, isReal: false),
            Column(name: "load_row", definition: "bigint NOT NULL", source: "load_row", redactedSource: nil, sealedSource: nil, isReal: false),
            Column(name: "revision", definition: "bigint NOT NULL", source: "revision", redactedSource: nil, sealedSource: nil, isReal: false),
        ]
        constraints.append("FOREIGN KEY (load_id) REFERENCES loads (id) DEFERRABLE INITIALLY DEFERRED")
        self.init(name: kind.table, columns: columns, key: ["id"], constraints: constraints, changes: .records(kind), indexes: indexes)
    }

    /// A string literal of our own constants (enum values, defaults).
    static func literal(_ text: String) -> String {
        "'" + text.replacing("'", with: "''") + "'"
    }
}
