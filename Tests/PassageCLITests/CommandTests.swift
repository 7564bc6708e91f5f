import Foundation
import Testing

@Suite struct CommandTests {
    let folder = TemporaryDirectory()

    @Test func demoCreatesAFreshDatabaseAndPrintsTheReports() throws {
        let first = try PassageProcess.run(["demo"], in: folder.path)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("Loaded the Kabul sample into passage-demo.db"))
        #expect(first.standardOutput.contains("route_id"))
        #expect(first.standardOutput.contains("case_id"))
        #expect(first.standardOutput.contains("muster_point_id"))
        #expect(first.standardOutput.contains("Timeline of case case-01"))
        // Never overwrites: a second demo makes a second database.
        let second = try PassageProcess.run(["demo"], in: folder.path)
        #expect(second.status == 0)
        #expect(second.standardOutput.contains("passage-demo-2.db"))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.file("passage-demo.db"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func loadReportsAProblemWithFileAndLineAndChangesNothing() throws {
        let bad = folder.write("in/attempts.csv", "id,case_id,route_id,attempted_at,result\na-1,c-404,rt-x,2021-08-25T10:00,admitted\n")
        let result = try PassageProcess.run(["load", bad], in: folder.path)
        #expect(result.status != 0)
        #expect(result.standardError.contains("\(bad):2: case_id: no cases with id 'c-404'"))
        #expect(result.standardError.contains("Nothing was loaded"))
    }

    @Test func aLoadThatFailsOrADryRunCreatesNoDatabase() throws {
        let bad = folder.write("in/attempts.csv", "id,case_id,route_id,attempted_at,result\na-1,c-404,rt-x,2021-08-25T10:00,admitted\n")
        let failed = try PassageProcess.run(["load", bad, "--db", "new.db"], in: folder.path)
        #expect(failed.status != 0)
        let dryRun = try PassageProcess.run(["load", samplePath, "--db", "new.db", "--dry-run"], in: folder.path)
        #expect(dryRun.status == 0, "\(dryRun.standardError)")
        #expect(dryRun.standardOutput.contains("Dry run: nothing was changed."))
        // No database, and no temporary file beside where it would be.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["in"])

        // One that commits creates it, owner-only, in WAL mode, with the rows.
        let loaded = try PassageProcess.run(["load", samplePath, "--db", "new.db"], in: folder.path)
        #expect(loaded.status == 0, "\(loaded.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["in", "new.db"])
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.file("new.db"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // The header's read and write versions are 2 in WAL mode.
        let header = try Data(contentsOf: URL(fileURLWithPath: folder.file("new.db"))).prefix(20)
        #expect(header.count == 20 && header[18] == 2 && header[19] == 2)
        let cases = try PassageProcess.run(["query", "SELECT count(*) AS n FROM cases", "--db", "new.db", "--format", "csv"], in: folder.path)
        #expect(cases.standardOutput != "n\n0\n" && cases.standardOutput.hasPrefix("n\n"))

        // --rejects naming the database that does not exist yet is refused.
        let clash = try PassageProcess.run(["load", samplePath, "--db", "other.db", "--rejects", "other.db"], in: folder.path)
        #expect(clash.status != 0)
        // The library's error, worded by the CLI with its option's name.
        #expect(clash.standardError.contains("--rejects other.db is the database other.db"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("other.db")))
    }

    @Test func rejectsIntoStandardOutputOrAPipeWithNoReader() throws {
        let bad = folder.write("in/sources.csv", "id,kind\nsrc-x,rumour\n")
        // Appended to a file the shell opened with >>: what it held stays.
        folder.write("log.txt", "old line\n")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "\"$0\" load in/sources.csv --db s.db --rejects /dev/stdout >> log.txt", PassageProcess.executable]
        shell.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        try shell.run()
        shell.waitUntilExit()
        // Committed with a rejected row: exit 3.
        #expect(shell.terminationStatus == 3)
        let log = try String(contentsOfFile: folder.file("log.txt"), encoding: .utf8)
        #expect(log.hasPrefix("old line\nid,kind,name,reliability,notes,rejected_file,rejected_line,problem\n"), "\(log)")
        #expect(log.contains("src-x"))
        // A named pipe no process reads: an error at once, and no database.
        #expect(mkfifo(folder.file("pipe"), 0o600) == 0)
        let noReader = try PassageProcess.run(["load", bad, "--db", "p.db", "--rejects", "pipe"], in: folder.path)
        #expect(noReader.status != 0)
        #expect(noReader.standardError.contains("no process is reading this pipe"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("p.db")))
        // A --db that is a link to nothing is refused before any work.
        try FileManager.default.createSymbolicLink(atPath: folder.file("dangling.db"), withDestinationPath: folder.file("nowhere/x.db"))
        let dangling = try PassageProcess.run(["load", bad, "--db", "dangling.db"], in: folder.path)
        #expect(dangling.standardError.contains("--db dangling.db is a link to a file that does not exist"))
    }

    @Test func loadThenReloadIsIdempotent() throws {
        let first = try PassageProcess.run(["load", samplePath], in: folder.path)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("Load 1 committed"))
        // The summary's rows take --format like every command that prints rows.
        let second = try PassageProcess.run(["load", samplePath, "--format", "csv"], in: folder.path)
        #expect(second.status == 0)
        #expect(second.standardOutput.hasPrefix("kind,inserted,updated,unchanged,rejected\n"))
        #expect(second.standardOutput.hasSuffix("total,0,0,295,0\n"))
        #expect(second.standardError.contains("Load 2 committed"))
        let again = try PassageProcess.run(["load", samplePath], in: folder.path)
        #expect(again.status == 0)
        let totals = again.standardOutput.split(separator: "\n").first { $0.hasPrefix("total") }
        #expect(totals?.split(separator: " ").map(String.init) == ["total", "0", "0", "295", "0"])
    }

    @Test func dbOptionAndEnvironment() throws {
        let viaOption = try PassageProcess.run(["init", "--db", "a.db", "--zone", "+05:00"], in: folder.path)
        #expect(viaOption.status == 0)
        #expect(viaOption.standardOutput.contains("a.db: schema version"))
        #expect(viaOption.standardOutput.contains("event zone +05:00"))
        let viaEnvironment = try PassageProcess.run(["init"], in: folder.path, environment: ["PASSAGE_DB": folder.file("b.db")])
        #expect(viaEnvironment.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.file("b.db")))
        let badZone = try PassageProcess.run(["init", "--zone", "Kabul"], in: folder.path)
        #expect(badZone.status != 0)
        // SQLite's date functions read offsets up to 14:59 and no further.
        let farZone = try PassageProcess.run(["init", "--db", "c.db", "--zone", "+15:00"], in: folder.path)
        #expect(farZone.status != 0)
        #expect(farZone.standardError.contains("-14:59 to +14:59"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("c.db")))
        let westmost = try PassageProcess.run(["init", "--db", "c.db", "--zone", "-14:59"], in: folder.path)
        #expect(westmost.status == 0)
        #expect(westmost.standardOutput.contains("event zone -14:59"))
    }

    @Test func queryNeverChangesTheDatabase() throws {
        #expect(try PassageProcess.run(["load", samplePath], in: folder.path).status == 0)
        let before = try PassageProcess.run(["query", "SELECT count(*) AS n FROM cases", "--format", "csv"], in: folder.path)
        #expect(before.standardOutput == "n\n41\n")
        for sql in [
            "INSERT INTO sources (id, kind, load_id, load_row) VALUES ('x', 'media', 1, 1)",
            "UPDATE cases SET size = 99",
            "DELETE FROM outcomes",
            "DROP TABLE cases",
            "ATTACH DATABASE 'other.db' AS other",
            "PRAGMA user_version = 99",
            "VACUUM INTO 'copy.db'",
            "CREATE TABLE t (x)",
        ] {
            let result = try PassageProcess.run(["query", sql], in: folder.path)
            #expect(result.status != 0, "\(sql) was not refused")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("other.db")))
        #expect(!FileManager.default.fileExists(atPath: folder.file("copy.db")))
        let after = try PassageProcess.run(["query", "SELECT count(*) AS n FROM cases WHERE size < 99", "--format", "csv"], in: folder.path)
        #expect(after.standardOutput == "n\n41\n")
        let version = try PassageProcess.run(["query", "PRAGMA user_version", "--format", "csv"], in: folder.path)
        #expect(!version.standardOutput.contains("99"))
        let bound = try PassageProcess.run(["query", "SELECT id FROM cases WHERE id = :id", "--param", "id=case-01", "--format", "csv"], in: folder.path)
        #expect(bound.standardOutput == "id\ncase-01\n")
    }

    @Test func exportRedactsAndReloadsToTheSameReports() throws {
        #expect(try PassageProcess.run(["load", samplePath], in: folder.path).status == 0)
        let export = try PassageProcess.run(["export", "out"], in: folder.path)
        #expect(export.status == 0)
        #expect(export.standardError.contains("personal data"))
        let redacted = try PassageProcess.run(["export", "redacted", "--redact", "--format", "ndjson"], in: folder.path)
        #expect(redacted.status == 0)
        let cases = try String(contentsOfFile: folder.file("redacted/cases.ndjson"), encoding: .utf8)
        // Personal columns are left out, not emptied.
        #expect(!cases.contains("\"label\""))
        #expect(!cases.contains("\"contact\""))
        #expect(!cases.contains("\"notes\""))
        #expect(!cases.contains("Family of six"))
        // contact is personal too: it names who follows the case.
        #expect(!cases.contains("network volunteer desk"))
        #expect(cases.contains("\"id\":\"case-01\""))
        // Loaded back, the redacted files erase nothing: every record unchanged.
        let reloaded = try PassageProcess.run(["load", "redacted", "--format", "csv"], in: folder.path)
        #expect(reloaded.status == 0, "\(reloaded.standardError)")
        let total = reloaded.standardOutput.split(separator: "\n").last.map { $0.split(separator: ",").map(String.init) }
        #expect(total?.count == 5 && total?[1] == "0" && total?[2] == "0" && total?[4] == "0", "\(reloaded.standardOutput)")
        let label = try PassageProcess.run(["query", "SELECT label FROM cases WHERE id = 'case-01'", "--format", "csv"], in: folder.path)
        #expect(label.standardOutput == "label\nFamily of six (LPR)\n")
        let notEmpty = try PassageProcess.run(["export", "out"], in: folder.path)
        #expect(notEmpty.status != 0)
        #expect(try PassageProcess.run(["load", "--db", "copy.db", "out"], in: folder.path).status == 0)
        for report in ["entries-per-route", "outcomes-by-muster-point", "turned-away", "daily-entries", "time-to-entry", "escort-runs", "outcomes", "data-quality"] {
            let original = try PassageProcess.run(["report", report, "--format", "csv"], in: folder.path)
            let copy = try PassageProcess.run(["report", report, "--format", "csv", "--db", "copy.db"], in: folder.path)
            #expect(original.status == 0, "\(original.standardError)")
            #expect(original.standardOutput == copy.standardOutput, "\(report) differs after export and reload")
        }
        let unresolved = ["report", "unresolved", "--param", "as_of=2021-09-01", "--format", "csv"]
        #expect(try PassageProcess.run(unresolved, in: folder.path).standardOutput == PassageProcess.run(unresolved + ["--db", "copy.db"], in: folder.path).standardOutput)
    }

    @Test func anExportCarriesItsEventZoneToTheDatabaseItIsLoadedInto() throws {
        #expect(try PassageProcess.run(["init", "--db", "far.db", "--zone", "+09:30"], in: folder.path).status == 0)
        #expect(try PassageProcess.run(["load", samplePath, "--db", "far.db"], in: folder.path).status == 0)
        #expect(try PassageProcess.run(["export", "out", "--db", "far.db"], in: folder.path).status == 0)
        #expect(try String(contentsOfFile: folder.file("out/event_zone.txt"), encoding: .utf8) == "+09:30\n")
        // A new database takes the export's zone; a dry run or a failed load makes none.
        #expect(try PassageProcess.run(["load", "out", "--db", "dry.db", "--dry-run"], in: folder.path).status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder.file("dry.db")))
        #expect(try PassageProcess.run(["load", "out", "--db", "new.db"], in: folder.path).status == 0)
        for report in ["entries-per-route", "outcomes-by-muster-point", "turned-away", "daily-entries", "time-to-entry", "escort-runs", "outcomes", "data-quality"] {
            let original = try PassageProcess.run(["report", report, "--format", "csv", "--db", "far.db"], in: folder.path)
            #expect(original.status == 0, "\(original.standardError)")
            let reloaded = try PassageProcess.run(["report", report, "--format", "csv", "--db", "new.db"], in: folder.path)
            #expect(original.standardOutput == reloaded.standardOutput, "\(report) differs after export and reload")
        }
        // An existing database keeps the zone it was made with, even empty, and says so.
        #expect(try PassageProcess.run(["init", "--db", "empty.db", "--zone", "+02:00"], in: folder.path).status == 0)
        let intoEmpty = try PassageProcess.run(["load", "out", "--db", "empty.db", "--dry-run"], in: folder.path)
        #expect(intoEmpty.standardError.contains("keeps its zone +02:00"))
        #expect(try PassageProcess.run(["init", "--db", "empty.db"], in: folder.path).standardOutput.contains("event zone +02:00"))
        // The zone matters: the same records in Kabul's zone fall on other dates.
        let kabul = try PassageProcess.run(["load", samplePath, "--db", "kabul.db"], in: folder.path)
        #expect(kabul.status == 0)
        let daily = ["report", "daily-entries", "--format", "csv", "--db"]
        #expect(try PassageProcess.run(daily + ["kabul.db"], in: folder.path).standardOutput != PassageProcess.run(daily + ["far.db"], in: folder.path).standardOutput)
        // A database that already holds records keeps its zone, and says so.
        let mixed = try PassageProcess.run(["load", "out", "--db", "kabul.db"], in: folder.path)
        #expect(mixed.status == 0)
        #expect(mixed.standardError.contains("exported in event zone +09:30; kabul.db keeps its zone +04:30"))
    }

    @Test func checkBackupCaseAndOutcomes() throws {
        #expect(try PassageProcess.run(["load", samplePath], in: folder.path).status == 0)
        let check = try PassageProcess.run(["check"], in: folder.path)
        #expect(check.status == 0)
        #expect(check.standardError.contains("integrity: ok"))
        #expect(check.standardError.contains("foreign keys: ok"))
        let backup = try PassageProcess.run(["backup", "copy.db"], in: folder.path)
        #expect(backup.status == 0, "\(backup.standardError)")
        #expect(try PassageProcess.run(["backup", "copy.db"], in: folder.path).status != 0)
        let timeline = try PassageProcess.run(["case", "case-01", "--format", "csv"], in: folder.path)
        #expect(timeline.status == 0)
        #expect(timeline.standardOutput.hasPrefix("at,kind,id,what"))
        #expect(try PassageProcess.run(["case", "nobody"], in: folder.path).status != 0)
        let outcomes = try PassageProcess.run(["outcomes", "--muster-point", "mp-interior-ministry", "--format", "json"], in: folder.path)
        #expect(outcomes.status == 0)
        #expect(outcomes.standardOutput.contains("\"admitted_here\":true") || outcomes.standardOutput.contains("\"admitted_here\":false"))
        #expect(try PassageProcess.run(["outcomes", "--muster-point", "mp-nowhere"], in: folder.path).status != 0)
        #expect(try PassageProcess.run(["outcomes", "--status", "happy"], in: folder.path).status != 0)
    }

    @Test func reportListAndParameterErrors() throws {
        #expect(try PassageProcess.run(["load", samplePath], in: folder.path).status == 0)
        let list = try PassageProcess.run(["report"], in: folder.path)
        for name in ["entries-per-route", "unresolved", "outcomes-by-muster-point", "outcomes", "turned-away", "daily-entries", "time-to-entry", "escort-runs", "data-quality"] {
            #expect(list.standardOutput.contains(name))
        }
        let unknown = try PassageProcess.run(["report", "entries-per-route", "--param", "colour=red"], in: folder.path)
        #expect(unknown.status != 0)
        #expect(unknown.standardError.contains("has no parameter 'colour'"))
        let badDate = try PassageProcess.run(["report", "entries-per-route", "--param", "from=2021-02-30"], in: folder.path)
        #expect(badDate.status != 0)
        // A filter value that can match nothing is a typo, named as such.
        let typo = try PassageProcess.run(["report", "unresolved", "--param", "category=lrp"], in: folder.path)
        #expect(typo.status != 0)
        #expect(typo.standardError.contains("category must be one of us_citizen, lpr, siv"))
        let status = try PassageProcess.run(["report", "outcomes", "--param", "status=arived"], in: folder.path)
        #expect(status.standardError.contains("status must be one of still_in_country"))
        #expect(try PassageProcess.run(["report", "outcomes", "--param", "status=none", "--format", "csv"], in: folder.path).status == 0)
        // SQL in a value is just text: bound, looked up, not found.
        let hostile = try PassageProcess.run(["report", "outcomes", "--param", "muster_point='); DROP TABLE cases;--"], in: folder.path)
        #expect(hostile.status != 0)
        #expect(hostile.standardError.contains("there is no muster point ''); DROP TABLE cases;--'"))
        #expect(try PassageProcess.run(["query", "SELECT count(*) FROM cases", "--format", "csv"], in: folder.path).standardOutput.hasSuffix("41\n"))
    }

    /// `report NAME --sql` prints the SQL passage runs, its shared parts
    /// taken in: the same SQL run as a query gives the report's rows.
    @Test func reportSQLIsTheSQLThatRuns() throws {
        #expect(try PassageProcess.run(["load", samplePath], in: folder.path).status == 0)
        for name in ["outcomes-by-gate", "outcomes-by-muster-point"] {
            let shown = try PassageProcess.run(["report", name, "--sql"], in: folder.path)
            #expect(shown.status == 0, "\(shown.standardError)")
            #expect(shown.standardOutput.hasPrefix("-- title: "))
            #expect(!shown.standardOutput.contains("\n    -- include:"), "\(name): the shared part is not taken in")
            #expect(shown.standardOutput.contains("counted AS MATERIALIZED"))
            let report = try PassageProcess.run(["report", name, "--format", "csv"], in: folder.path)
            // After `--`: the SQL starts with a comment, not an option.
            let query = try PassageProcess.run(["query", "--format", "csv", "--", shown.standardOutput], in: folder.path)
            #expect(report.status == 0 && query.status == 0, "\(query.standardError)")
            #expect(query.standardOutput == report.standardOutput)
            #expect(report.standardOutput.split(separator: "\n").count > 1)
        }
        let noName = try PassageProcess.run(["report", "--sql"], in: folder.path)
        #expect(noName.status != 0)
        #expect(noName.standardError.contains("--sql needs the name of a report"))
        let unknown = try PassageProcess.run(["report", "nope", "--sql"], in: folder.path)
        #expect(unknown.status != 0)
        #expect(unknown.standardError.contains("no report named 'nope'"))
    }

    @Test func checkFailsOnADamagedFile() throws {
        #expect(try PassageProcess.run(["load", samplePath], in: folder.path).status == 0)
        // Scribble over a few pages in the middle of the (checkpointed) file.
        let handle = try #require(FileHandle(forUpdatingAtPath: folder.file("passage.db")))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 3 * 4096))
        try handle.close()
        let check = try PassageProcess.run(["check"], in: folder.path)
        // Damage is reported as findings (exit 2), not as a failure to check.
        #expect(check.status == 2, "\(check.standardError)")
        #expect(check.standardError.contains("integrity: "))
        #expect(!check.standardError.contains("integrity: ok"))
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        folder.write("notes.db", String(repeating: "not a database\n", count: 500))
        let result = try PassageProcess.run(["report", "outcomes", "--db", "notes.db"], in: folder.path)
        #expect(result.status != 0)
        #expect(result.standardError.contains("is not a SQLite database"))
        let missing = try PassageProcess.run(["report", "outcomes", "--db", "missing.db"], in: folder.path)
        #expect(missing.standardError.contains("no database at missing.db"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("missing.db")))
    }

    @Test func everyOutputFormat() throws {
        #expect(try PassageProcess.run(["load", samplePath], in: folder.path).status == 0)
        let sql = "SELECT 'a|b' AS t, 1 AS i, 0.5 AS r, NULL AS n, '2021-08-27' AS d"
        func run(_ format: String) throws -> String { try PassageProcess.run(["query", sql, "--format", format], in: folder.path).standardOutput }
        #expect(try run("csv") == "t,i,r,n,d\na|b,1,0.5,,2021-08-27\n")
        #expect(try run("tsv") == "t\ti\tr\tn\td\na|b\t1\t0.5\t\t2021-08-27\n")
        #expect(try run("ndjson") == "{\"t\":\"a|b\",\"i\":1,\"r\":0.5,\"n\":null,\"d\":\"2021-08-27\"}\n")
        #expect(try run("json") == "[\n  {\"t\":\"a|b\",\"i\":1,\"r\":0.5,\"n\":null,\"d\":\"2021-08-27\"}\n]\n")
        #expect(try run("markdown") == "| t | i | r | n | d |\n| --- | --- | --- | --- | --- |\n| a\\|b | 1 | 0.5 |  | 2021-08-27 |\n")
        #expect(try run("table") == "t    i    r  n  d\n---  -  ---  -  ----------\na|b  1  0.5     2021-08-27\n")
    }

    @Test func rejectsModeLoadsTheValidRowsAndStillNamesEveryProblem() throws {
        let broken = folder.write("in/2021-08-30.cases.csv", "id,category,size,size\nx,lpr,1,1\n")
        let bad = folder.write("in/2021-08-31.outcomes.csv", "id,case_id,status,occurred_at\no-ok,case-01,arrived,2021-09-05\no-bad,case-01,home,2021-09-05\n")
        let result = try PassageProcess.run(["load", samplePath, broken, bad, "--rejects", "rejects"], in: folder.path)
        // Committed, with rejected rows: exit 3, so a script notices.
        #expect(result.status == 3, "\(result.standardError)")
        #expect(result.standardOutput.contains("Load 1 committed"))
        #expect(result.standardError.contains("\(broken):1:"))
        #expect(result.standardError.contains("\(bad):3: status: 'home' is not one of"))
        #expect(result.standardError.contains("written to rejects"))
        let cases = try String(contentsOfFile: folder.file("rejects/cases.csv"), encoding: .utf8)
        #expect(cases.contains("the whole file"))
        let outcomes = try String(contentsOfFile: folder.file("rejects/outcomes.csv"), encoding: .utf8)
        #expect(outcomes.contains("o-bad,case-01,home,2021-09-05,,,,\(bad),3,"))
        let loaded = try PassageProcess.run(["query", "SELECT count(*) AS n FROM outcomes WHERE id = 'o-ok'", "--format", "csv"], in: folder.path)
        #expect(loaded.standardOutput == "n\n1\n")
    }
}
