import Foundation
import PassagePostgres
import Testing

/// A run that fails halfway leaves the mirror exactly as it was: a right
/// revoked on the last table, the server killed, passage killed, each while
/// the run has already written earlier tables in its transaction.
@Suite("passage mirror: a failure halfway leaves the mirror as it was", .enabled(if: PostgresCluster.testsRun, "needs PostgreSQL's server (apt-get install postgresql)"))
struct MirrorFailureTests {
    /// New cases, attempts and outcomes, and updates: every record table
    /// before outcomes gets rows in the failing run.
    func loadChanges(_ fixture: MirrorFixture) throws {
        try fixture.load([
            fixture.folder.write("changes/cases.csv", """
                id,label,category,size,children,contact,registered_at,source_id,notes
                C-01,Family of John Doe,us_citizen,6,2,net-A,2021-08-20,S-NET,
                C-98,New family,siv,3,,net-B,2021-08-30,S-NET,

                """),
            fixture.folder.write("changes/attempts.csv", """
                id,case_id,route_id,attempted_at,result,escort_run_id,people,source_id,notes
                A-901,C-98,R-1,2021-08-30T08:00,turned_away,,,S-NET,

                """),
            fixture.folder.write("changes/outcomes.csv", """
                id,case_id,status,occurred_at,location,source_id,notes
                O-901,C-98,arrived,2021-09-02,Ramstein,S-NET,

                """),
        ])
    }

    /// Makes the run stop at its INSERT into passage.outcomes (after the
    /// loads, cases and attempts are written) until `holder` lets go.
    func holdAtOutcomes(_ fixture: MirrorFixture, holder: PostgresConnection) throws {
        let admin = try fixture.postgres()
        defer { admin.close() }
        try admin.execute("""
            CREATE FUNCTION public.passage_test_hold() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN PERFORM pg_advisory_xact_lock(424242); RETURN NULL; END $$;
            CREATE TRIGGER passage_test_hold BEFORE INSERT ON passage.outcomes
            FOR EACH STATEMENT EXECUTE FUNCTION public.passage_test_hold();
            """)
        try holder.execute("SELECT pg_advisory_lock(424242)")
    }

    func releaseHold(_ fixture: MirrorFixture) throws {
        let admin = try fixture.postgres()
        defer { admin.close() }
        try admin.execute("DROP TRIGGER passage_test_hold ON passage.outcomes; DROP FUNCTION public.passage_test_hold()")
    }

    /// Starts `passage mirror` in the background; returns the process and
    /// the path of its standard error.
    func startMirror(_ fixture: MirrorFixture) throws -> (process: Process, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PassageProcess.executable)
        process.arguments = ["mirror", "--db", fixture.db, fixture.url]
        process.environment = ProcessInfo.processInfo.environment.merging(MirrorFixture.environment) { $1 }
        let errors = fixture.folder.file("mirror-stderr")
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, errors)
    }

    /// Waits until the run waits on the hold (it has sent everything before outcomes).
    func waitForHold(_ connection: PostgresConnection) throws {
        for _ in 0..<600 {
            if try connection.scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 424242 AND NOT granted") == "1" { return }
            usleep(50_000)
        }
        Issue.record("the mirror never reached its INSERT into outcomes")
    }

    /// What the SQLite side recorded of the last mirror.
    func recorded(_ fixture: MirrorFixture) throws -> String {
        try fixture.run(["query", "--db", fixture.db, "--format", "csv", "SELECT last_load_id, last_audit_id FROM mirrors"]).standardOutput
    }

    @Test("a right revoked on the audit table (the last one sent): the run fails, nothing of it stays; granted again, it goes through")
    func revokedRight() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        let admin = try fixture.postgres()
        defer { admin.close() }
        let writer = "w_" + fixture.postgresDatabase.suffix(12)
        try admin.execute("CREATE ROLE \(writer) LOGIN PASSWORD 'writer-pw'; GRANT CREATE ON DATABASE \(fixture.postgresDatabase) TO \(writer)")
        let asWriter = fixture.cluster.url(database: fixture.postgresDatabase, user: writer)
        #expect(try fixture.mirror(url: asWriter, environment: ["PGPASSWORD": "writer-pw"]).status == 0)
        let before = try fixture.rowVersions()
        let recordedBefore = try recorded(fixture)

        try admin.execute("REVOKE INSERT ON passage.audit FROM \(writer)")
        try loadChanges(fixture)
        let failed = try fixture.mirror(url: asWriter, environment: ["PGPASSWORD": "writer-pw"])
        #expect(failed.status == 1)
        #expect(failed.standardError.contains("permission denied for table audit"), "\(failed.standardError)")
        #expect(try fixture.rowVersions() == before)
        #expect(try recorded(fixture) == recordedBefore)

        try admin.execute("GRANT INSERT ON passage.audit TO \(writer)")
        let again = try fixture.mirror(url: asWriter, environment: ["PGPASSWORD": "writer-pw"])
        #expect(again.status == 0, "\(again.standardError)")
        try fixture.expectMirrorMatchesDatabase()
        #expect(try recorded(fixture) != recordedBefore)
    }

    @Test("the server killed mid-run: after its restart the mirror is as before, and the next run completes it")
    func serverKilled() throws {
        let cluster = try PostgresCluster()
        defer { cluster.stop() }
        let fixture = try MirrorFixture(cluster: cluster)
        try fixture.load(smallFixtureFiles)
        try fixture.mirrorSucceeds()
        let before = try fixture.rowVersions()
        let holder = try fixture.postgres()
        try holdAtOutcomes(fixture, holder: holder)
        try loadChanges(fixture)

        let (process, errors) = try startMirror(fixture)
        try waitForHold(holder)
        try cluster.kill()
        process.waitUntilExit()
        holder.close()
        #expect(process.terminationStatus == 1)
        let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        #expect(message.contains("Error: "), "\(message)")
        #expect(!message.contains(PostgresCluster.adminPassword))

        try cluster.restart()
        #expect(try fixture.rowVersions() == before)
        try releaseHold(fixture)
        try fixture.mirrorSucceeds()
        try fixture.expectMirrorMatchesDatabase()
    }

    @Test("passage killed mid-run (SIGKILL): the server rolls the run back, and the next run completes it")
    func passageKilled() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        try fixture.mirrorSucceeds()
        let before = try fixture.rowVersions()
        let recordedBefore = try recorded(fixture)
        let holder = try fixture.postgres()
        defer { holder.close() }
        try holdAtOutcomes(fixture, holder: holder)
        try loadChanges(fixture)

        let (process, _) = try startMirror(fixture)
        try waitForHold(holder)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Let the orphaned backend go on: it finds its client gone and rolls back.
        try holder.execute("SELECT pg_advisory_unlock(424242)")
        for _ in 0..<200 {
            if try holder.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'passage mirror' AND datname = $1", [fixture.postgresDatabase]) == "0" { break }
            usleep(50_000)
        }
        #expect(try fixture.rowVersions() == before)
        #expect(try recorded(fixture) == recordedBefore)
        try releaseHold(fixture)
        try fixture.mirrorSucceeds()
        try fixture.expectMirrorMatchesDatabase()
    }
}
