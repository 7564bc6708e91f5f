import PassageSQLite

/// Writes validated rows of every kind inside one open transaction: checks
/// references and the §1 rules that span records, then upserts by id.
///
/// One writer serves one load command: it prepares each statement once and
/// reuses it for every row, remembers the ids it has seen (a second
/// occurrence is an error) and rejected (rows that depend on them are
/// rejected too), and caches the few facts it looks up about referenced
/// records (a case's size, a run's route).
final class RecordWriter {
    enum Outcome: Sendable {
        case inserted, updated, unchanged
    }

    let connection: Connection
    let loadID: Int64
    private var upserts: [RecordKind: Statement] = [:]
    private var inserts: [RecordKind: Statement] = [:]
    /// Whether each kind's table held no records before this writer's first row of it.
    private var emptyAtStart: [RecordKind: Bool] = [:]
    private var lookups: [RecordKind: Statement] = [:]
    /// What a lookup returns for an id: the case's size, the run's route, or 1.
    private var known: [RecordKind: [String: SQLiteValue]] = [:]
    /// Hashes of the ids written so far of the kind being loaded (kinds come
    /// one after another, so one set at a time): 8 bytes a row, not a string.
    private var seen: Set<Int> = []
    private var seenKind: RecordKind?
    private(set) var rejected: [RecordKind: Set<String>] = [:]
    /// Whether attempts existed before this writer: only then can a case or
    /// run update break an attempt's rule.
    private let attemptsExisted: Bool
    private static let cacheLimit = 50_000

    init(connection: Connection, loadID: Int64) throws {
        self.connection = connection
        self.loadID = loadID
        attemptsExisted = try connection.scalarInt("SELECT EXISTS (SELECT 1 FROM attempts)") == 1
        // References are checked row by row above; SQLite checks them again
        // at COMMIT, which fails the whole transaction if one slipped through.
        try connection.execute("PRAGMA defer_foreign_keys = ON")
    }

    /// Marks a row as rejected, so rows that refer to it are rejected too.
    func reject(_ kind: RecordKind, id: String?) {
        if let id { rejected[kind, default: []].insert(id) }
    }

    /// Checks the row against other records and writes it. Returns the
    /// problems instead of writing when there are any.
    func write(_ kind: RecordKind, _ values: [SQLiteValue], loadRow: Int) throws -> Result<Outcome, ProblemList> {
        guard case .text(let id) = values[0] else {
            return .failure(ProblemList([Problem(column: "id", message: "a required value is missing")]))
        }
        var problems: [Problem] = []
        var repeated = false
        if seenKind != kind {
            seen = []
            seenKind = kind
        }
        if !seen.insert(id.hashValue).inserted, try isDuplicate(kind, id) {
            repeated = true
            problems.append(Problem(column: "id", message: "\(kind.table) id '\(id)' appears more than once in this load"))
        }
        try checkReferences(kind, values, into: &problems)
        guard problems.isEmpty else {
            // A repeated id leaves its first row standing: rows that refer
            // to that id are not rejected with the repeat.
            if !repeated { reject(kind, id: id) }
            return .failure(ProblemList(problems))
        }
        let outcome: Outcome
        do {
            outcome = try upsert(kind, values, loadRow: loadRow)
        } catch let error as SQLiteError where error.code == .constraint {
            // Validation should have caught it; the database's own checks are the last guard.
            reject(kind, id: id)
            return .failure(ProblemList([Problem(column: "id", message: "the database refused the row: \(error.message)")]))
        }
        if known[kind] != nil { known[kind]![id] = Self.fact(kind, values) }
        return .success(outcome)
    }

    // MARK: References

    private func checkReferences(_ kind: RecordKind, _ values: [SQLiteValue], into problems: inout [Problem]) throws {
        for (index, column) in kind.columns.enumerated() {
            guard case .reference(let target) = column.type, case .text(let id) = values[index] else { continue }
            if rejected[target]?.contains(id) == true {
                problems.append(Problem(column: column.name, message: "\(target.table) '\(id)' is itself invalid in this load"))
            } else if try lookup(target, id) == nil {
                problems.append(Problem(column: column.name, message: "no \(target.table) with id '\(id)' in the database or this load"))
            }
        }
        switch kind {
        case .attempts:
            // people ≤ the case's size; the escort run on the attempt's own route.
            if case .text(let caseID) = values[1], case .integer(let people) = values[6],
               case .integer(let size)? = try lookup(.cases, caseID), people > size {
                problems.append(Problem(column: "people", message: "\(people) people, but case '\(caseID)' has a party of \(size)"))
            }
            if case .text(let runID) = values[5], case .text(let routeID) = values[2],
               case .text(let runRoute)? = try lookup(.escortRuns, runID), runRoute != routeID {
                problems.append(Problem(column: "escort_run_id", message: "escort run '\(runID)' is on route '\(runRoute)', not the attempt's route '\(routeID)'"))
            }
        default:
            break
        }
    }

    /// Whether an update of this kind can break attempts that were already
    /// in the database (a case's size, a run's route).
    func mayBreakAttempts(_ kind: RecordKind) -> Bool {
        attemptsExisted && (kind == .cases || kind == .escortRuns)
    }

    /// What an updated case or run breaks in the attempts that refer to it,
    /// as they stand now. Asked once the whole command is written, so that
    /// attempts changed by the same command count with their new values.
    func dependentProblems(_ kind: RecordKind, id: String) throws -> [Problem] {
        var problems: [Problem] = []
        switch kind {
        case .cases:
            let statement = try cachedStatement(&dependentChecks, kind, "SELECT a.id, a.people FROM attempts AS a JOIN cases AS c ON c.id = a.case_id WHERE a.case_id = ? AND a.people > c.size LIMIT 1")
            try statement.reset()
            try statement.bind([id])
            if try statement.step() {
                problems.append(Problem(column: "size", message: "attempt '\(statement.text(at: 0))' already counts \(statement.int(at: 1)) people of this case"))
            }
        case .escortRuns:
            let statement = try cachedStatement(&dependentChecks, kind, "SELECT a.id, a.route_id FROM attempts AS a JOIN escort_runs AS r ON r.id = a.escort_run_id WHERE a.escort_run_id = ? AND a.route_id <> r.route_id LIMIT 1")
            try statement.reset()
            try statement.bind([id])
            if try statement.step() {
                problems.append(Problem(column: "route_id", message: "attempt '\(statement.text(at: 0))' on route '\(statement.text(at: 1))' already uses this escort run"))
            }
        default:
            break
        }
        return problems
    }
    private var dependentChecks: [RecordKind: Statement] = [:]

    /// Whether an id whose hash was seen before in this load really came
    /// before. If it did, its record exists (written or left unchanged) or
    /// it was rejected; if neither, two different ids share a 64-bit hash
    /// (about once in 10^7 loads of a million rows) and it is not a duplicate.
    private func isDuplicate(_ kind: RecordKind, _ id: String) throws -> Bool {
        if rejected[kind]?.contains(id) == true { return true }
        let statement = try cachedStatement(&existence, kind, "SELECT 1 FROM \(kind.table) WHERE id = ?")
        try statement.reset()
        try statement.bind([id])
        defer { try? statement.reset() }
        return try statement.step()
    }
    private var existence: [RecordKind: Statement] = [:]

    /// What the database (or this load) knows of `id`: nil when it does not exist.
    private func lookup(_ kind: RecordKind, _ id: String) throws -> SQLiteValue? {
        if let fact = known[kind]?[id] { return fact }
        let column = switch kind {
        case .cases: "size"
        case .escortRuns: "route_id"
        default: "1"
        }
        let statement = try cachedStatement(&lookups, kind, "SELECT \(column) FROM \(kind.table) WHERE id = ?")
        try statement.reset()
        try statement.bind([id])
        guard try statement.step() else { return nil }
        let fact = statement.value(at: 0)
        try statement.reset()
        if known[kind, default: [:]].count >= Self.cacheLimit { known[kind] = [:] }
        known[kind, default: [:]][id] = fact
        return fact
    }

    private static func fact(_ kind: RecordKind, _ values: [SQLiteValue]) -> SQLiteValue {
        switch kind {
        case .cases: values[3]
        case .escortRuns: values[1]
        default: .integer(1)
        }
    }

    private func cachedStatement(_ cache: inout [RecordKind: Statement], _ kind: RecordKind, _ sql: @autoclosure () -> String) throws -> Statement {
        if let statement = cache[kind] { return statement }
        let statement = try connection.prepare(sql())
        cache[kind] = statement
        return statement
    }

    // MARK: Upsert

    /// INSERT … ON CONFLICT DO UPDATE, never delete + insert: the update
    /// trigger keeps the previous values in `audit`. The update happens only
    /// when a value differs, and then counts `revision` up.
    ///
    /// `OR FAIL` (with foreign keys deferred to the commit, see `init`) spares
    /// SQLite a statement journal per row: the checks of a one-row insert all
    /// run before it writes, so there is never half a row to undo.
    static func upsertSQL(_ kind: RecordKind) -> String {
        let names = kind.columns.map(\.name)
        let table = kind.table
        let placeholders = Array(repeating: "?", count: names.count + 2).joined(separator: ", ")
        let assignments = names.dropFirst().map { "\($0) = excluded.\($0)" }
            + ["load_id = excluded.load_id", "load_row = excluded.load_row", "revision = \(table).revision + 1"]
        let changed = names.dropFirst().map { "\(table).\($0) IS NOT excluded.\($0)" }
        return """
            INSERT OR FAIL INTO \(table) (\(names.joined(separator: ", ")), load_id, load_row) VALUES (\(placeholders))
            ON CONFLICT (id) DO UPDATE SET \(assignments.joined(separator: ", "))
            WHERE \(changed.joined(separator: " OR "))
            """
    }

    /// A plain insert, for kinds whose table was empty when the load began:
    /// every row is new (a repeated id is caught before it gets here).
    static func insertSQL(_ kind: RecordKind) -> String {
        let names = kind.columns.map(\.name)
        let placeholders = Array(repeating: "?", count: names.count + 2).joined(separator: ", ")
        return "INSERT OR FAIL INTO \(kind.table) (\(names.joined(separator: ", ")), load_id, load_row) VALUES (\(placeholders))"
    }

    private func upsert(_ kind: RecordKind, _ values: [SQLiteValue], loadRow: Int) throws -> Outcome {
        if emptyAtStart[kind] == nil {
            emptyAtStart[kind] = try connection.scalarInt("SELECT NOT EXISTS (SELECT 1 FROM \(kind.table))") == 1
        }
        let statement = emptyAtStart[kind] == true
            ? try cachedStatement(&inserts, kind, Self.insertSQL(kind))
            : try cachedStatement(&upserts, kind, Self.upsertSQL(kind))
        try statement.reset()
        for (offset, value) in values.enumerated() {
            try statement.bind(value, at: offset + 1)
        }
        try statement.bind(.integer(loadID), at: values.count + 1)
        try statement.bind(.integer(Int64(loadRow)), at: values.count + 2)
        // No RETURNING: SQLite builds an ephemeral table per row for it.
        // An insert changes one row; an update also writes its audit row
        // through the trigger, which total changes count too.
        let before = connection.totalChanges
        try statement.step()
        switch connection.totalChanges - before {
        case 0: return .unchanged
        case 1: return .inserted
        default: return .updated
        }
    }
}

/// The problems of one row.
public struct ProblemList: Error, Sendable, CustomStringConvertible {
    public let problems: [Problem]
    init(_ problems: [Problem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "; ") }
}
