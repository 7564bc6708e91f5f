import Foundation
import Testing

/// `passage delete`, and `check` comparing the report figures kept for
/// speed with the records.
@Suite struct DeleteAndCheckTests: PassageSuite {
    let folder = TemporaryDirectory()

    @Test func deleteIsRefusedWhileOthersReferToTheRecordUnlessCascade() throws {
        #expect(try passage(["load", samplePath]).status == 0)  // the sample, unsealed
        let counts = try csv("SELECT (SELECT count(*) FROM cases) AS c, (SELECT count(*) FROM audit) AS a")
        let refused = try passage(["delete", "cases", "case-01"])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("attempts 'att-01-1'"))
        #expect(refused.standardError.contains("--cascade"))
        #expect(try csv("SELECT (SELECT count(*) FROM cases) AS c, (SELECT count(*) FROM audit) AS a") == counts)
        let unknown = try passage(["delete", "cases", "case-404"])
        #expect(unknown.status == 1 && unknown.standardError.contains("no cases with id 'case-404'"))

        let cascade = try passage(["delete", "cases", "case-01", "--cascade", "--format", "csv"])
        #expect(cascade.status == 0, "\(cascade.standardError)")
        #expect(cascade.standardOutput.hasPrefix("kind,id\ncases,case-01\n"))
        #expect(cascade.standardOutput.contains("attempts,att-01-1\n"))
        #expect(cascade.standardOutput.contains("outcomes,out-01-1\n"))
        #expect(cascade.standardOutput.contains("incidents,inc-ta-01\n"))
        // The audit keeps each one's values, as action delete.
        #expect(try csv("SELECT action, json_extract(previous, '$.label') AS label FROM audit WHERE kind = 'cases' AND record_id = 'case-01'")
                == "action,label\ndelete,Family of six (LPR)\n")
        // One audit row per record listed, and nothing else deleted.
        let listed = cascade.standardOutput.split(separator: "\n").count - 1
        #expect(try csv("SELECT count(*) AS n FROM audit WHERE action = 'delete'") == "n\n\(listed)\n")
        #expect(cascade.standardOutput.contains("members,"))
        // The figures followed: no report lists the case, and check agrees.
        #expect(try !passage(["report", "outcomes"]).standardOutput.contains("case-01"))
        #expect(try !passage(["report", "unresolved", "--param", "as_of=2021-08-31"]).standardOutput.contains("case-01"))
        let check = try passage(["check"])
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.standardError.contains("report figures: ok"))
    }

    @Test func checkFindsFiguresAManualDeleteLeftStaleAndRepairRebuildsThem() throws {
        #expect(try passage(["load", samplePath]).status == 0)  // the sample, unsealed
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        guard FileManager.default.isExecutableFile(atPath: sqlite.executableURL!.path) else {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "sqlite3 is missing")
            return
        }
        sqlite.arguments = [folder.file("d.db"), """
            DELETE FROM incidents WHERE case_id = 'case-01'; DELETE FROM attempts WHERE case_id = 'case-01';
            DELETE FROM members WHERE case_id = 'case-01';
            DELETE FROM outcomes WHERE case_id = 'case-01'; DELETE FROM cases WHERE id = 'case-01';
            """]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        let stale = try passage(["check"])
        #expect(stale.status == 2)
        #expect(stale.standardError.contains("derived_cases"))
        #expect(stale.standardError.contains("check --repair"))
        let repaired = try passage(["check", "--repair"])
        #expect(repaired.status == 0, "\(repaired.standardError)")
        #expect(try passage(["check"]).status == 0)
        #expect(try !passage(["report", "outcomes"]).standardOutput.contains("case-01"))
    }

    @Test func theLoadHelpSaysARecordAbsentFromALaterFileStays() throws {
        let help = try PassageProcess.run(["load", "--help"], in: folder.path)
        let words = help.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("a record absent from a later file stays"))
        #expect(help.standardOutput.contains("passage delete"))
    }
}
