import PassageSQLite

extension Store {
    /// What `save` did to each record.
    public typealias SaveCounts = LoadSummary.Counts

    /// Saves records in one transaction, as one load (so each names the load
    /// that wrote it): validated by the same rules as files (times may be in
    /// any form of docs/data-model.md and are stored canonically), then upserted by id. Any
    /// invalid record throws its problems and nothing is saved.
    @discardableResult
    public func save(_ records: [any Record]) throws -> SaveCounts {
        var counts = SaveCounts()
        try connection.transaction(.immediate) {
            catchUpWithSealing()
            let loadID = try LoadRecord.begin(connection)
            // A sealed database's personal values are sealed here too.
            let writer = try RecordWriter(connection: connection, loadID: loadID, unlock: isSealed ? { try self.sealer() } : nil)
            let checker = ReferenceChecker(connection: connection, kindsInOrder: false)
            defer { checker.finish() }
            for (offset, record) in records.enumerated() {
                let kind = type(of: record).kind
                var values = record.storedValues
                var problems: [Problem] = []
                for (index, column) in kind.columns.enumerated() {
                    if case .text(let text) = values[index] {
                        switch ValueParser.parse(text, as: column, zone: zone) {
                        case .success(let value): values[index] = value
                        case .failure(let problem): problems.append(problem)
                        }
                    } else if case .integer(let number) = values[index], case .integer = column.type {
                        if case .failure(let problem) = ValueParser.parse(String(number), as: column, zone: zone) { problems.append(problem) }
                    }
                }
                // The same end as a file's row: defaults, required values, the rules between columns.
                RowRules.complete(kind, &values, zone: zone, into: &problems)
                if problems.isEmpty {
                    let verdict = try checker.check(kind, values)
                    problems = verdict.problems
                    if verdict.maybeRepeat, try writer.exists(kind, record.id) {
                        problems.insert(ReferenceChecker.repeatProblem(kind, record.id), at: 0)
                    }
                }
                if let problem = problems.first { throw SaveError(kind: kind, id: record.id, problem: problem) }
                checker.remember(kind, values)
                switch try writer.write(kind, values, loadRow: offset + 1) {
                case .success(.inserted): counts.inserted += 1
                case .success(.updated): counts.updated += 1
                case .success(.unchanged): counts.unchanged += 1
                case .failure(let list): throw SaveError(kind: kind, id: record.id, problem: list.problems[0])
                }
            }
            // Indexes dropped for a table that was empty are built again
            // (the refresh needs them, and they must not be lost).
            try writer.rebuildIndexes()
            // The rules of a case's members, over the case as the save leaves it.
            for record in records {
                let member = (record as? Member)?.caseID
                guard let caseID = member ?? (record as? Case)?.id else { continue }
                if let problem = try writer.memberProblems(caseID: caseID, blaming: member == nil ? "size" : "case_id").first {
                    throw SaveError(kind: type(of: record).kind, id: record.id, problem: problem)
                }
            }
            try writer.refreshDerivedTables()
            try connection.run("UPDATE loads SET finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), inserted = ?, updated = ?, unchanged = ? WHERE id = ?",
                               [counts.inserted, counts.updated, counts.unchanged, loadID])
            return .commit
        }
        return counts
    }

    /// A case's party: its category, size and children (no personal
    /// column), or nil when there is no such case.
    public func party(ofCase id: String) throws -> (category: String, size: Int, children: Int?)? {
        let statement = try connection.prepare("SELECT category, size, children FROM cases WHERE id = ?")
        try statement.bind([id])
        guard try statement.step() else { return nil }
        return (statement.text(at: 0), Int(statement.int(at: 1)), statement.optionalInt(at: 2).map { Int($0) })
    }

    /// The record of type `R` with this id, or nil.
    public func fetch<R: Record>(_ type: R.Type, id: String) throws -> R? {
        let statement = try connection.prepare("SELECT \(R.kind.columns.map(\.name).joined(separator: ", ")) FROM \(R.kind.table) WHERE id = ?")
        try statement.bind([id])
        guard try statement.step() else { return nil }
        return try R(storedValues: statement.row)
    }
}

/// A record `Store.save` refused.
public struct SaveError: Error, CustomStringConvertible {
    public let kind: RecordKind
    public let id: String
    public let problem: Problem
    public var description: String { "\(kind.table) '\(id)': \(problem)" }
}
