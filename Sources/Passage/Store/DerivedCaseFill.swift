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

    /// Writes the derived rows of every case, or of the cases in
    /// `temp.touched_cases` only (whose rows `derived.sql` has deleted). Call
    /// inside the load's transaction, with the record tables' indexes built;
    /// for every case, the tables must be empty.
    static func fill(_ connection: Connection, onlyTouched: Bool = false) throws {
        var fill = try Pass(connection, onlyTouched: onlyTouched)
        defer { fill.finalize() }
        try fill.run()
    }

    /// K(t) of derived.sql, `substr(t || 'T00:00:00', 1, 19)`, for a stored
    /// time (ASCII, 10 or 25 characters).
    static func key(_ time: Bytes) -> Bytes {
        if time.count >= 19 { return Array(time[0..<19]) }
        return Array((time + Array("T00:00:00".utf8)).prefix(19))
    }

    /// The last instant SQLite's date functions represent, 9999-12-31T23:59:59Z.
    static let lastSQLiteInstant: Int64 = 253_402_300_799

    /// `unixepoch(key)` for a key 'YYYY-MM-DDTHH:MM:SS', or nil when it is
    /// not one that this reads the way SQLite does (then SQLite is asked).
    static func epoch(ofKey key: Bytes) -> Int64? {
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
}

extension DerivedCaseFill {
    /// A text of the current case, kept in `Pass.arena`; `count` < 0 is NULL.
    struct Text {
        var start: Int
        var count: Int
        static let null = Text(start: 0, count: -1)
        var isNull: Bool { count < 0 }
    }

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

    /// One fill: the three sorted readers, the inserts, and the current
    /// case's rows. Every text of a case goes into one reused byte arena: no
    /// allocation per attempt or outcome (a few per case, for keys).
    struct Pass {
        let connection: Connection
        let cases: Statement
        let attempts: Statement
        let outcomes: Statement
        let insertCase: Statement
        let insertMusterPoint: Statement
        let insertAdmitted: Statement
        let insertFinding: Statement
        /// `SELECT unixepoch(?)`, for a key `epoch(ofKey:)` does not read.
        let sqliteEpoch: Statement
        /// unixepoch(K || zone) - unixepoch(K): the event zone's shift, nil
        /// when SQLite does not read the zone (then every such epoch is null).
        let zoneShift: Int64?
        var hasAttempt = false
        var hasOutcome = false
        // The current case.
        var arena: [UInt8] = []
        var caseAttempts: [Attempt] = []
        var caseOutcomes: [Outcome] = []

        init(_ connection: Connection, onlyTouched: Bool) throws {
            self.connection = connection
            // The ORDER BY clauses are the indexes' own order: read, not sorted.
            cases = try connection.prepare(onlyTouched
                ? """
                  SELECT c.id, c.category, c.size, c.registered_at
                  FROM temp.touched_cases AS t CROSS JOIN cases AS c ON c.id = t.case_id ORDER BY t.case_id
                  """
                : "SELECT id, category, size, registered_at FROM cases ORDER BY id")
            attempts = try connection.prepare("""
                SELECT a.case_id, substr(a.attempted_at || 'T00:00:00', 1, 19), a.id, a.result, a.route_id,
                       a.attempted_at, a.people, a.escort_run_id, r.muster_point_id
                FROM attempts AS a
                LEFT JOIN routes AS r ON r.id = a.route_id
                ORDER BY a.case_id, substr(a.attempted_at || 'T00:00:00', 1, 19), a.load_id, a.load_row
                """)
            outcomes = try connection.prepare("""
                SELECT case_id, substr(occurred_at || 'T00:00:00', 1, 19), id, status, occurred_at, location
                FROM outcomes
                ORDER BY case_id, substr(occurred_at || 'T00:00:00', 1, 19), load_id, load_row
                """)
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
            insertFinding = try connection.prepare("INSERT INTO derived_findings (kind, id, problem, case_id) VALUES (?, ?, ?, ?)")
            sqliteEpoch = try connection.prepare("SELECT unixepoch(?)")
            zoneShift = try connection.scalarInt("""
                SELECT unixepoch('2000-01-01T00:00:00' || coalesce(max(value), '+00:00')) - unixepoch('2000-01-01T00:00:00')
                FROM settings WHERE key = 'event_zone'
                """)
            arena.reserveCapacity(1 << 16)
        }

        func finalize() {
            for statement in [cases, attempts, outcomes, insertCase, insertMusterPoint, insertAdmitted, insertFinding, sqliteEpoch] {
                statement.finalize()
            }
        }

        mutating func run() throws {
            hasAttempt = try attempts.step()
            hasOutcome = try outcomes.step()
            while try cases.step() {
                arena.removeAll(keepingCapacity: true)
                let caseID = keep(cases, 0)
                let category = keep(cases, 1)
                let registeredAt = keep(cases, 3)
                try collectAttempts(of: caseID)
                try collectOutcomes(of: caseID)
                try writeCase(caseID, category: category, size: cases.optionalInt(at: 2), registeredAt: registeredAt)
            }
        }

        /// Copies a column's text into the arena.
        private mutating func keep(_ statement: Statement, _ column: Int) -> Text {
            let cell = statement.cell(at: column)
            if case .null = cell.type { return .null }
            let bytes = cell.unsafeUTF8
            let text = Text(start: arena.count, count: bytes.count)
            arena.append(contentsOf: bytes)
            return text
        }

        private func bytes(_ text: Text) -> ArraySlice<UInt8> {
            arena[text.start..<(text.start + max(text.count, 0))]
        }

        /// `a < b` in SQLite's BINARY collation (bytes, then the shorter first).
        private func less(_ a: Text, _ b: Text) -> Bool {
            bytes(a).lexicographicallyPrecedes(bytes(b))
        }

        /// Whether the owner column of a reader's row is `caseID`; moves past
        /// rows of a case that does not exist (derived.sql's joins would not
        /// meet them either). False when the reader is past the case.
        private func owns(_ statement: Statement, _ caseID: Text, _ hasRow: inout Bool) throws -> Bool {
            while hasRow {
                let owner = statement.cell(at: 0).unsafeUTF8
                let id = bytes(caseID)
                if owner.lexicographicallyPrecedes(id) {
                    hasRow = try statement.step()
                    continue
                }
                return owner.elementsEqual(id)
            }
            return false
        }

        private mutating func collectAttempts(of caseID: Text) throws {
            caseAttempts.removeAll(keepingCapacity: true)
            while try owns(attempts, caseID, &hasAttempt) {
                let result = attempts.cell(at: 3).unsafeUTF8
                caseAttempts.append(Attempt(
                    key: keep(attempts, 1), id: keep(attempts, 2),
                    isAdmitted: result.elementsEqual(admittedResult), isTurnedAway: result.elementsEqual(turnedAwayResult),
                    routeID: keep(attempts, 4), attemptedAt: keep(attempts, 5), people: attempts.optionalInt(at: 6),
                    escortRunID: keep(attempts, 7), musterPointID: keep(attempts, 8)))
                hasAttempt = try attempts.step()
            }
        }

        private mutating func collectOutcomes(of caseID: Text) throws {
            caseOutcomes.removeAll(keepingCapacity: true)
            while try owns(outcomes, caseID, &hasOutcome) {
                let status = outcomes.cell(at: 3).unsafeUTF8
                caseOutcomes.append(Outcome(
                    key: keep(outcomes, 1), id: keep(outcomes, 2), status: keep(outcomes, 3),
                    isResolved: resolvedStatuses.contains { status.elementsEqual($0) },
                    isStillInCountry: status.elementsEqual(stillInCountryStatus), isArrived: status.elementsEqual(arrivedStatus),
                    occurredAt: keep(outcomes, 4), location: keep(outcomes, 5)))
                hasOutcome = try outcomes.step()
            }
        }

        /// K(t) of a stored time in the arena.
        private func key(_ time: Text) -> [UInt8] {
            DerivedCaseFill.key(Array(bytes(time)))
        }

        /// `unixepoch(key)`, read here or, for anything else, by SQLite.
        private func epoch(_ key: [UInt8]) throws -> Int64? {
            if let seconds = DerivedCaseFill.epoch(ofKey: key) { return seconds }
            try sqliteEpoch.reset()
            try sqliteEpoch.bind(text: key, at: 1)
            defer { try? sqliteEpoch.reset() }
            guard try sqliteEpoch.step() else { return nil }
            return sqliteEpoch.optionalInt(at: 0)
        }

        private func bind(_ statement: Statement, _ text: Text, at index: Int) throws {
            if text.isNull { return try statement.bind(.null, at: index) }
            try arena.withUnsafeBytes { raw in
                try statement.bindText(UnsafeRawBufferPointer(rebasing: raw[text.start..<(text.start + text.count)]), at: index)
            }
        }

        private func bind(_ statement: Statement, _ value: Int64?, at index: Int) throws {
            try statement.bind(value.map(SQLiteValue.integer) ?? .null, at: index)
        }

        /// The rows of one case, from its attempts and outcomes in index
        /// order (derived.sql step 4).
        private func writeCase(_ caseID: Text, category: Text, size: Int64?, registeredAt: Text) throws {
            // derived_base: the current outcome is the last in outcomes_by_case order.
            let current = caseOutcomes.last
            let resolved = current?.isResolved ?? false
            let turnedAway = Int64(caseAttempts.count { $0.isTurnedAway })
            let entry = caseAttempts.first { $0.isAdmitted }

            // derived_cases: la (unresolved only) is the last attempt; fa the first admitted one.
            let latest = resolved ? nil : caseAttempts.last
            let statusAt = current?.occurredAt ?? .null
            let lastActivityAt: Text
            if resolved {
                lastActivityAt = .null
            } else if latest == nil && statusAt.isNull {
                lastActivityAt = registeredAt
            } else if let latest, statusAt.isNull || !less(latest.attemptedAt, statusAt) {
                lastActivityAt = latest.attemptedAt
            } else {
                lastActivityAt = statusAt
            }
            let activityKey = lastActivityAt.isNull ? nil : key(lastActivityAt)
            var activityEpoch: Int64?
            if let activityKey, let zoneShift, let local = try epoch(activityKey) {
                // unixepoch() is NULL for an instant past 9999-12-31T23:59:59Z
                // (a late time in a zone west of Greenwich).
                let instant = local + zoneShift
                activityEpoch = instant <= DerivedCaseFill.lastSQLiteInstant ? instant : nil
            }
            var entrySeconds: Int64?
            var entryBefore: Int64?
            if let entry {
                if let entered = try epoch(Array(bytes(entry.key))), let first = try epoch(Array(bytes(caseAttempts[0].key))) {
                    entrySeconds = entered - first
                }
                // Attempts with a smaller key: those before the first with fa's key (index order).
                entryBefore = Int64(caseAttempts.firstIndex { !less($0.key, entry.key) } ?? caseAttempts.count)
            }

            let statement = insertCase
            try statement.reset()
            try bind(statement, caseID, at: 1)
            try bind(statement, category, at: 2)
            try bind(statement, size, at: 3)
            try bind(statement, Int64(caseAttempts.count), at: 4)
            try bind(statement, entry == nil ? 0 : 1, at: 5)
            if let current { try bind(statement, current.status, at: 6) } else { try statement.bind(text: noneStatus, at: 6) }
            try bind(statement, statusAt, at: 7)
            try bind(statement, current?.location ?? .null, at: 8)
            try bind(statement, resolved ? 1 : 0, at: 9)
            try bind(statement, resolved ? nil : turnedAway, at: 10)
            try bind(statement, latest?.attemptedAt ?? .null, at: 11)
            try bind(statement, latest?.musterPointID ?? .null, at: 12)
            try bind(statement, lastActivityAt, at: 13)
            try statement.bind(text: resolved ? nil : activityKey ?? [], at: 14)
            try bind(statement, activityEpoch, at: 15)
            try bind(statement, entry?.musterPointID ?? .null, at: 16)
            try bind(statement, entrySeconds, at: 17)
            try bind(statement, entryBefore, at: 18)
            try statement.step()

            // derived_case_muster_points: one row per muster point of its
            // attempts' routes (written once: a repeat costs an ignored insert).
            let arrived: Int64 = current?.isArrived == true ? 1 : 0
            for (index, attempt) in caseAttempts.enumerated() where !attempt.musterPointID.isNull {
                let point = bytes(attempt.musterPointID)
                guard !caseAttempts[..<index].contains(where: { !$0.musterPointID.isNull && bytes($0.musterPointID) == point })
                else { continue }
                try insertMusterPoint.reset()
                try bind(insertMusterPoint, attempt.musterPointID, at: 1)
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
            for attempt in caseAttempts where attempt.isAdmitted {
                try insertAdmitted.reset()
                try bind(insertAdmitted, attempt.routeID, at: 1)
                try bind(insertAdmitted, caseID, at: 2)
                try bind(insertAdmitted, attempt.id, at: 3)
                try bind(insertAdmitted, attempt.attemptedAt, at: 4)
                try bind(insertAdmitted, attempt.escortRunID, at: 5)
                try bind(insertAdmitted, attempt.people ?? size, at: 6)
                try insertAdmitted.step()

                if latestResolvedKey.map({ less($0, attempt.key) }) ?? true {
                    try writeFinding(kind: attemptsKind, id: attempt.id, problem: admittedProblem, caseID: caseID)
                }
            }
            // A resolved outcome followed (in index order) by a still_in_country.
            if let lastStill = caseOutcomes.lastIndex(where: { $0.isStillInCountry }) {
                for outcome in caseOutcomes[..<lastStill] where outcome.isResolved {
                    try writeFinding(kind: outcomesKind, id: outcome.id, problem: reversedProblem, caseID: caseID)
                }
            }
        }

        private func writeFinding(kind: [UInt8], id: Text, problem: [UInt8], caseID: Text) throws {
            try insertFinding.reset()
            try insertFinding.bind(text: kind, at: 1)
            try bind(insertFinding, id, at: 2)
            try insertFinding.bind(text: problem, at: 3)
            try bind(insertFinding, caseID, at: 4)
            try insertFinding.step()
        }
    }

    // The texts derived.sql writes and compares with.
    private static let resolvedStatuses: [[UInt8]] = Passage.Outcome.Status.allCases.filter(\.isResolved).map { Array($0.rawValue.utf8) }
    private static let admittedResult = Array("admitted".utf8)
    private static let turnedAwayResult = Array("turned_away".utf8)
    private static let noneStatus = Array("none".utf8)
    private static let arrivedStatus = Array("arrived".utf8)
    private static let stillInCountryStatus = Array("still_in_country".utf8)
    private static let attemptsKind = Array("attempts".utf8)
    private static let outcomesKind = Array("outcomes".utf8)
    private static let admittedProblem = Array("admitted attempt with no resolved outcome after it".utf8)
    private static let reversedProblem = Array("resolved outcome followed by a later still_in_country".utf8)
}

extension Statement {
    /// Binds bytes as text, NULL for nil.
    func bind(text bytes: [UInt8]?, at index: Int) throws {
        guard let bytes else { return try bind(.null, at: index) }
        try bytes.withUnsafeBytes { try bindText($0, at: index) }
    }
}
