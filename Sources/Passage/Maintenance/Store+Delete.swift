import PassageSQLite

extension Store {
    /// A record named by kind and id.
    public struct RecordKey: Hashable, Sendable, CustomStringConvertible {
        public let kind: RecordKind
        public let id: String
        public init(_ kind: RecordKind, _ id: String) {
            self.kind = kind
            self.id = id
        }
        public var description: String { "\(kind.table) '\(id)'" }
    }

    /// Deletes records in one transaction. The audit keeps each one's
    /// previous values (action `delete`), and the derived report figures
    /// follow. Refused while other records refer to them, unless `cascade`,
    /// which deletes those too (and what refers to them, and so on).
    /// Returns every record deleted, those named first.
    @discardableResult
    public func delete(_ kind: RecordKind, ids: [String], cascade: Bool) throws -> [RecordKey] {
        var deleted: [RecordKey] = []
        try connection.transaction(.immediate) {
            var seen = Set<RecordKey>()
            var named: [RecordKey] = []
            for id in ids where seen.insert(RecordKey(kind, id)).inserted {
                guard try connection.scalarInt("SELECT 1 FROM \(kind.table) WHERE id = ?", [id]) != nil else {
                    throw PassageError.noRecord(kind: kind.table, id: TerminalText.escape(id))
                }
                named.append(RecordKey(kind, id))
            }
            // Everything that refers to the named records, and so on down.
            var queue = named
            var dependents: [RecordKey] = []
            var lookups: [String: Statement] = [:]
            while let record = queue.popLast() {
                for dependent in try referring(to: record, lookups: &lookups) where seen.insert(dependent).inserted {
                    dependents.append(dependent)
                    queue.append(dependent)
                }
            }
            for statement in lookups.values { statement.finalize() }
            if !dependents.isEmpty && !cascade {
                throw PassageError.stillReferredTo(records: named.map(\.description), referring: dependents.prefix(10).map(\.description),
                                                   more: max(0, dependents.count - 10))
            }
            try DerivedTables.beginTouching(connection)
            let touch = try DerivedTables.touchStatement(connection)
            // Later kinds first: nothing is ever left referring to a deleted record.
            let ordered = (named + dependents).enumerated().sorted { lhs, rhs in
                lhs.element.kind != rhs.element.kind ? lhs.element.kind > rhs.element.kind : lhs.offset < rhs.offset
            }.map(\.element)
            for record in ordered {
                if let column = DerivedTables.caseColumn(record.kind),
                   let caseID = try connection.scalarText("SELECT \(column) FROM \(record.kind.table) WHERE id = ?", [record.id]) {
                    try touch.reset()
                    try touch.bind([caseID])
                    _ = try touch.step()
                }
                try connection.run("DELETE FROM \(record.kind.table) WHERE id = ?", [record.id])
                if record.kind == .incidents, try Migrator.version(of: connection) >= DerivedTables.firstVersion {
                    try connection.run("DELETE FROM derived_turned_away WHERE incident_id = ?", [record.id])
                }
            }
            touch.finalize()
            try DerivedTables.refresh(connection)
            deleted = named + dependents
            return .commit
        }
        return deleted
    }

    /// The records that refer to `record` by one of their columns; each
    /// lookup statement is prepared once (`lookups`, by table and column).
    private func referring(to record: RecordKey, lookups: inout [String: Statement]) throws -> [RecordKey] {
        var found: [RecordKey] = []
        for kind in RecordKind.allCases {
            for column in kind.columns {
                guard case .reference(let target) = column.type, target == record.kind else { continue }
                let key = kind.table + "." + column.name
                // Names come from the schema, not from input.
                let statement = try lookups[key] ?? connection.prepare("SELECT id FROM \(kind.table) WHERE \(column.name) = ? ORDER BY load_id, load_row")
                lookups[key] = statement
                try statement.reset()
                try statement.bind([record.id])
                while try statement.step() { found.append(RecordKey(kind, statement.text(at: 0))) }
            }
        }
        return found
    }
}
