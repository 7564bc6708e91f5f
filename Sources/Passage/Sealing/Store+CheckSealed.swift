import PassageSQLite

extension Store {
    /// Opens every sealed value, of the records and of the audit's previous
    /// values, each with the table, column and id it must be bound to. One
    /// finding (`kind`, `id`, `problem`) per value that does not open (moved
    /// to another record or column, or damaged) or that is stored in clear.
    public func checkSealedValues() throws -> ResultTable {
        let sealer = try sealer()
        var findings: [[SQLiteValue]] = []
        func look(_ stored: String, table: String, column: String, id: String, kind: String, where place: String) {
            if !ValueSealer.isSealed(stored) {
                findings.append([.text(kind), .text(id), .text("\(place)\(column) is stored in clear in a sealed database")])
            } else if sealer.open(stored, table: table, column: column, id: id) == nil {
                findings.append([.text(kind), .text(id), .text("\(place)\(column) does not open: sealed for another record or column, or damaged")])
            }
        }
        try connection.transaction(.deferred) {
            for kind in RecordKind.allCases {
                let columns = Store.personalColumnIndexes[kind.ordinal].map { kind.columns[$0].name }
                guard !columns.isEmpty else { continue }
                // Names come from the schema, not from input.
                let records = try connection.prepare("SELECT id, \(columns.joined(separator: ", ")) FROM \(kind.table) ORDER BY id")
                while try records.step() {
                    let id = records.text(at: 0)
                    for (offset, column) in columns.enumerated() {
                        guard let stored = records.optionalText(at: offset + 1) else { continue }
                        look(stored, table: kind.table, column: column, id: id, kind: kind.table, where: "")
                    }
                }
                let extracts = columns.map { "json_extract(previous, '$.\($0)')" }
                let audit = try connection.prepare("SELECT id, record_id, \(extracts.joined(separator: ", ")) FROM audit WHERE kind = ? ORDER BY id")
                try audit.bind([kind.table])
                while try audit.step() {
                    let recordID = audit.text(at: 1)
                    for (offset, column) in columns.enumerated() {
                        guard let stored = audit.optionalText(at: offset + 2) else { continue }
                        look(stored, table: kind.table, column: column, id: recordID, kind: kind.table,
                             where: "the audit's previous value (audit row \(audit.int(at: 0))) of ")
                    }
                }
            }
            return .commit
        }
        return ResultTable(columns: ["kind", "id", "problem"], rows: findings)
    }
}
