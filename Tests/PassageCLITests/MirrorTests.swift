import Foundation
import Passage
import PassagePostgres
import PassageSQLite
import Testing

/// The small fixture's nine files, in the loader's input format.
let smallFixtureFiles = ["sources", "muster_points", "gates", "routes", "cases", "escort_runs", "attempts", "incidents", "outcomes"]
    .map { smallFixturePath + "/\($0).csv" }

@Suite("passage mirror: tables, changes, deletions, personal values", .enabled(if: PostgresCluster.testsRun, "needs PostgreSQL's server (apt-get install postgresql)"))
struct MirrorTests {
    @Test("a first mirror creates the schema and holds every record, load and audit row, with typed columns")
    func firstMirror() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        let output = try fixture.mirrorSucceeds()
        // The test server offers TLS, which libpq's default sslmode (prefer) takes.
        #expect(output.contains("Created the mirror in \(fixture.url), schema passage (TLS):"), "\(output)")
        #expect(output.contains("cases: 15 inserted, 0 updated, 0 deleted"), "\(output)")
        try fixture.expectMirrorMatchesDatabase()

        let postgres = try fixture.postgres()
        defer { postgres.close() }
        let types = try postgres.query("""
            SELECT table_name || '.' || column_name, data_type FROM information_schema.columns
            WHERE table_schema = 'passage' AND (table_name, column_name) IN
                (('cases', 'size'), ('muster_points', 'latitude'), ('outcomes', 'occurred_at'), ('outcomes', 'occurred_at_date'),
                 ('audit', 'previous'), ('loads', 'started_at'))
            ORDER BY 1
            """).map { "\($0[0]!)=\($0[1]!)" }
        #expect(types == ["audit.previous=jsonb", "cases.size=bigint", "loads.started_at=timestamp with time zone",
                          "muster_points.latitude=double precision", "outcomes.occurred_at=timestamp with time zone",
                          "outcomes.occurred_at_date=date"])
        // A date alone is local midnight (+04:30) with its date beside it; a full time has no date.
        let dates = try postgres.query("SELECT id, registered_at::text, registered_at_date::text FROM passage.cases WHERE id IN ('C-01', 'C-03') ORDER BY id")
        #expect(dates == [["C-01", "2021-08-19 19:30:00+00", "2021-08-20"], ["C-03", "2021-08-21 09:30:00+00", nil]])
        // The enum checks, keys and references hold on the PostgreSQL side too.
        for (sql, state) in [
            ("INSERT INTO passage.cases (id, category, size, load_id, load_row, revision) VALUES ('C-X', 'tourist', 1, 1, 1, 1)", "23514"),
            ("INSERT INTO passage.cases (id, category, size, load_id, load_row, revision) VALUES ('C-01', 'lpr', 1, 1, 1, 1)", "23505"),
            ("INSERT INTO passage.cases (id, category, size, load_id, load_row, revision) VALUES ('bad id', 'lpr', 1, 1, 1, 1)", "23514"),
            ("INSERT INTO passage.cases (id, category, size, load_id, load_row, revision) VALUES ('C-Y', 'lpr', 0, 1, 1, 1)", "23514"),
            ("BEGIN; SET CONSTRAINTS ALL IMMEDIATE; INSERT INTO passage.outcomes (id, case_id, status, occurred_at, load_id, load_row, revision) VALUES ('O-X', 'C-none', 'arrived', now(), 1, 1, 1)", "23503"),
        ] {
            #expect(throws: PostgresError.self, "\(sql)") {
                do { try postgres.execute(sql) } catch let error as PostgresError {
                    try? postgres.execute("ROLLBACK")
                    #expect(error.sqlState == state, "\(sql): \(error)")
                    throw error
                }
            }
        }
    }

    @Test("every record kind is a table with the kind's columns, a date beside each time, and a reference for each reference")
    func everyKindIsMirrored() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        try fixture.mirrorSucceeds()
        let postgres = try fixture.postgres()
        defer { postgres.close() }
        for kind in RecordKind.allCases {
            var expected: [String] = []
            for column in kind.columns {
                expected.append(column.name)
                if case .time = column.type, !column.isPersonal { expected.append(column.name + "_date") }
            }
            expected += ["load_id", "load_row", "revision"]
            let columns = try postgres.query("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = 'passage' AND table_name = $1 ORDER BY ordinal_position
                """, [kind.table]).compactMap { $0[0] }
            #expect(columns == expected, "\(kind.table)")
            let references = kind.columns.filter { if case .reference = $0.type { true } else { false } }.count
            // Added after the tables were filled: deferred to the commit all the same.
            let foreignKeys = Int(try postgres.scalar("""
                SELECT count(*) FROM pg_constraint
                WHERE contype = 'f' AND condeferrable AND condeferred AND conrelid = to_regclass('passage.' || $1)
                """, [kind.table]) ?? "") ?? -1
            #expect(foreignKeys == references + 1, "\(kind.table): its references and load_id")
            let indexes = Int(try postgres.scalar("""
                SELECT count(*) FROM pg_index WHERE NOT indisprimary AND indrelid = to_regclass('passage.' || $1)
                """, [kind.table]) ?? "") ?? -1
            #expect(indexes == references, "\(kind.table): an index per reference")
        }
    }

    @Test("a run with nothing new writes no row (row versions and the server's row counters stay as they were)")
    func nothingNewWritesNothing() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        try fixture.mirrorSucceeds()
        // The same files again: a load that changes nothing, then a mirror.
        try fixture.load(smallFixtureFiles)
        try fixture.mirrorSucceeds()
        let versions = try fixture.rowVersions()
        let changes = try fixture.rowChangeCount()
        let output = try fixture.mirrorSucceeds()
        #expect(output.contains("Nothing new since the last mirror"))
        #expect(try fixture.rowVersions() == versions)
        #expect(try fixture.rowChangeCount() == changes)
    }

    @Test("a mirror after a reload sends the inserted and updated records only, and the audit rows")
    func incrementalMirror() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        try fixture.mirrorSucceeds()
        let before = try fixture.rowVersions()
        let cases = fixture.folder.write("changes/cases.csv", """
            id,label,category,size,children,contact,registered_at,source_id,notes
            C-01,Family of John Doe,us_citizen,5,2,net-A,2021-08-20,S-NET,Father holds a US passport
            C-99,New family,siv,3,,net-B,2021-08-30,S-NET,

            """)
        let attempts = fixture.folder.write("changes/attempts.csv", """
            id,case_id,route_id,attempted_at,result,escort_run_id,people,source_id,notes
            A-900,C-99,R-1,2021-08-30T08:00,admitted,,,S-NET,

            """)
        try fixture.load([cases, attempts])
        let output = try fixture.mirrorSucceeds()
        #expect(output.contains("cases: 1 inserted, 1 updated, 0 deleted"), "\(output)")
        #expect(output.contains("attempts: 1 inserted, 0 updated, 0 deleted"), "\(output)")
        #expect(output.contains("audit: 1 inserted"), "\(output)")
        try fixture.expectMirrorMatchesDatabase()
        let after = try fixture.rowVersions()
        for table in ["sources", "muster_points", "gates", "routes", "escort_runs", "incidents", "outcomes"] {
            #expect(after[table] == before[table], "\(table) was written although nothing of it changed")
        }
        let changedCases = Set(after["cases"]!.split(separator: " ")).subtracting(before["cases"]!.split(separator: " "))
        #expect(changedCases.count == 2, "one case inserted, one updated: \(before["cases"]!) → \(after["cases"]!)")
        try expectThreeReportsMatch(fixture, asOf: "2021-09-01T00:00:00+04:30")
    }

    @Test("a reload that only updates is found through the audit; a record saved outside a file load (a duplicates decision) arrives too")
    func updatesOnlyAndSavedRecords() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        try fixture.mirrorSucceeds()
        // No load after the mirror inserted anything: the run reads the
        // changed records through the audit instead of scanning each table.
        try fixture.load([fixture.folder.write("changes/cases.csv", "id,category,size\nC-01,us_citizen,5\nC-02,lpr,3\n")])
        let output = try fixture.mirrorSucceeds()
        #expect(output.contains("cases: 0 inserted, 1 updated, 0 deleted"), "\(output)")
        #expect(output.contains("audit: 1 inserted"), "\(output)")
        try fixture.expectMirrorMatchesDatabase()
        // `duplicates confirm` saves its decision as a load without
        // per-kind counts: every table is looked at again.
        let decided = try fixture.run(["duplicates", "confirm", "C-01", "C-02", "--db", fixture.db])
        #expect(decided.status == 0, "\(decided.standardError)")
        let again = try fixture.mirrorSucceeds()
        #expect(again.contains("case_links: 1 inserted, 0 updated, 0 deleted"), "\(again)")
        try fixture.expectMirrorMatchesDatabase()
    }

    @Test("a deletion (audited with action delete) reaches the mirror; a record loaded again comes back")
    func deletionsTravel() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        try fixture.mirrorSucceeds()
        let sqlite = try PassageSQLite.Connection(path: fixture.db)
        try sqlite.execute("DELETE FROM outcomes WHERE id = 'O-03'; DELETE FROM cases WHERE id = 'C-09'")
        #expect(try sqlite.scalarInt("SELECT count(*) FROM audit WHERE action = 'delete'") == 2)
        try sqlite.close()
        let output = try fixture.mirrorSucceeds()
        #expect(output.contains("outcomes: 0 inserted, 0 updated, 1 deleted"), "\(output)")
        #expect(output.contains("cases: 0 inserted, 0 updated, 1 deleted"), "\(output)")
        try fixture.expectMirrorMatchesDatabase()

        try fixture.load([smallFixturePath + "/outcomes.csv"])
        let again = try fixture.mirrorSucceeds()
        #expect(again.contains("outcomes: 1 inserted"), "\(again)")
        try fixture.expectMirrorMatchesDatabase()
    }

    @Test("personal columns stay empty without --include-personal, in the records and the audit; with it they are in clear")
    func personalColumns() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        // An update, so that the audit holds a previous label and notes.
        let cases = fixture.folder.write("changes/cases.csv", """
            id,label,category,size
            C-01,Family of John Doe (renamed),us_citizen,4

            """)
        try fixture.load([cases])
        try fixture.mirrorSucceeds()
        try fixture.expectMirrorMatchesDatabase(personal: false)
        let postgres = try fixture.postgres()
        defer { postgres.close() }
        let personalCounts = """
            SELECT (SELECT count(*) FROM passage.cases WHERE label IS NOT NULL OR contact IS NOT NULL OR notes IS NOT NULL)
                 + (SELECT count(*) FROM passage.sources WHERE notes IS NOT NULL)
                 + (SELECT count(*) FROM passage.audit
                    WHERE previous ->> 'label' IS NOT NULL OR previous ->> 'contact' IS NOT NULL OR previous ->> 'notes' IS NOT NULL)
            """
        #expect(try postgres.scalar(personalCounts) == "0")
        #expect(try postgres.scalar("SELECT previous ->> 'category' FROM passage.audit WHERE record_id = 'C-01'") == "us_citizen")

        let withPersonal = try fixture.mirrorSucceeds(["--include-personal"])
        #expect(withPersonal.contains("cases: 0 inserted, 16 updated") || withPersonal.contains("cases: 0 inserted, 1"), "\(withPersonal)")
        try fixture.expectMirrorMatchesDatabase(personal: true)
        #expect(try postgres.scalar("SELECT previous ->> 'label' FROM passage.audit WHERE record_id = 'C-01'") == "Family of John Doe")

        try fixture.mirrorSucceeds()
        try fixture.expectMirrorMatchesDatabase(personal: false)
        #expect(try postgres.scalar(personalCounts) == "0")
    }

    @Test("members (added after the mirror was written) are mirrored from their description; their personal columns only with --include-personal")
    func membersAreMirrored() throws {
        let fixture = try MirrorFixture()
        try fixture.load([samplePath])
        try fixture.mirrorSucceeds()
        try fixture.expectMirrorMatchesDatabase(personal: false)
        let postgres = try fixture.postgres()
        defer { postgres.close() }
        let members = try postgres.query("""
            SELECT count(*), count(name), count(birth_date), count(document_number), count(phone), count(DISTINCT relationship)
            FROM passage.members
            """).first ?? []
        #expect(members.first! != "0", "the sample's members are mirrored")
        #expect(Array(members.dropFirst().prefix(4)) == ["0", "0", "0", "0"], "personal member columns stay empty")
        try fixture.mirrorSucceeds(["--include-personal"])
        try fixture.expectMirrorMatchesDatabase(personal: true)
        #expect(try postgres.scalar("SELECT name FROM passage.members WHERE id = 'm-01-1'") == "Mohammad Hussain Rahimi")
        #expect(try postgres.scalar("SELECT birth_date FROM passage.members WHERE id = 'm-01-1'") == "1979-04-12")
    }

    @Test("both databases record the last load and audit row sent; SQLite's record holds no password")
    func bothSidesRecordTheMirror() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        let withPassword = fixture.url.replacingOccurrences(of: "admin@", with: "admin:\(PostgresCluster.adminPassword)@")
        let result = try fixture.mirror(url: withPassword)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardOutput.contains(PostgresCluster.adminPassword))
        let recorded = try fixture.run(["query", "--db", fixture.db, "--format", "csv",
                                            "SELECT target, schema_name, last_load_id, last_audit_id FROM mirrors"])
        #expect(recorded.standardOutput == "target,schema_name,last_load_id,last_audit_id\n\(fixture.url),passage,1,0\n")
        let postgres = try fixture.postgres()
        defer { postgres.close() }
        let sqlite = try PassageSQLite.Connection(path: fixture.db, mode: .readOnly)
        let databaseID = try sqlite.scalarText("SELECT value FROM settings WHERE key = 'database_id'")
        try sqlite.close()
        let state = try postgres.query("SELECT database_id, last_load_id::text, last_audit_id::text, personal FROM passage.passage_mirror")
        #expect(state == [[databaseID, "1", "0", "omitted"]])
    }

    @Test("a database that skipped migration 8 (it took a higher one first) gets its bookkeeping from the mirror")
    func skippedMigrationIsMadeUp() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        let sqlite = try PassageSQLite.Connection(path: fixture.db)
        try sqlite.execute("DROP TABLE mirrors; DELETE FROM settings WHERE key = 'database_id'")
        try sqlite.close()
        try fixture.mirrorSucceeds()
        let recorded = try fixture.run(["query", "--db", fixture.db, "--format", "csv",
                                            "SELECT (SELECT count(*) FROM mirrors), (SELECT length(value) FROM settings WHERE key = 'database_id')"])
        #expect(recorded.standardOutput.hasSuffix("\n1,32\n"), "\(recorded.standardOutput)")
    }

    @Test("a schema that mirrors another database is refused, naming both; another schema takes it")
    func otherDatabaseRefused() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        try fixture.mirrorSucceeds()
        let versions = try fixture.rowVersions()
        let other = fixture.folder.file("other.db")
        let loaded = try fixture.run(["load", "--db", other, samplePath])
        #expect(loaded.status == 0)
        let refused = try fixture.run(["mirror", "--db", other, fixture.url])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("mirrors another passage database"), "\(refused.standardError)")
        #expect(refused.standardError.contains(FilePaths.realPath(fixture.db)!), "\(refused.standardError)")
        #expect(refused.standardError.contains(FilePaths.realPath(other)!), "\(refused.standardError)")
        #expect(try fixture.rowVersions() == versions)
        let elsewhere = try fixture.run(["mirror", "--db", other, fixture.url, "--schema", "other_team"])
        #expect(elsewhere.status == 0, "\(elsewhere.standardError)")
    }

    @Test("a schema passage did not make is refused and left alone; a bad schema name is refused")
    func foreignSchemaRefused() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        let postgres = try fixture.postgres()
        defer { postgres.close() }
        try postgres.execute("CREATE SCHEMA passage; CREATE TABLE passage.cases (note text); INSERT INTO passage.cases VALUES ('theirs')")
        let refused = try fixture.mirror()
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("schema passage in \(fixture.url) was not made by passage mirror"), "\(refused.standardError)")
        #expect(try postgres.query("SELECT note FROM passage.cases") == [["theirs"]])
        #expect(try postgres.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'passage'") == "1")

        let badName = try fixture.mirror(["--schema", "Team-A; DROP"])
        #expect(badName.status == 1)
        #expect(badName.standardError.contains("--schema must be"), "\(badName.standardError)")
    }

    @Test("a mirror writer role and a read-only role, as docs/mirror.md sets them up")
    func writerAndReaderRoles() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        let admin = try fixture.postgres()
        defer { admin.close() }
        let writer = "w_" + fixture.postgresDatabase.suffix(12), reader = "r_" + fixture.postgresDatabase.suffix(12)
        try admin.execute("""
            CREATE ROLE \(writer) LOGIN PASSWORD 'writer-pw';
            CREATE ROLE \(reader) LOGIN PASSWORD 'reader-pw';
            GRANT CREATE ON DATABASE \(fixture.postgresDatabase) TO \(writer);
            """)
        let mirrored = try fixture.mirror(url: fixture.cluster.url(database: fixture.postgresDatabase, user: writer), environment: ["PGPASSWORD": "writer-pw"])
        #expect(mirrored.status == 0, "\(mirrored.standardError)")
        let owner = try fixture.cluster.connect(database: fixture.postgresDatabase, user: writer, password: "writer-pw")
        try owner.execute("""
            GRANT USAGE ON SCHEMA passage TO \(reader);
            GRANT SELECT ON ALL TABLES IN SCHEMA passage TO \(reader);
            ALTER DEFAULT PRIVILEGES IN SCHEMA passage GRANT SELECT ON TABLES TO \(reader);
            """)
        owner.close()
        let reading = try fixture.cluster.connect(database: fixture.postgresDatabase, user: reader, password: "reader-pw")
        defer { reading.close() }
        #expect(try reading.scalar("SELECT count(*) FROM passage.entries_per_route") == "5")
        #expect(try reading.scalar("SELECT count(*) > 0 FROM passage.unresolved(now())") == "t")
        #expect(throws: PostgresError.self) { try reading.execute("DELETE FROM passage.cases") }
    }
}

/// The three reports of the PostgreSQL side against `passage report`.
/// `asOf` is passage's parameter; `postgresAsOf` the same instant for
/// PostgreSQL when `asOf` is a date alone (local midnight in the event zone).
func expectThreeReportsMatch(_ fixture: MirrorFixture, asOf: String, postgresAsOf: String? = nil,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
    try fixture.expectReportMatches("entries-per-route", postgresQuery: "SELECT * FROM entries_per_route",
                                    timeColumns: ["first_entry_at", "last_entry_at"], sourceLocation: sourceLocation)
    try fixture.expectReportMatches("outcomes-by-muster-point", postgresQuery: "SELECT * FROM outcomes_by_muster_point",
                                    timeColumns: [], sourceLocation: sourceLocation)
    try fixture.expectReportMatches("unresolved", postgresQuery: "SELECT * FROM unresolved('\(postgresAsOf ?? asOf)')",
                                    timeColumns: ["last_attempt_at", "last_activity_at"], parameters: ["as_of=\(asOf)"],
                                    sourceLocation: sourceLocation)
}
