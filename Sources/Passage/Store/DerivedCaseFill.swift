import Glibc
import PassageSQLite

/// Fills the per-case derived tables (`derived_cases`,
/// `derived_case_muster_points`, `derived_admitted`, `derived_findings`) for
/// every case at once, when they are empty: a first load.
///
/// `Schema/refresh/derived.sql` computes a touched case with about ten index
/// seeks (its attempts, its current outcome, its latest and first admitted
/// attempt, ...): 6.4 s for 200,000 cases. Here the cases, their attempts in
/// `attempts_by_case` order and their outcomes in `outcomes_by_case` order
/// are read as three sorted streams, merged by case id in one pass (0.4 s
/// of reading), and each case's rows are computed from its own attempts and
/// outcomes in memory, one case at a time.
///
/// The figures must be exactly those of `derived.sql` step 4, which stays
/// the definition (it refreshes every later load): the comments below name
/// the SQL each figure follows, and `DerivedCaseFillTests` compares both on
/// the same databases. Text is kept as bytes and compared byte by byte, as
/// SQLite's BINARY collation does (Swift's `String ==` would treat
/// canonically equivalent ids as one).
enum DerivedCaseFill {
    typealias Bytes = [UInt8]

    /// The tables `fill` writes (table names, not input).
    static let tables = ["derived_cases", "derived_case_muster_points", "derived_admitted", "derived_findings"]

    /// Whether `fill` may run: the schema has the derived tables and the
    /// four are empty (nothing to replace, nothing to keep).
    static func canFill(_ connection: Connection) throws -> Bool {
        try DerivedTables.areEmpty(tables, connection)
    }

    /// Which cases `fill` writes.
    enum Cases {
        case all
        /// Those in `temp.touched_cases` (whose rows `derived.sql` has
        /// deleted), most of the database's: every record read in order.
        case touchedMost
        /// Those in `temp.touched_cases`, a minority: their records sought
        /// case by case rather than every record read and skipped (a
        /// reload touches a few cases in ten).
        case touchedFew
    }

    /// Writes the derived rows of `cases`. Call inside the load's
    /// transaction, with the record tables' indexes built; for every case,
    /// the tables must be empty.
    static func fill(_ connection: Connection, _ cases: Cases = .all) throws {
        var fill = try Pass(connection, cases)
        defer { fill.finalize() }
        try fill.run()
    }

    /// K(t) of derived.sql, `substr(t || 'T00:00:00', 1, 19)`: the first 19
    /// characters as SQLite's substr counts them (a byte from 0xC0 up
    /// starts a character that takes the bytes 0x80-0xBF after it; a zero
    /// byte ends the text).
    static func key(_ time: Bytes) -> Bytes {
        var key: Bytes = []
        time.withUnsafeBytes { appendKey(of: $0, to: &key) }
        return key
    }

    /// Appends K(time) to `output`.
    static func appendKey(of time: UnsafeRawBufferPointer, to output: inout Bytes) {
        let suffix: StaticString = "T00:00:00"
        let count = time.count + suffix.utf8CodeUnitCount
        func byte(_ index: Int) -> UInt8 {
            index < time.count ? time[index] : suffix.utf8Start[index - time.count]
        }
        var index = 0
        var characters = 0
        while index < count, characters < 19, byte(index) != 0 {
            let lead = byte(index)
            output.append(lead)
            index += 1
            if lead >= 0xC0 {
                while index < count, byte(index) & 0xC0 == 0x80 {
                    output.append(byte(index))
                    index += 1
                }
            }
            characters += 1
        }
    }

    /// The last instant SQLite's date functions represent, 9999-12-31T23:59:59Z.
    static let lastSQLiteInstant: Int64 = 253_402_300_799

    /// `unixepoch(key)` for a key 'YYYY-MM-DDTHH:MM:SS', or nil when it is
    /// not one that this reads the way SQLite does (then SQLite is asked).
    static func epoch(ofKey key: Bytes) -> Int64? {
        key.withUnsafeBytes { epoch(ofKey: $0) }
    }

    static func epoch(ofKey key: UnsafeRawBufferPointer) -> Int64? {
        guard key.count == 19, key[4] == 0x2D, key[7] == 0x2D, key[10] == 0x54, key[13] == 0x3A, key[16] == 0x3A
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let digit = Int64(key[index]) - 0x30
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        // A day past the month's end runs on into the next, as in SQLite:
        // daysFromCivil is linear in the day.
        let days = Int64(TimeParser.daysFromCivil(year: Int(year), month: Int(month), day: Int(day)))
        return days * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// Orders bytes as SQLite's BINARY collation does: memcmp of the common
    /// length, then the shorter first. Negative, zero or positive.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let left = a.baseAddress, let right = b.baseAddress {
            let order = memcmp(left, right, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }

    static func equal(_ a: UnsafeRawBufferPointer, _ b: Bytes) -> Bool {
        a.count == b.count && b.withUnsafeBytes { compare(a, $0) == 0 }
    }
}

extension DerivedCaseFill {
    /// The three sorted readers of a fill of `selection`: the cases, their
    /// attempts and their outcomes, in case order. The ORDER BY clauses are
    /// the indexes' own order: read, not sorted (`DerivedCaseFillTests`
    /// checks each plan).
    static func readers(_ selection: Cases) -> (cases: String, attempts: String, outcomes: String) {
        let cases = selection != .all
            ? """
              SELECT c.id, c.category, c.size, c.registered_at
              FROM temp.touched_cases AS t CROSS JOIN cases AS c ON c.id = t.case_id ORDER BY t.case_id
              """
            : "SELECT id, category, size, registered_at FROM cases ORDER BY id"
        // Sought case by case, the records come in the same order:
        // t.case_id is the record's, and orders the join as its key.
        func source(_ table: String, _ alias: String) -> (from: String, caseID: String) {
            selection == .touchedFew
                ? ("temp.touched_cases AS t CROSS JOIN \(table) AS \(alias) ON \(alias).case_id = t.case_id", "t.case_id")
                : ("\(table) AS \(alias)", "\(alias).case_id")
        }
        let attemptSource = source("attempts", "a")
        let attempts = """
            SELECT a.case_id, substr(a.attempted_at || 'T00:00:00', 1, 19), a.id, a.result, a.route_id,
                   a.attempted_at, a.people, a.escort_run_id, r.muster_point_id
            FROM \(attemptSource.from)
            LEFT JOIN routes AS r ON r.id = a.route_id
            ORDER BY \(attemptSource.caseID), substr(a.attempted_at || 'T00:00:00', 1, 19), a.load_id, a.load_row
            """
        let outcomeSource = source("outcomes", "o")
        let outcomes = """
            SELECT o.case_id, substr(o.occurred_at || 'T00:00:00', 1, 19), o.id, o.status, o.occurred_at, o.location
            FROM \(outcomeSource.from)
            ORDER BY \(outcomeSource.caseID), substr(o.occurred_at || 'T00:00:00', 1, 19), o.load_id, o.load_row
            """
        return (cases, attempts, outcomes)
    }
}

extension DerivedCaseFill {
    /// A text of the current case, kept in `Pass.arena`; `count` < 0 is NULL.
    struct Text {
        var start: Int
        var count: Int
        static let null = Text(start: 0, count: -1)
        var isNull: Bool { count < 0 }
    }

    /// An attempt of the current case. Its id, route, people and escort
    /// run are read for an admitted attempt only (else null): nothing else
    /// writes them.
    struct Attempt {
        var key: Text
        var id: Text
        var isAdmitted: Bool
        var isTurnedAway: Bool
        var routeID: Text
        var attemptedAt: Text
        var people: Int64?
        var escortRunID: Text
        /// The muster point of its route (derived.sql joins routes).
        var musterPointID: Text
    }

    /// An outcome of the current case; its id is read for a resolved
    /// outcome only (else null), the only one a finding names.
    struct Outcome {
        var key: Text
        var id: Text
        var status: Text
        var isResolved: Bool
        var isStillInCountry: Bool
        var isArrived: Bool
        var occurredAt: Text
        var location: Text
    }

    /// The texts derived.sql writes and compares with, kept in the pass so
    /// that the hot path reads no global.
    struct Words {
        let resolvedStatuses: [Bytes] = Passage.Outcome.Status.allCases.filter(\.isResolved).map { Array($0.rawValue.utf8) }
        let admitted = Array("admitted".utf8)
        let turnedAway = Array("turned_away".utf8)
        let none = Array("none".utf8)
        let arrived = Array("arrived".utf8)
        let stillInCountry = Array("still_in_country".utf8)
    }

    /// One fill: the three sorted readers, the inserts, and the current
    /// case's rows. Every text of a case goes into one reused byte arena: no
    /// allocation per case, attempt or outcome once the arrays have grown.
    ///
    /// A struct whose every method that changes it is `mutating`, and no
    /// method is handed a part of it `inout` while it reads the rest: either
    /// would make Swift copy the whole pass (a retain of each statement) at
    /// every call.
    struct Pass {
        let cases: Statement
        let attempts: Statement
        let outcomes: Statement
        let insertCase: Statement
        let insertMusterPoint: Statement
        let insertAdmitted: Statement
        let insertAttemptFinding: Statement
        let insertOutcomeFinding: Statement
        /// `SELECT unixepoch(?)`, for a key `epoch(ofKey:)` does not read.
        let sqliteEpoch: Statement
        /// unixepoch(K || zone) - unixepoch(K): the event zone's shift, nil
        /// when SQLite does not read the zone (then every such epoch is null).
        let zoneShift: Int64?
        let words = Words()
        var hasAttempt = false
        var hasOutcome = false
        // The current case.
        var arena: Bytes = []
        /// A key being made, before it goes into the arena.
        var scratch: Bytes = []
        var caseAttempts: [Attempt] = []
        var caseOutcomes: [Outcome] = []

        init(_ connection: Connection, _ selection: Cases) throws {
            let readers = DerivedCaseFill.readers(selection)
            cases = try connection.prepare(readers.cases)
            attempts = try connection.prepare(readers.attempts)
            outcomes = try connection.prepare(readers.outcomes)
            insertCase = try connection.prepare("""
                INSERT INTO derived_cases (case_id, category, size, attempts, admitted, current_status, status_at,
                                           location, resolved, turned_away, last_attempt_at, last_muster_point_id,
                                           last_activity_at, activity_key, activity_epoch, entry_muster_point_id,
                                           entry_seconds, entry_before)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            insertMusterPoint = try connection.prepare(
                "INSERT OR IGNORE INTO derived_case_muster_points (muster_point_id, case_id, resolved, arrived) VALUES (?, ?, ?, ?)")
            insertAdmitted = try connection.prepare(
                "INSERT INTO derived_admitted (route_id, case_id, attempt_id, attempted_at, escort_run_id, people) VALUES (?, ?, ?, ?, ?, ?)")
            // The kind and problem are derived.sql's own words.
            insertAttemptFinding = try connection.prepare("""
                INSERT INTO derived_findings (kind, id, problem, case_id)
                VALUES ('attempts', ?, 'admitted attempt with no resolved outcome after it', ?)
                """)
            insertOutcomeFinding = try connection.prepare("""
                INSERT INTO derived_findings (kind, id, problem, case_id)
                VALUES ('outcomes', ?, 'resolved outcome followed by a later still_in_country', ?)
                """)
            sqliteEpoch = try connection.prepare("SELECT unixepoch(?)")
            zoneShift = try connection.scalarInt("""
                SELECT unixepoch('2000-01-01T00:00:00' || coalesce(max(value), '+00:00')) - unixepoch('2000-01-01T00:00:00')
                FROM settings WHERE key = 'event_zone'
                """)
            arena.reserveCapacity(1 << 16)
        }

        func finalize() {
            for statement in [cases, attempts, outcomes, insertCase, insertMusterPoint, insertAdmitted,
                              insertAttemptFinding, insertOutcomeFinding, sqliteEpoch] {
                statement.finalize()
            }
        }

        mutating func run() throws {
            hasAttempt = try attempts.step()
            hasOutcome = try outcomes.step()
            while try cases.step() {
                arena.removeAll(keepingCapacity: true)
                caseAttempts.removeAll(keepingCapacity: true)
                caseOutcomes.removeAll(keepingCapacity: true)
                // The case's id stays readable in its reader's row while the
                // others step.
                let id = cases.cell(at: 0).unsafeUTF8
                hasAttempt = try Self.skip(attempts, before: id, hasAttempt)
                while hasAttempt, DerivedCaseFill.compare(attempts.cell(at: 0).unsafeUTF8, id) == 0 {
                    collectAttempt()
                    hasAttempt = try attempts.step()
                }
                hasOutcome = try Self.skip(outcomes, before: id, hasOutcome)
                while hasOutcome, DerivedCaseFill.compare(outcomes.cell(at: 0).unsafeUTF8, id) == 0 {
                    collectOutcome()
                    hasOutcome = try outcomes.step()
                }
                let caseID = keep(cases, 0)
                let category = keep(cases, 1)
                let registeredAt = keep(cases, 3)
                // Its last activity is its registration when it has no attempt and no outcome.
                let registeredKey = caseAttempts.isEmpty && caseOutcomes.isEmpty ? key(registeredAt) : .null
                try writeCase(caseID, category: category, size: cases.optionalInt(at: 2),
                              registeredAt: registeredAt, registeredKey: registeredKey)
            }
        }

        /// Steps a reader past the rows of cases before `caseID` (of no
        /// case: derived.sql's joins would not meet them either); whether it
        /// still has a row.
        private static func skip(_ statement: Statement, before caseID: UnsafeRawBufferPointer, _ hasRow: Bool) throws -> Bool {
            var hasRow = hasRow
            while hasRow, DerivedCaseFill.compare(statement.cell(at: 0).unsafeUTF8, caseID) < 0 {
                hasRow = try statement.step()
            }
            return hasRow
        }

        /// Copies a column's text into the arena.
        private mutating func keep(_ statement: Statement, _ column: Int) -> Text {
            let cell = statement.cell(at: column)
            if case .null = cell.type { return .null }
            return keep(cell.unsafeUTF8)
        }

        private mutating func keep(_ bytes: UnsafeRawBufferPointer) -> Text {
            let text = Text(start: arena.count, count: bytes.count)
            arena.append(contentsOf: bytes)
            return text
        }

        private mutating func collectAttempt() {
            let result = attempts.cell(at: 3).unsafeUTF8
            let isAdmitted = DerivedCaseFill.equal(result, words.admitted)
            let isTurnedAway = !isAdmitted && DerivedCaseFill.equal(result, words.turnedAway)
            let attempt = Attempt(
                key: keep(attempts, 1), id: isAdmitted ? keep(attempts, 2) : .null, isAdmitted: isAdmitted, isTurnedAway: isTurnedAway,
                routeID: isAdmitted ? keep(attempts, 4) : .null, attemptedAt: keep(attempts, 5),
                people: isAdmitted ? attempts.optionalInt(at: 6) : nil,
                escortRunID: isAdmitted ? keep(attempts, 7) : .null, musterPointID: keep(attempts, 8))
            caseAttempts.append(attempt)
        }

        private mutating func collectOutcome() {
            let status = outcomes.cell(at: 3).unsafeUTF8
            let isResolved = words.resolvedStatuses.contains { DerivedCaseFill.equal(status, $0) }
            let outcome = Outcome(
                key: keep(outcomes, 1), id: isResolved ? keep(outcomes, 2) : .null, status: keep(status),
                isResolved: isResolved,
                isStillInCountry: DerivedCaseFill.equal(status, words.stillInCountry),
                isArrived: DerivedCaseFill.equal(status, words.arrived),
                occurredAt: keep(outcomes, 4), location: keep(outcomes, 5))
            caseOutcomes.append(outcome)
        }

        /// The bytes of a text in the arena, lent to `body`.
        private func withBytes<Result>(_ text: Text, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
            try arena.withUnsafeBytes { raw in
                try body(UnsafeRawBufferPointer(rebasing: raw[text.start..<(text.start + max(text.count, 0))]))
            }
        }

        /// `a` against `b` in SQLite's BINARY collation.
        private func compare(_ a: Text, _ b: Text) -> Int {
            arena.withUnsafeBytes { raw in
                DerivedCaseFill.compare(UnsafeRawBufferPointer(rebasing: raw[a.start..<(a.start + max(a.count, 0))]),
                                        UnsafeRawBufferPointer(rebasing: raw[b.start..<(b.start + max(b.count, 0))]))
            }
        }

        /// K(t) of a stored time in the arena, kept in the arena too.
        private mutating func key(_ time: Text) -> Text {
            guard !time.isNull else { return .null }
            scratch.removeAll(keepingCapacity: true)
            arena.withUnsafeBytes { raw in
                DerivedCaseFill.appendKey(of: UnsafeRawBufferPointer(rebasing: raw[time.start..<(time.start + time.count)]), to: &scratch)
            }
            let key = Text(start: arena.count, count: scratch.count)
            arena.append(contentsOf: scratch)
            return key
        }

        /// `unixepoch(key)`, read here or, for anything else, by SQLite.
        private func epoch(_ key: Text) throws -> Int64? {
            if let seconds = withBytes(key, DerivedCaseFill.epoch(ofKey:)) { return seconds }
            try sqliteEpoch.reset()
            try bind(sqliteEpoch, key, at: 1)
            defer { try? sqliteEpoch.reset() }
            guard try sqliteEpoch.step() else { return nil }
            return sqliteEpoch.optionalInt(at: 0)
        }

        private func bind(_ statement: Statement, _ text: Text, at index: Int) throws {
            if text.isNull { return try statement.bind(.null, at: index) }
            try withBytes(text) { try statement.bindText($0, at: index) }
        }

        private func bind(_ statement: Statement, _ value: Int64?, at index: Int) throws {
            try statement.bind(value.map(SQLiteValue.integer) ?? .null, at: index)
        }

        /// The rows of one case, from its attempts and outcomes in index
        /// order (derived.sql step 4).
        private func writeCase(_ caseID: Text, category: Text, size: Int64?, registeredAt: Text, registeredKey: Text) throws {
            // derived_base: the current outcome is the last in outcomes_by_case order.
            let current = caseOutcomes.last
            let resolved = current?.isResolved ?? false
            var turnedAway: Int64 = 0
            var entryIndex: Int?
            for (index, attempt) in caseAttempts.enumerated() {
                if attempt.isTurnedAway { turnedAway += 1 }
                if entryIndex == nil, attempt.isAdmitted { entryIndex = index }
            }

            // derived_cases: la (unresolved only) is the last attempt; fa the first admitted one.
            let latest = resolved ? nil : caseAttempts.last
            let statusAt = current?.occurredAt ?? .null
            // last_activity_at and its key: the key of an attempt's or an
            // outcome's time is read with it.
            let lastActivityAt: Text
            let activityKey: Text
            if resolved {
                (lastActivityAt, activityKey) = (.null, .null)
            } else if latest == nil && statusAt.isNull {
                (lastActivityAt, activityKey) = (registeredAt, registeredKey)
            } else if let latest, statusAt.isNull || compare(latest.attemptedAt, statusAt) >= 0 {
                (lastActivityAt, activityKey) = (latest.attemptedAt, latest.key)
            } else {
                (lastActivityAt, activityKey) = (statusAt, current?.key ?? .null)
            }
            var activityEpoch: Int64?
            if !activityKey.isNull, let zoneShift, let local = try epoch(activityKey) {
                // unixepoch() is NULL for an instant past 9999-12-31T23:59:59Z
                // (a late time in a zone west of Greenwich).
                let instant = local + zoneShift
                activityEpoch = instant <= DerivedCaseFill.lastSQLiteInstant ? instant : nil
            }
            let entry = entryIndex.map { caseAttempts[$0] }
            var entrySeconds: Int64?
            var entryBefore: Int64?
            if let entryIndex, let entry {
                if let entered = try epoch(entry.key), let first = try epoch(caseAttempts[0].key) {
                    entrySeconds = entered - first
                }
                // Attempts with a smaller key: those before the first with
                // fa's key (index order), which is at or before fa.
                var before = entryIndex
                while before > 0, compare(caseAttempts[before - 1].key, entry.key) >= 0 { before -= 1 }
                entryBefore = Int64(before)
            }

            let statement = insertCase
            try statement.reset()
            try bind(statement, caseID, at: 1)
            try bind(statement, category, at: 2)
            try bind(statement, size, at: 3)
            try bind(statement, Int64(caseAttempts.count), at: 4)
            try bind(statement, entry == nil ? 0 : 1, at: 5)
            if let current {
                try bind(statement, current.status, at: 6)
            } else {
                try words.none.withUnsafeBytes { try statement.bindText($0, at: 6) }
            }
            try bind(statement, statusAt, at: 7)
            try bind(statement, current?.location ?? .null, at: 8)
            try bind(statement, resolved ? 1 : 0, at: 9)
            try bind(statement, resolved ? nil : turnedAway, at: 10)
            try bind(statement, latest?.attemptedAt ?? .null, at: 11)
            try bind(statement, latest?.musterPointID ?? .null, at: 12)
            try bind(statement, lastActivityAt, at: 13)
            // activity_key: '' for an unresolved case with no time at all.
            if resolved {
                try statement.bind(.null, at: 14)
            } else if activityKey.isNull {
                try statement.bindText(UnsafeRawBufferPointer(start: nil, count: 0), at: 14)
            } else {
                try bind(statement, activityKey, at: 14)
            }
            try bind(statement, activityEpoch, at: 15)
            try bind(statement, entry?.musterPointID ?? .null, at: 16)
            try bind(statement, entrySeconds, at: 17)
            try bind(statement, entryBefore, at: 18)
            try statement.step()

            // derived_case_muster_points: one row per muster point of its
            // attempts' routes (written once: a repeat costs an ignored insert).
            let arrived: Int64 = current?.isArrived == true ? 1 : 0
            for index in caseAttempts.indices where !caseAttempts[index].musterPointID.isNull {
                let point = caseAttempts[index].musterPointID
                guard !caseAttempts[..<index].contains(where: { !$0.musterPointID.isNull && compare($0.musterPointID, point) == 0 })
                else { continue }
                try insertMusterPoint.reset()
                try bind(insertMusterPoint, point, at: 1)
                try bind(insertMusterPoint, caseID, at: 2)
                try bind(insertMusterPoint, resolved ? 1 : 0, at: 3)
                try bind(insertMusterPoint, arrived, at: 4)
                try insertMusterPoint.step()
            }

            // derived_admitted, and the admitted attempts with no resolved
            // outcome at or after them. derived.sql takes, when the current
            // outcome is resolved, those after its key, else those after every
            // resolved outcome's key; the current outcome being the latest,
            // both are "after the latest resolved outcome's key".
            let latestResolvedKey = caseOutcomes.last { $0.isResolved }?.key
            if let entryIndex {
                for attempt in caseAttempts[entryIndex...] where attempt.isAdmitted {
                    try insertAdmitted.reset()
                    try bind(insertAdmitted, attempt.routeID, at: 1)
                    try bind(insertAdmitted, caseID, at: 2)
                    try bind(insertAdmitted, attempt.id, at: 3)
                    try bind(insertAdmitted, attempt.attemptedAt, at: 4)
                    try bind(insertAdmitted, attempt.escortRunID, at: 5)
                    try bind(insertAdmitted, attempt.people ?? size, at: 6)
                    try insertAdmitted.step()

                    if latestResolvedKey.map({ compare($0, attempt.key) < 0 }) ?? true {
                        try writeFinding(insertAttemptFinding, id: attempt.id, caseID: caseID)
                    }
                }
            }
            // A resolved outcome followed (in index order) by a still_in_country.
            if let lastStill = caseOutcomes.lastIndex(where: { $0.isStillInCountry }) {
                for outcome in caseOutcomes[..<lastStill] where outcome.isResolved {
                    try writeFinding(insertOutcomeFinding, id: outcome.id, caseID: caseID)
                }
            }
        }

        private func writeFinding(_ statement: Statement, id: Text, caseID: Text) throws {
            try statement.reset()
            try bind(statement, id, at: 1)
            try bind(statement, caseID, at: 2)
            try statement.step()
        }
    }
}
