import PassageSQLite

/// Writes checked rows of every kind inside one open transaction: upserts
/// by id, each update leaving its audit row (`AuditTriggers`). The checks
/// that span records come first, from `ReferenceChecker`.
///
/// One writer serves one load command: it prepares each statement once and
/// reuses it for every row, and remembers the few rows the database itself
/// refused (rows that refer to them are refused too).
final class RecordWriter {
    enum Outcome: Sendable {
        case inserted, updated, unchanged
    }

    let connection: Connection
    let loadID: Int64
    /// Each kind's insert (by ordinal), prepared at its first row.
    private var writeStatements = [Statement?](repeating: nil, count: RecordKind.allCases.count)
    /// Updates of the columns that changed, by kind and set of columns.
    private var updates: [RecordKind: [ColumnSet: Statement]] = [:]
    private var existence: [RecordKind: Statement] = [:]
    private var dependentChecks: [RecordKind: Statement] = [:]
    private var storedRows: [RecordKind: Statement] = [:]
    private var memberCount: Statement?
    /// Ids of rows the checker passed but the database refused (never
    /// expected: the schema's checks are a last guard). Rows that refer to
    /// them are refused too, as the checker cannot know.
    private var refused: [RecordKind: Set<String>] = [:]
    /// Whether attempts existed before this writer: only then can a case or
    /// run update break an attempt's rule.
    private let attemptsExisted: Bool
    private let membersExisted: Bool
    /// Secondary indexes dropped for a bulk write, to be built again
    /// (faster, from sorted keys) once the rows are in.
    private var droppedIndexes = SecondaryIndexes()
    /// The audit triggers of the kinds this writer updated, set aside.
    private var auditTriggers = AuditTriggers()

    /// Kinds (by ordinal) whose table was empty when their first row came:
    /// written with plain inserts, their indexes built at the end, and every
    /// one of their rows touched for the derived tables.
    private var filledFromEmpty = [Bool](repeating: false, count: RecordKind.allCases.count)
    /// Kinds (by ordinal) written in bulk: their table was empty, or small
    /// beside what this load's files bring (`isSmall`). Their secondary
    /// indexes are built once at the end, and their cases are touched all at
    /// once then rather than row by row.
    private var inBulk = [Bool](repeating: false, count: RecordKind.allCases.count)
    /// The size in bytes of this load's files of each kind (by ordinal;
    /// zero where unknown, as for a stream).
    private let incomingBytes: [Int]
    /// Adds a case to `temp.touched_cases` (see `DerivedTables`).
    private var touch: Statement?

    /// This load's row digests (`RowDigests`): each row written or found
    /// unchanged keeps its own. Nil outside a load.
    var rowDigests: RowDigests?

    /// A sealed database's sealer, asked for at the first personal value
    /// (it may need the passphrase); nil for a database that is not sealed.
    private let unlock: (() throws -> ValueSealer)?
    private var sealer: ValueSealer?

    init(connection: Connection, loadID: Int64, incomingBytes: [Int] = [], unlock: (() throws -> ValueSealer)? = nil) throws {
        self.connection = connection
        self.loadID = loadID
        self.unlock = unlock
        self.incomingBytes = incomingBytes
        attemptsExisted = try connection.scalarInt("SELECT EXISTS (SELECT 1 FROM attempts)") == 1
        membersExisted = try Migrator.version(of: connection) >= Self.membersVersion
            && connection.scalarInt("SELECT EXISTS (SELECT 1 FROM members)") == 1
        try DerivedTables.beginTouching(connection)
    }

    /// Brings the derived tables up to date for the cases this writer
    /// touched. Call once every row is written and the indexes are built.
    func refreshDerivedTables() throws {
        touch?.finalize()
        touch = nil
        if filledFromEmpty[RecordKind.cases.ordinal] {
            // Every case is new. With no derived case rows yet (the usual
            // first load) they are all written in one merged pass, their
            // indexes sorted once afterwards, and the refresh below only has
            // the incidents and routes left to do. Else every case is touched.
            if try DerivedCaseFill.canFill(connection) {
                for table in DerivedCaseFill.tables { try droppedIndexes.drop(of: table, connection) }
                try DerivedCaseFill.fill(connection)
                try rebuildIndexes()
            } else {
                try DerivedTables.touchAll(of: .cases, connection)
            }
        } else if inBulk[RecordKind.cases.ordinal] {
            // Every case, so every attempt's and outcome's case too.
            try DerivedTables.touchAll(of: .cases, connection)
        } else {
            for kind in RecordKind.allCases where inBulk[kind.ordinal] {
                try DerivedTables.touchAll(of: kind, connection)
            }
        }
        // Turned-away incidents into an empty derived table: sort its
        // indexes once too.
        if filledFromEmpty[RecordKind.incidents.ordinal], try DerivedTables.areEmpty(["derived_turned_away"], connection) {
            try droppedIndexes.drop(of: "derived_turned_away", connection)
        }
        try DerivedTables.refresh(connection)
        try rebuildIndexes()
    }

    /// Marks a row the checker passed as refused after all (see `refused`).
    func refuse(_ kind: RecordKind, id: String?) {
        if let id { refused[kind, default: []].insert(id) }
    }

    /// Writes a row the checker passed. Returns the problems instead of
    /// writing when the row refers to a refused one or the database refuses it.
    /// `digest` is the row's `RowDigester` digest, when it keeps one.
    /// `given` names the columns the row's file has: an existing record
    /// keeps its stored values in the others.
    func write(_ kind: RecordKind, _ values: [SQLiteValue], given: ColumnSet = .all, loadRow: Int, digest: RowDigest? = nil) throws -> Result<Outcome, ProblemList> {
        guard case .text(let id) = values[ColumnIndex.id] else {
            return .failure(ProblemList([Problem(column: "id", message: "a required value is missing")]))
        }
        if !refused.isEmpty {
            var problems: [Problem] = []
            for (index, column) in kind.columns.enumerated() {
                guard case .reference(let target) = column.type, case .text(let reference) = values[index],
                      refused[target]?.contains(reference) == true else { continue }
                problems.append(Problem(column: column.name, message: "\(target.table) '\(reference)' is itself invalid in this load"))
            }
            if !problems.isEmpty {
                refuse(kind, id: id)
                return .failure(ProblemList(problems))
            }
        }
        do {
            let outcome = try upsert(kind, values, given: given, loadRow: loadRow)
            if let digest { try rowDigests?.keep(digest) }
            return .success(outcome)
        } catch let error as SQLiteError where error.code == .constraint {
            // Validation should have caught it; the database's own checks are the last guard.
            refuse(kind, id: id)
            return .failure(ProblemList([Problem(column: "id", message: "the database refused the row: \(error.message)")]))
        }
    }

    /// Whether a record of this kind and id is in the database, written by
    /// this load or before it: for an id whose hash the checker met before,
    /// this tells a repeat from two ids that share a 64-bit hash (about once
    /// in 10^7 loads of a million rows).
    func exists(_ kind: RecordKind, _ id: String) throws -> Bool {
        let statement = try cachedStatement(&existence, kind, "SELECT 1 FROM \(kind.table) WHERE id = ?")
        try statement.reset()
        try statement.bind([id])
        defer { try? statement.reset() }
        return try statement.step()
    }

    /// The row as it will stand once written: the values given, and for
    /// the columns its file lacks, those stored. Nil for a new record.
    func mergedWithStored(_ kind: RecordKind, _ values: [SQLiteValue], given: ColumnSet) throws -> [SQLiteValue]? {
        guard case .text = values[ColumnIndex.id] else { return nil }
        // A table this load filled from empty holds no earlier record.
        _ = try statement(for: kind)
        if filledFromEmpty[kind.ordinal] { return nil }
        guard let stored = try storedRow(kind, values[ColumnIndex.id]) else { return nil }
        var merged = values
        for index in merged.indices where !given.contains(index) { merged[index] = stored[index] }
        return merged
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
    /// What breaks the rules of a case's members (at most `size` members,
    /// at most one principal) in the case as it stands now: asked once the
    /// whole command is written, so members that arrive over several loads,
    /// or a size that shrinks, are judged together. `column` is the column
    /// to blame: `size` for a case's row, `case_id` for a member's.
    func memberProblems(caseID: String, blaming column: String) throws -> [Problem] {
        if memberCount == nil {
            memberCount = try connection.prepare("""
                SELECT c.size, count(m.id), count(CASE WHEN m.relationship = 'principal' THEN 1 END)
                FROM cases AS c LEFT JOIN members AS m ON m.case_id = c.id WHERE c.id = ? GROUP BY c.id
                """)
        }
        let statement = memberCount!
        try statement.reset()
        try statement.bind([caseID])
        defer { try? statement.reset() }
        guard try statement.step() else { return [] }
        let size = statement.int(at: 0), members = statement.int(at: 1), principals = statement.int(at: 2)
        var problems: [Problem] = []
        if members > size {
            problems.append(Problem(column: column, message: column == "size"
                ? "case '\(caseID)' has \(members) members, more than a party of \(size) (at most size members)"
                : "case '\(caseID)' would have \(members) members, more than its party of \(size) (at most size members)"))
        }
        if principals > 1 {
            problems.append(Problem(column: column == "size" ? column : "relationship",
                                    message: "case '\(caseID)' would have \(principals) principals (at most one)"))
        }
        return problems
    }

    /// Whether members existed before this writer: only then can a case's
    /// update break the rules of its members.
    var membersMayBreak: Bool { membersExisted }
    /// The schema version that has the members table.
    static let membersVersion = 6

    private func cachedStatement(_ cache: inout [RecordKind: Statement], _ kind: RecordKind, _ sql: @autoclosure () -> String) throws -> Statement {
        if let statement = cache[kind] { return statement }
        let statement = try connection.prepare(sql())
        cache[kind] = statement
        return statement
    }

    // MARK: Upsert

    /// An existing record is read by id and updated only in the columns
    /// whose values differ, never deleted and inserted again: its audit
    /// row keeps the previous values (the update trigger's own row, written
    /// by the writer: `AuditTriggers`), and `revision` counts up. An index
    /// whose columns did not change is left as it was (SQLite rewrites the
    /// entries of every index on a column an UPDATE sets, even to the same
    /// value): a reload that edits a note in every hundredth row then
    /// writes the table's pages, not also every index's.
    ///
    /// `OR FAIL`, with the trigger set aside, spares SQLite a statement
    /// journal per row: the checks of a one-row statement all run before it
    /// writes, so there is never half a row to undo. (During a load foreign
    /// keys are not enforced per row: the reference checker has made the
    /// same checks; see `Loader.load`.)
    ///
    /// Only the columns in `given` are compared and updated: a column the
    /// file does not have keeps its stored value. A new record gets every
    /// value bound, which is "not known" or the default for those.
    static func updateSQL(_ kind: RecordKind, columns: ColumnSet) -> String {
        let names = kind.columns.map(\.name)
        let assignments = names.indices.filter { columns.contains($0) }.map { "\(names[$0]) = ?" }
            + ["load_id = ?", "load_row = ?", "revision = revision + 1"]
        return "UPDATE OR FAIL \(kind.table) SET \(assignments.joined(separator: ", ")) WHERE id = ?"
    }

    /// A plain insert: for a new record, and for kinds whose table was
    /// empty when the load began (every row is new; a repeated id is caught
    /// before it gets here).
    static func insertSQL(_ kind: RecordKind) -> String {
        let names = kind.columns.map(\.name)
        let placeholders = Array(repeating: "?", count: names.count + 2).joined(separator: ", ")
        return "INSERT OR FAIL INTO \(kind.table) (\(names.joined(separator: ", ")), load_id, load_row) VALUES (\(placeholders))"
    }

    /// Whether a stored value and a new one are the same to SQLite's `IS`
    /// (text and blobs byte for byte, as the BINARY collation compares:
    /// Swift's `==` on strings would take canonically equivalent ones for one).
    static func isSame(_ stored: SQLiteValue, _ new: SQLiteValue) -> Bool {
        switch (stored, new) {
        case (.null, .null): true
        case (.integer(let a), .integer(let b)): a == b
        case (.real(let a), .real(let b)): a == b
        case (.integer(let a), .real(let b)), (.real(let b), .integer(let a)): Double(a) == b && Int64(exactly: b) == a
        case (.text(let a), .text(let b)): a.utf8.elementsEqual(b.utf8)
        case (.blob(let a), .blob(let b)): a == b
        default: false
        }
    }

    /// The row with its personal values sealed, bound to its table, column
    /// and id. The same value seals to the same text (`ValueSealer`), so the
    /// upsert still sees an unchanged row as unchanged.
    private func sealed(_ kind: RecordKind, _ values: [SQLiteValue]) throws -> [SQLiteValue] {
        guard let unlock, case .text(let id) = values[0] else { return values }
        var values = values
        for index in Store.personalColumnIndexes[kind.ordinal] {
            guard case .text(let text) = values[index] else { continue }
            if sealer == nil { sealer = try unlock() }
            values[index] = .text(sealer!.seal(text, table: kind.table, column: kind.columns[index].name, id: id))
        }
        return values
    }

    private func upsert(_ kind: RecordKind, _ values: [SQLiteValue], given: ColumnSet, loadRow: Int) throws -> Outcome {
        let values = try sealed(kind, values)
        let insert = try statement(for: kind)
        let outcome: Outcome
        if !filledFromEmpty[kind.ordinal], let stored = try storedRow(kind, values[ColumnIndex.id]) {
            var changed = ColumnSet.none
            for index in values.indices.dropFirst() where given.contains(index) && !Self.isSame(stored[index], values[index]) {
                changed.insert(index)
            }
            guard changed != .none else { return .unchanged }
            let update = try updateStatement(kind, columns: changed)
            try update.reset()
            var place = 1
            for index in values.indices where changed.contains(index) {
                try update.bind(values[index], at: place)
                place += 1
            }
            try update.bind(.integer(loadID), at: place)
            try update.bind(.integer(Int64(loadRow)), at: place + 1)
            try update.bind(values[ColumnIndex.id], at: place + 2)
            // The audit row as the trigger would write it: the values before,
            // the row once the update is made (a refused update leaves none).
            let previous = try auditTriggers.previousValues(ofUpdateOf: kind, id: values[ColumnIndex.id], connection)
            _ = try update.step()
            if let previous { try auditTriggers.writeRow(previous, of: kind, loadID: loadID) }
            outcome = .updated
        } else {
            try insert.reset()
            try insert.bind(.integer(loadID), at: values.count + 1)
            try insert.bind(.integer(Int64(loadRow)), at: values.count + 2)
            try insert.run(binding: values, from: 1)
            outcome = .inserted
        }
        if outcome != .unchanged, !inBulk[kind.ordinal], let column = DerivedTables.caseColumnIndexes[kind.ordinal] {
            if touch == nil { touch = try DerivedTables.touchStatement(connection) }
            try touch!.reset()
            try touch!.bind(values[column], at: 1)
            try touch!.step()
        }
        return outcome
    }

    private func updateStatement(_ kind: RecordKind, columns: ColumnSet) throws -> Statement {
        if let statement = updates[kind]?[columns] { return statement }
        let statement = try connection.prepare(Self.updateSQL(kind, columns: columns))
        updates[kind, default: [:]][columns] = statement
        return statement
    }

    /// The stored values of a record, in its kind's column order; nil when
    /// there is none.
    private func storedRow(_ kind: RecordKind, _ id: SQLiteValue) throws -> [SQLiteValue]? {
        // Names from the schema, not from input.
        let statement = try cachedStatement(&storedRows, kind, "SELECT \(kind.columns.map(\.name).joined(separator: ", ")) FROM \(kind.table) WHERE id = ?")
        try statement.reset()
        try statement.bind(id, at: 1)
        defer { try? statement.reset() }
        return try statement.step() ? statement.row : nil
    }

    /// The kind's insert, prepared at its first row, when whether its table
    /// is empty (every row new, none read first) and whether it is written
    /// in bulk are decided. The secondary indexes of a table written in bulk
    /// are built at the end.
    private func statement(for kind: RecordKind) throws -> Statement {
        if let statement = writeStatements[kind.ordinal] { return statement }
        let empty = try connection.scalarInt("SELECT NOT EXISTS (SELECT 1 FROM \(kind.table))") == 1
        filledFromEmpty[kind.ordinal] = empty
        inBulk[kind.ordinal] = try empty || isSmall(kind)
        if inBulk[kind.ordinal] { try droppedIndexes.drop(of: kind.table, connection) }
        let statement = try connection.prepare(Self.insertSQL(kind))
        writeStatements[kind.ordinal] = statement
        return statement
    }

    /// Whether the kind's table holds fewer rows than a tenth of what this
    /// load's files may bring (at a generous 100 bytes a row): then sorting
    /// its indexes once, at the end, costs less than keeping them in order
    /// row by row. A few records before a big first file (a demo, a test
    /// entry) must not make that file's load three times slower.
    private func isSmall(_ kind: RecordKind) throws -> Bool {
        let bytes = kind.ordinal < incomingBytes.count ? incomingBytes[kind.ordinal] : 0
        let limit = bytes / 1000
        guard limit > 0 else { return false }
        // Counts at most limit + 1 rows: a big table is not scanned.
        let rows = try connection.scalarInt("SELECT count(*) FROM (SELECT 1 FROM \(kind.table) LIMIT ?)", [limit + 1]) ?? 0
        return rows <= limit
    }
}

extension RecordWriter {
    /// Puts back what the writes set aside: the audit triggers of the
    /// kinds updated, and the indexes dropped for bulk writes, built again.
    /// Must run once the records are written, before anything that needs
    /// them and before the commit.
    func rebuildIndexes() throws {
        try auditTriggers.restore(connection)
        try droppedIndexes.rebuild(connection)
    }
}

/// Which of a kind's columns a row gives, by index (a kind has at most 64).
struct ColumnSet: Hashable, Sendable {
    var bits: UInt64
    static let all = ColumnSet(bits: .max)
    static let none = ColumnSet(bits: 0)

    func contains(_ index: Int) -> Bool { bits & (1 << UInt64(index)) != 0 }
    mutating func insert(_ index: Int) { bits |= 1 << UInt64(index) }
    func containsAll(of kind: RecordKind) -> Bool {
        let count = kind.columns.count
        let mask: UInt64 = count >= 64 ? .max : (1 << UInt64(count)) - 1
        return bits & mask == mask
    }
}

/// The problems of one row.
public struct ProblemList: Error, Sendable, CustomStringConvertible {
    public let problems: [Problem]
    init(_ problems: [Problem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "; ") }
}
