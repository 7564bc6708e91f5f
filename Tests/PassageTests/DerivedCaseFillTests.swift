import Foundation
@testable import Passage
import PassageSQLite
import Testing

/// A first load writes the per-case derived rows in one merged pass
/// (`DerivedCaseFill`) instead of `Schema/refresh/derived.sql`; both must
/// give exactly the same rows. Random worlds make the cases the SQL is
/// careful about: ties of time (a date alone and local midnight share a
/// key), attempts and outcomes in any order, resolved outcomes followed by
/// still_in_country, routes with no muster point, ids whose byte order is
/// not their alphabetical order, cases with nothing.
@Suite struct DerivedCaseFillTests {
    static let compared = DerivedCaseFill.tables + ["derived_turned_away"]

    /// A random world of `seed` loaded into a new store (in `folder`, kept
    /// while the caller holds it).
    func loadedRandomWorld(seed: UInt64) throws -> (folder: TemporaryDirectory, store: Store) {
        let folder = TemporaryDirectory()
        var world = RandomWorld(seed: seed)
        world.write(into: folder)
        let store = try makeStore(folder)
        let summary = try load(store, [folder.file("world")])
        #expect(summary.succeeded, "\(summary.problems)")
        return (folder, store)
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func aFirstLoadWritesWhatTheRefreshWrites(seed: UInt64) throws {
        let (folder, store) = try loadedRandomWorld(seed: seed)
        defer { withExtendedLifetime((folder, store)) {} }
        let connection = store.connection
        #expect(try connection.scalarInt("SELECT count(*) FROM derived_cases") == connection.scalarInt("SELECT count(*) FROM cases"))
        // The same rows from derived.sql, every case touched.
        try expectTheRefreshToWriteTheSame(connection, "the load's fill against derived.sql")

        // And from the fill alone, called directly (against the same snapshot).
        try connection.transaction(.immediate) {
            try clear(connection, tables: DerivedCaseFill.tables)
            #expect(try DerivedCaseFill.canFill(connection))
            try DerivedCaseFill.fill(connection)
            return .commit
        }
        try expectSameAsSnapshot(connection, "DerivedCaseFill.fill against the load")
    }

    /// A load into a database that holds some cases already, touching many:
    /// the merged pass writes the touched cases' rows (in place of the SQL's
    /// step 4) beside the rows of the cases left alone, and the result is
    /// the SQL's, whichever writes them. With most cases touched it reads
    /// every record; with a few, it seeks theirs (the last seed).
    @Test(arguments: [(5, false), (6, false), (7, true)] as [(UInt64, Bool)])
    func theMergedPassForTouchedCasesWritesWhatTheSQLWrites(seed: UInt64, touchesFew: Bool) throws {
        let (folder, store) = try loadedRandomWorld(seed: seed)
        defer { withExtendedLifetime((folder, store)) {} }
        let connection = store.connection
        // Change some cases' records, so that the touched cases hold old
        // derived rows to replace, then refresh them both ways.
        try connection.transaction(.immediate) {
            try connection.execute("UPDATE cases SET size = size + 1 WHERE id LIKE '%1%'")
            return .commit
        }
        for writer in [DerivedTables.CaseRowWriter.mergedPass, .sql] {
            try connection.transaction(.immediate) {
                try DerivedTables.beginTouching(connection)
                try connection.execute(touchesFew
                    ? "INSERT INTO temp.touched_cases (case_id) SELECT id FROM cases WHERE id LIKE '%1%'"
                    : "INSERT INTO temp.touched_cases (case_id) SELECT id FROM cases WHERE id LIKE '%1%' OR id IN (SELECT case_id FROM outcomes)")
                let touched = try #require(try connection.scalarInt("SELECT count(*) FROM temp.touched_cases"))
                let cases = try #require(try connection.scalarInt("SELECT count(*) FROM cases"))
                #expect((touched * 2 < cases) == touchesFew, "\(touched) of \(cases) cases touched")
                try DerivedTables.refresh(connection, caseRows: writer)
                return .commit
            }
            if writer == .mergedPass { try snapshot(connection) }
        }
        try expectSameAsSnapshot(connection, "the merged pass against derived.sql for the touched cases")
        // And both against every case computed again by the SQL.
        try expectTheRefreshToWriteTheSame(connection, "after the touched refresh")
    }

    /// The fill's readers follow the indexes' order: SQLite reads them in
    /// order and sorts nothing, for every selection of cases (a sort would
    /// cost a reload time, not correctness: only this test would see it).
    @Test func theFillsReadersSortNothing() throws {
        let (folder, store) = try loadedRandomWorld(seed: 8)
        defer { withExtendedLifetime((folder, store)) {} }
        let connection = store.connection
        try DerivedTables.beginTouching(connection)
        try connection.execute("INSERT INTO temp.touched_cases (case_id) SELECT id FROM cases WHERE id LIKE '%1%'")
        for selection in [DerivedCaseFill.Cases.all, .touchedMost, .touchedFew] {
            let readers = DerivedCaseFill.readers(selection)
            for (query, index) in [(readers.cases, nil), (readers.attempts, "attempts_by_case"), (readers.outcomes, "outcomes_by_case")] {
                let statement = try connection.prepare("EXPLAIN QUERY PLAN " + query)
                defer { statement.finalize() }
                var plan: [String] = []
                while try statement.step() { plan.append(statement.text(at: 3) ?? "") }
                #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(selection): \(plan)")
                if let index { #expect(plan.contains { $0.contains("COVERING INDEX \(index)") }, "\(selection): \(plan)") }
            }
        }
    }

    /// A big load into a database holding a few records already: the
    /// tables it writes in bulk have their indexes sorted afterwards and
    /// their cases touched all at once; every index is back, and the derived
    /// rows are the SQL's for every case.
    @Test func aBigLoadIntoASmallDatabaseWritesWhatTheRefreshWrites() throws {
        let folder = TemporaryDirectory()
        var world = RandomWorld(seed: 8)
        world.write(into: folder)
        folder.write("few/muster_points.csv", "id,name\nMP-A,A\n")
        folder.write("few/cases.csv", "id,category,size,registered_at\nC-1,lpr,6,2021-08-24\nX-1,siv,2,\n")
        folder.write("few/outcomes.csv", "id,case_id,status,occurred_at,location\nO-X,X-1,arrived,2021-08-29,Doha\n")
        let store = try makeStore(folder)
        #expect(try load(store, [folder.file("few")]).succeeded)
        let connection = store.connection
        let indexes = "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name)"
        let before = try connection.scalarText(indexes)
        let summary = try load(store, [folder.file("world")])
        #expect(summary.succeeded, "\(summary.problems)")
        #expect(summary.counts[.cases]?.updated == 1)
        #expect(try connection.scalarText(indexes) == before)
        #expect(try connection.scalarInt("SELECT count(*) FROM derived_cases") == connection.scalarInt("SELECT count(*) FROM cases"))
        try expectTheRefreshToWriteTheSame(connection, "a big load into a small database")
    }

    /// derived_turned_away against its definition written plainly, one
    /// lookup per incident by id: the refresh takes the incidents in case
    /// order and looks an attempt up among its case's first. The worlds
    /// have incidents naming an attempt of their own case, of another case,
    /// of no case, and none.
    @Test(arguments: [1, 2] as [UInt64])
    func turnedAwayRowsFollowTheirDefinition(seed: UInt64) throws {
        let (folder, store) = try loadedRandomWorld(seed: seed)
        defer { withExtendedLifetime((folder, store)) {} }
        let connection = store.connection
        let named = """
            SELECT count(*) FROM incidents AS i JOIN attempts AS a ON a.id = i.attempt_id
            WHERE i.kind = 'turned_away' AND a.result <> 'turned_away' AND a.case_id IS
            """
        #expect(try connection.scalarInt(named + " i.case_id") ?? 0 > 0)
        #expect(try connection.scalarInt(named + " NOT i.case_id") ?? 0 > 0)
        let plain = """
            SELECT i.id, coalesce(i.muster_point_id, i.gate_id),
                   CASE WHEN i.muster_point_id IS NOT NULL THEN 'muster_point' ELSE 'gate' END,
                   coalesce((SELECT c.category FROM cases AS c WHERE c.id = i.case_id), 'unknown'),
                   i.people_affected, i.verification,
                   coalesce((SELECT a.result <> 'turned_away' FROM attempts AS a WHERE a.id = i.attempt_id), 0)
            FROM incidents AS i
            WHERE i.kind = 'turned_away'
            """
        let stored = "SELECT * FROM derived_turned_away"
        #expect(try connection.scalarInt("SELECT count(*) FROM derived_turned_away") == connection.scalarInt("SELECT count(*) FROM (\(plain))"))
        #expect(try connection.scalarInt("SELECT count(*) FROM (\(plain) EXCEPT \(stored))") == 0)
        #expect(try connection.scalarInt("SELECT count(*) FROM (\(stored) EXCEPT \(plain))") == 0)
        #expect(try connection.scalarInt("SELECT count(*) FROM derived_turned_away WHERE mismatch = 1") ?? 0 > 0)
    }

    /// The refresh's SQL is cut where the merged pass can take over.
    @Test func theRefreshHasItsCaseRowsMarked() throws {
        let parts = try #require(DerivedTables.refreshParts)
        #expect(parts.caseRows.contains("INSERT INTO derived_cases"))
        #expect(!parts.before.contains("INSERT INTO derived_cases") && !parts.after.contains("INSERT INTO derived_cases"))
        #expect(parts.after.contains("INSERT INTO derived_turned_away"))
    }

    /// Routes and incidents loaded before any case, the routes then changed
    /// by the load that brings the cases: the fill computes with the routes
    /// as they are now, and derived.sql (which sees the change) computes
    /// those cases again; the rows are still exactly the refresh's.
    @Test func routesChangedByTheFirstLoadOfCases() throws {
        let folder = TemporaryDirectory()
        var world = RandomWorld(seed: 9)
        world.write(into: folder)
        for name in ["muster_points.csv", "gates.csv", "escort_runs.csv"] {
            folder.write("before/" + name, try String(contentsOfFile: folder.file("world/" + name), encoding: .utf8))
        }
        folder.write("before/routes.csv", "id,muster_point_id,gate_id\nR-A,MP-B,G-1\nR-B,,G-1\nR-A2,MP-A,G-1\nR-N,mp-c,G-1\nr-c,mp-c,G-1\n")
        // Incidents of no case before any case: their derived rows exist
        // when the fill starts.
        folder.write("before/incidents.csv", "id,kind,occurred_at,muster_point_id,gate_id,people_affected\nI-old-1,turned_away,2021-08-24,MP-A,,3\nI-old-2,security,2021-08-24,,G-1,\n")
        let store = try makeStore(folder)
        #expect(try load(store, [folder.file("before")]).succeeded)
        let summary = try load(store, [folder.file("world")])
        #expect(summary.succeeded, "\(summary.problems)")
        #expect(summary.counts[.routes]?.updated == 3)
        let connection = store.connection
        try expectTheRefreshToWriteTheSame(connection, "routes changed by the first load of cases")
    }

    /// SQLite's unixepoch() has no instant past 9999-12-31T23:59:59Z: a late
    /// time in a zone west of Greenwich has no activity epoch, in the fill
    /// as in derived.sql.
    @Test func lateTimesWestOfGreenwichHaveNoEpoch() throws {
        let folder = TemporaryDirectory()
        let store = try makeStore(folder, zone: EventZone(offsetSeconds: -5 * 3600))
        folder.write("late/cases.csv", """
            id,category,size,registered_at
            C-1,siv,2,9999-12-31T20:00
            C-2,siv,2,9999-12-31T18:59:59
            C-3,lpr,1,9999-12-31
            C-4,lpr,1,0001-01-01T00:00

            """)
        let summary = try load(store, [folder.file("late")])
        #expect(summary.succeeded, "\(summary.problems)")
        let connection = store.connection
        #expect(try connection.scalarInt("SELECT count(*) FROM derived_cases WHERE activity_epoch IS NULL") == 1)
        #expect(try connection.scalarInt("SELECT activity_epoch FROM derived_cases WHERE case_id = 'C-2'") == DerivedCaseFill.lastSQLiteInstant)
        try expectTheRefreshToWriteTheSame(connection, "late times, zone -05:00")
    }

    /// The fixture's reports are checked by hand (ReportFixtureTests); here
    /// its derived rows are checked against derived.sql too.
    @Test func theFixtureFillMatchesTheRefresh() throws {
        let folder = TemporaryDirectory()
        let store = try makeStore(folder)
        let summary = try load(store, [ReportFixtureTests.fixtures])
        #expect(summary.succeeded, "\(summary.problems)")
        let connection = store.connection
        try expectTheRefreshToWriteTheSame(connection, "fixture")
    }

    @Test func fillRunsOnlyOnEmptyDerivedTables() throws {
        let folder = TemporaryDirectory()
        let store = try makeStore(folder)
        #expect(try DerivedCaseFill.canFill(store.connection))
        let summary = try load(store, [ReportFixtureTests.fixtures])
        #expect(summary.succeeded)
        #expect(try !DerivedCaseFill.canFill(store.connection))
    }

    /// `epoch(ofKey:)` reads a key as SQLite's unixepoch does, or declines.
    @Test func epochsAreSQLitesOwn() throws {
        let folder = TemporaryDirectory()
        let store = try makeStore(folder)
        let statement = try store.connection.prepare("SELECT unixepoch(?)")
        defer { statement.finalize() }
        var keys = ["1970-01-01T00:00:00", "2021-08-26T17:48:00", "2000-02-29T23:59:59", "1900-03-01T00:00:00",
                    "0000-01-01T00:00:00", "9999-12-31T23:59:59", "2021-02-31T10:00:00", "1969-12-31T23:59:59"]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let year = Int.random(in: 0...9999, using: &generator), month = Int.random(in: 1...12, using: &generator)
            let day = Int.random(in: 1...31, using: &generator), hour = Int.random(in: 0...23, using: &generator)
            let minute = Int.random(in: 0...59, using: &generator), second = Int.random(in: 0...59, using: &generator)
            keys.append(String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second))
        }
        for key in keys {
            try statement.reset()
            try statement.bind([key])
            #expect(try statement.step())
            #expect(DerivedCaseFill.epoch(ofKey: Array(key.utf8)) == statement.optionalInt(at: 0), "\(key)")
        }
        // What it does not read, SQLite is asked for (the fill falls back).
        for key in ["2021-08-26T24:00:00", "2021-13-01T00:00:00", "2021-08-26 17:48:00", "2021-08-26T17:48", "２０２１-08-26T17:48:00"] {
            #expect(DerivedCaseFill.epoch(ofKey: Array(key.utf8)) == nil, "\(key)")
        }
    }

    @Test func keysAreDerivedSQLsKeys() {
        #expect(DerivedCaseFill.key(Array("2021-08-26".utf8)) == Array("2021-08-26T00:00:00".utf8))
        #expect(DerivedCaseFill.key(Array("2021-08-26T17:48:00+04:30".utf8)) == Array("2021-08-26T17:48:00".utf8))
    }

    // MARK: Helpers

    private func snapshot(_ connection: Connection) throws {
        for table in Self.compared {
            try connection.execute("DROP TABLE IF EXISTS temp.snapshot_\(table)")
            try connection.execute("CREATE TEMP TABLE snapshot_\(table) AS SELECT * FROM main.\(table)")
        }
    }

    /// Computes the derived tables again with derived.sql, every case
    /// touched, and expects the same rows as before.
    private func expectTheRefreshToWriteTheSame(_ connection: Connection, _ what: String) throws {
        try snapshot(connection)
        try refreshEveryCaseWithSQL(connection)
        try expectSameAsSnapshot(connection, what)
    }

    /// Empties the derived tables and computes them again with derived.sql, every case touched.
    private func refreshEveryCaseWithSQL(_ connection: Connection) throws {
        try connection.transaction(.immediate) {
            try clear(connection)
            try DerivedTables.beginTouching(connection)
            try DerivedTables.touchAll(of: .cases, connection)
            try DerivedTables.refresh(connection, caseRows: .sql)
            return .commit
        }
    }

    private func clear(_ connection: Connection, tables: [String] = compared) throws {
        for table in tables { try connection.execute("DELETE FROM main.\(table)") }
    }

    /// Same rows, compared by SQLite (BINARY, byte for byte), both ways.
    private func expectSameAsSnapshot(_ connection: Connection, _ what: String) throws {
        for table in Self.compared {
            let rows = try connection.scalarInt("SELECT count(*) FROM main.\(table)") ?? -1
            let kept = try connection.scalarInt("SELECT count(*) FROM temp.snapshot_\(table)") ?? -1
            let missing = try connection.scalarInt("SELECT count(*) FROM (SELECT * FROM temp.snapshot_\(table) EXCEPT SELECT * FROM main.\(table))")
            let extra = try connection.scalarInt("SELECT count(*) FROM (SELECT * FROM main.\(table) EXCEPT SELECT * FROM temp.snapshot_\(table))")
            #expect(rows == kept && missing == 0 && extra == 0, "\(what): \(table): \(rows) rows against \(kept), \(missing ?? -1) missing, \(extra ?? -1) extra")
        }
    }
}

/// A random valid world in CSV, made to hit the derived figures' edge cases.
struct RandomWorld {
    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    // Few distinct times, so that ties are common: a date alone, local
    // midnight (the same key), other hours, and a time in another zone.
    static let times = ["2021-08-24", "2021-08-24 00:00", "2021-08-24 22:00", "2021-08-24T17:30:00Z",
                        "2021-08-25", "2021-08-25 00:00", "2021-08-25 09:15:30", "2021-08-26 22:00",
                        "2021-08-26T22:00:00+04:30", "2021-08-27", "2021-08-27 03:00"]
    static let results = ["admitted", "turned_away", "turned_away", "aborted", "no_show", "unknown", "admitted"]
    static let statuses = ["still_in_country", "entered_airport", "departed", "at_transit_site", "arrived",
                           "withdrawn", "deceased", "unknown", "still_in_country"]
    static let routes = ["R-A", "R-B", "R-A2", "R-N", "r-c"]

    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &generator)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &generator) < percent }

    mutating func write(into folder: TemporaryDirectory) {
        folder.write("world/muster_points.csv", "id,name\nMP-A,A\nMP-B,B\nmp-c,c\n")
        folder.write("world/gates.csv", "id,name\nG-1,Gate\n")
        folder.write("world/routes.csv", "id,muster_point_id,gate_id\nR-A,MP-A,G-1\nR-B,MP-B,G-1\nR-A2,MP-A,G-1\nR-N,,G-1\nr-c,mp-c,G-1\n")
        folder.write("world/escort_runs.csv", "id,route_id,escort,departed_at\nER-A,R-A,taliban,2021-08-24 22:00\n")
        var cases = "id,category,size,registered_at\n"
        var attempts = "id,case_id,route_id,attempted_at,result,escort_run_id,people\n"
        var outcomes = "id,case_id,status,occurred_at,location\n"
        var incidents = "id,kind,occurred_at,muster_point_id,gate_id,case_id,attempt_id,people_affected\n"
        var attemptNumber = 0, outcomeNumber = 0
        // Upper- and lower-case ids, and ids that are prefixes of others.
        let caseIDs = (0..<150).flatMap { ["C-\($0)", "c-\($0)"] } + ["C", "C-", "C-1.0", "C:1", "C_1"]
        for caseID in caseIDs {
            let size = Int.random(in: 1...6, using: &generator)
            let registered = chance(30) ? "" : pick(Self.times)
            cases += "\(caseID),\(pick(["lpr", "siv", "us_citizen", "other"])),\(size),\(registered)\n"
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                attemptNumber += 1
                let route = pick(Self.routes)
                let run = route == "R-A" && chance(50) ? "ER-A" : ""
                let people = chance(50) ? "" : String(Int.random(in: 1...size, using: &generator))
                let id = "A-\(attemptNumber)"
                let result = pick(Self.results)
                attempts += "\(id),\(caseID),\(route),\(pick(Self.times)),\(result),\(run),\(people)\n"
                if chance(40) {
                    // Mostly turned away, about this attempt of this case;
                    // also of no case or another, with no attempt or another's.
                    let kind = pick(["turned_away", "turned_away", "turned_away", "gate_closure", "security"])
                    let incidentCase = chance(70) ? caseID : chance(50) ? "" : pick(caseIDs)
                    let incidentAttempt = chance(60) ? id : chance(50) ? "" : "A-\(Int.random(in: 1...attemptNumber, using: &generator))"
                    let people = chance(20) ? "" : String(size)
                    incidents += "I-\(attemptNumber),\(kind),\(pick(Self.times)),\(route == "R-B" ? "MP-B" : ""),G-1,\(incidentCase),\(incidentAttempt),\(people)\n"
                }
            }
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                outcomeNumber += 1
                let location = chance(50) ? "" : "HKIA"
                outcomes += "O-\(outcomeNumber),\(caseID),\(pick(Self.statuses)),\(pick(Self.times)),\(location)\n"
            }
        }
        folder.write("world/cases.csv", cases)
        folder.write("world/attempts.csv", attempts)
        folder.write("world/outcomes.csv", outcomes)
        folder.write("world/incidents.csv", incidents)
    }
}
