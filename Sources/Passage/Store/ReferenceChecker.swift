import PassageSQLite

/// Checks rows against other records, before they are written: an id met
/// twice in one load, references to records that exist neither in the
/// database nor earlier in the load, and the rules that span records (an
/// attempt's people within its case's size, its escort run on its route).
///
/// The loader runs it on its reading thread with a read-only connection of
/// its own, which sees the database as it was before the load (the load's
/// transaction is not committed); ids of the load itself it knows from the
/// rows it has passed. `Store.save` runs it on the writer's connection. A
/// database being built (`Store.isBeingBuilt`) held no record before the
/// load: there is nothing to ask, and no connection.
final class ReferenceChecker {
    /// What the checker says of a row.
    struct Verdict {
        var problems: [Problem] = []
        /// The id's hash was met before in this load and the row may repeat
        /// it: only the writer's connection can tell (`RecordWriter.exists`).
        var maybeRepeat = false
    }

    /// The read-only connection (nil for a database being built).
    private let connection: Connection?
    private var lookups: [RecordKind: Statement] = [:]
    /// What a lookup returned for ids already in the database before this
    /// load: the case's size, the run's route, or 1. Bounded.
    private var known: [RecordKind: [String: SQLiteValue]] = [:]
    /// Hashes of the ids met so far in this load, per kind (by ordinal):
    /// about 12 bytes a row, not a string. An id met and not rejected is
    /// written (or unchanged), so a reference to it needs no query. The
    /// cases' table also keeps each case's size (0: not known here).
    private var seen = RecordKind.allCases.map(ReferenceChecker.emptySeen)
    /// This load's runs' routes, by id hash (the rule on attempts needs them).
    private var runRoutes: [Int: String] = [:]
    /// This load's decisions on pairs of cases: the pair (`A\u{0}B`) to its id.
    private var linkPairs: [String: String] = [:]
    private var pairLookup: Statement?
    private var currentKind: RecordKind?
    /// Ids of rows rejected in this load: rows that refer to them are
    /// rejected too.
    private var rejected: [RecordKind: Set<String>] = [:]
    private static let cacheLimit = 50_000

    /// For rows known unchanged from their text (`takeUnchanged`), per kind
    /// (by ordinal): the id hashes of this load's rows of the kind read as
    /// usual (not known unchanged), listed while the kind's last digests
    /// are in use; and whether rows of the kind came while they were not,
    /// when no such list is complete. `listsReadRows`: whether a kind's
    /// rows read as usual are being listed.
    private var readRows = [IDHashTable](repeating: IDHashTable(), count: RecordKind.allCases.count)
    private var listsReadRows = [Bool](repeating: false, count: RecordKind.allCases.count)
    private var unlisted = [Bool](repeating: false, count: RecordKind.allCases.count)

    /// Whether kinds come one after another in dependency order (a load),
    /// so that what no later kind needs can be let go.
    private let kindsInOrder: Bool

    init(connection: Connection?, kindsInOrder: Bool) {
        self.connection = connection
        self.kindsInOrder = kindsInOrder
    }

    /// Marks a row as rejected, so rows that refer to it are rejected too.
    func reject(_ kind: RecordKind, id: String?) {
        if let id { rejected[kind, default: []].insert(id) }
    }

    /// Marks the id of a row invalid in its own values as met and rejected:
    /// a later row with the same id is then a repeat (docs/loading.md: an error at
    /// the second occurrence), and rows referring to it are told it is invalid.
    /// Returns the repeat problem when the id was met before: then the
    /// earlier row's fate stands (a row written stays valid for the rows
    /// that refer to it).
    func rejectInvalidRow(_ kind: RecordKind, id: String?) -> Problem? {
        guard let id else { return nil }
        guard seen[kind.ordinal].insert(id.hashValue) else { return Self.repeatProblem(kind, id) }
        reject(kind, id: id)
        return nil
    }

    /// Checks a row whose own values are valid. A row with problems is
    /// marked rejected, unless it repeats an id (its first row stands).
    func check(_ kind: RecordKind, _ values: [SQLiteValue]) throws -> Verdict {
        guard case .text(let id) = values[ColumnIndex.id] else {
            return Verdict(problems: [Problem(column: "id", message: "a required value is missing")])
        }
        enter(kind)
        var verdict = Verdict()
        var repeated = false
        if !seen[kind.ordinal].insert(id.hashValue) {
            if rejected[kind]?.contains(id) == true {
                repeated = true
                verdict.problems.append(Self.repeatProblem(kind, id))
            } else {
                verdict.maybeRepeat = true
            }
        }
        try checkReferences(kind, values, into: &verdict.problems)
        if !verdict.problems.isEmpty && !repeated && !verdict.maybeRepeat { reject(kind, id: id) }
        return verdict
    }

    /// A file of `kind` begins; `listing`: whether the rows of it read as
    /// usual are listed (its last digests are in use), so that rows
    /// referring to the others can be known unchanged.
    func beginFile(of kind: RecordKind, listsReadRows listing: Bool) {
        if listing {
            listsReadRows[kind.ordinal] = true
        } else {
            unlisted[kind.ordinal] = true
        }
    }

    /// Notes a row of the load read, checked and written as usual (or
    /// rejected): rows that refer to it are read too.
    func noteRead(_ kind: RecordKind, id: String?) {
        if let id, listsReadRows[kind.ordinal] { readRows[kind.ordinal].insert(id.hashValue) }
    }

    /// Takes a row the last load of its kind wrote or found unchanged, from
    /// the same text, when nothing has changed its records since: it would
    /// be written unchanged. `values` holds its id, references and the
    /// facts later rows ask for (`rememberedColumns`). Every check it passed
    /// then still holds, as every command leaves the database with its
    /// rules kept, unless this load read a record it refers to (changed,
    /// new or rejected) or it repeats an id: then false, and it must be
    /// read as usual.
    func takeUnchanged(_ kind: RecordKind, _ values: [SQLiteValue]) -> Bool {
        guard case .text(let id) = values[ColumnIndex.id] else { return false }
        for reference in Self.references[kind.ordinal] {
            guard case .text(let target) = values[reference.index] else { continue }
            if unlisted[reference.target.ordinal] || wasRead(reference.target, target) { return false }
        }
        enter(kind)
        let hash = id.hashValue
        guard seen[kind.ordinal].insert(hash) else { return false }
        // Nothing to forget of `known`: with the id in `seen`, `lookup`
        // answers from this load and never asks `known` for it.
        keepFacts(kind, values, id: id, hash: hash)
        return true
    }

    /// Whether this load read a row of `kind` with this id as usual (the
    /// id is hashed only when some were).
    private func wasRead(_ kind: RecordKind, _ id: String) -> Bool {
        readRows[kind.ordinal].count > 0 && readRows[kind.ordinal].contains(id.hashValue)
    }

    /// The columns `remember` and `takeUnchanged` read, by kind (ordinal).
    static let rememberedColumns: [[Int]] = RecordKind.allCases.map { kind in
        var columns = [ColumnIndex.id] + references[kind.ordinal].map(\.index)
        if kind == .cases { columns.append(ColumnIndex.Cases.size) }
        return columns
    }

    /// Each kind's references (by ordinal): the column's index and the
    /// kind it refers to. Plain values: a row's checks read these rather
    /// than walk the kind's columns, objects every thread of a load shares
    /// and counts references to (only a problem's message names one).
    static let references: [[(index: Int, target: RecordKind)]] = RecordKind.allCases.map { kind in
        kind.columns.enumerated().compactMap { index, column in
            if case .reference(let target) = column.type { (index, target) } else { nil }
        }
    }

    /// A kind's table of ids met, empty: the cases' keeps their sizes.
    private static func emptySeen(_ kind: RecordKind) -> IDHashTable {
        IDHashTable(keepsValues: kind == .cases)
    }

    private func enter(_ kind: RecordKind) {
        guard currentKind != kind else { return }
        currentKind = kind
        if kindsInOrder { forgetWhatNoLaterKindNeeds(from: kind) }
    }

    /// The reference problems of a row that is already invalid for other
    /// reasons, so that every problem of a row is reported at once; its
    /// id is not remembered.
    func referenceProblems(_ kind: RecordKind, _ values: [SQLiteValue]) throws -> [Problem] {
        var problems: [Problem] = []
        try checkReferences(kind, values, into: &problems)
        return problems
    }

    static func repeatProblem(_ kind: RecordKind, _ id: String) -> Problem {
        Problem(column: "id", message: "\(kind.table) id '\(id)' appears more than once in this load")
    }

    /// Keeps what later rows need to know of a row that passed: a case's
    /// size, a run's route.
    func remember(_ kind: RecordKind, _ values: [SQLiteValue]) {
        guard case .text(let id) = values[ColumnIndex.id] else { return }
        keepFacts(kind, values, id: id, hash: id.hashValue)
        // A record of an earlier load that this one rewrites: its cached
        // facts are stale.
        known[kind]?[id] = nil
    }

    /// What later rows ask of a record met: a case's size, a run's route,
    /// a link's pair. `hash` is the id's.
    private func keepFacts(_ kind: RecordKind, _ values: [SQLiteValue], id: String, hash: Int) {
        switch kind {
        case .cases:
            guard case .integer(let size) = values[ColumnIndex.Cases.size] else { break }
            // Sizes are at most 999,999,999 (ValueParser): they fit the table's 32-bit values.
            if let small = Int32(exactly: size) { seen[kind.ordinal].set(hash, value: small) }
        case .escortRuns: if case .text(let route) = values[ColumnIndex.EscortRuns.routeID] { runRoutes[hash] = route }
        case .caseLinks:
            if case .text(let a) = values[ColumnIndex.CaseLinks.caseA], case .text(let b) = values[ColumnIndex.CaseLinks.caseB] {
                linkPairs[a + "\u{0}" + b] = linkPairs[a + "\u{0}" + b] ?? id
            }
        default: break
        }
    }

    private func checkReferences(_ kind: RecordKind, _ values: [SQLiteValue], into problems: inout [Problem]) throws {
        for (index, target) in Self.references[kind.ordinal] {
            guard case .text(let id) = values[index] else { continue }
            if rejected[target]?.contains(id) == true {
                problems.append(Problem(column: kind.columns[index].name, message: "\(target.table) '\(id)' is itself invalid in this load"))
            } else if try lookup(target, id) == nil {
                problems.append(Problem(column: kind.columns[index].name, message: "no \(target.table) with id '\(id)' in the database or this load"))
            }
        }
        switch kind {
        case .caseLinks:
            // A pair has one decision: a second id for it would be a second decision.
            if case .text(let id) = values[ColumnIndex.id], case .text(let a) = values[ColumnIndex.CaseLinks.caseA],
               case .text(let b) = values[ColumnIndex.CaseLinks.caseB], let other = try decisionID(a, b), other != id {
                problems.append(Problem(column: "case_b", message: "the pair \(a), \(b) already has a decision, case_links '\(other)': give that id to change it"))
            }
        case .attempts:
            // people ≤ the case's size; the escort run on the attempt's own route.
            if case .text(let caseID) = values[ColumnIndex.Attempts.caseID], case .integer(let people) = values[ColumnIndex.Attempts.people],
               case .integer(let size)? = try lookup(.cases, caseID), people > size {
                problems.append(Problem(column: "people", message: "\(people) people, but case '\(caseID)' has a party of \(size)"))
            }
            if case .text(let runID) = values[ColumnIndex.Attempts.escortRunID], case .text(let routeID) = values[ColumnIndex.Attempts.routeID],
               case .text(let runRoute)? = try lookup(.escortRuns, runID), runRoute != routeID {
                problems.append(Problem(column: "escort_run_id", message: "escort run '\(runID)' is on route '\(runRoute)', not the attempt's route '\(routeID)'"))
            }
        default:
            break
        }
    }

    /// What the database (or this load) knows of `id`: the case's size, the
    /// run's route, or 1; nil when it does not exist; `.null` when it is of
    /// this load but its facts are no longer kept (no later kind needs them).
    ///
    /// Ids of this load are found by their 64-bit hash, without a query. A
    /// missing id is taken for one of this load only if its hash equals one
    /// of theirs: about once in 10^13 bad references for a million rows.
    private func lookup(_ kind: RecordKind, _ id: String) throws -> SQLiteValue? {
        let hash = id.hashValue
        if seen[kind.ordinal].contains(hash) {
            switch kind {
            case .cases:
                if let size = seen[kind.ordinal].value(hash), size > 0 { return .integer(Int64(size)) }
                return .null
            case .escortRuns: return runRoutes[hash].map { .text($0) } ?? .null
            default: return .integer(1)
            }
        }
        if let fact = known[kind]?[id] { return fact }
        let column = switch kind {
        case .cases: "size"
        case .escortRuns: "route_id"
        default: "1"
        }
        guard let connection else { return nil }
        let statement: Statement
        if let cached = lookups[kind] {
            statement = cached
        } else {
            statement = try connection.prepare("SELECT \(column) FROM \(kind.table) WHERE id = ?")
            lookups[kind] = statement
        }
        try statement.reset()
        try statement.bind([id])
        defer { try? statement.reset() }
        guard try statement.step() else { return nil }
        let fact = statement.value(at: 0)
        if known[kind, default: [:]].count >= Self.cacheLimit { known[kind] = [:] }
        known[kind, default: [:]][id] = fact
        return fact
    }

    /// The id of the decision on a pair, in this load or else in the
    /// database; the first one met in this load is remembered.
    private func decisionID(_ a: String, _ b: String) throws -> String? {
        let key = a + "\u{0}" + b
        if let id = linkPairs[key] { return id }
        guard let connection else { return nil }
        if pairLookup == nil { pairLookup = try connection.prepare("SELECT id FROM case_links WHERE case_a = ? AND case_b = ?") }
        let statement = pairLookup!
        try statement.reset()
        try statement.bind([a, b])
        defer { try? statement.reset() }
        return try statement.step() ? statement.text(at: 0) : nil
    }

    /// Kinds come in dependency order: once rows of `kind` come, the ids of
    /// a kind that neither it nor a later kind refers to are never asked for
    /// again (except its own, for repeats), nor are the run routes after
    /// attempts.
    private func forgetWhatNoLaterKindNeeds(from kind: RecordKind) {
        let stillReferenced = Set(RecordKind.allCases.filter { $0 >= kind }.flatMap { later in
            Self.references[later.ordinal].map(\.target)
        })
        for earlier in RecordKind.allCases where earlier != kind && !stillReferenced.contains(earlier) {
            seen[earlier.ordinal] = Self.emptySeen(earlier)
            readRows[earlier.ordinal] = IDHashTable()
            listsReadRows[earlier.ordinal] = false
        }
        if kind > .attempts { runRoutes = [:] }
    }

    /// Releases the statements (before the connection closes).
    func finish() {
        pairLookup?.finalize()
        pairLookup = nil
        for statement in lookups.values { statement.finalize() }
        lookups = [:]
    }
}
