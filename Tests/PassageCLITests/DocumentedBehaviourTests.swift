import Foundation
import Testing

/// Behaviours docs/loading.md and docs/commands.md promise, on the binary.
@Suite struct DocumentedBehaviourTests {
    let folder = TemporaryDirectory()

    @Test func aValueOverOneMebibyteIsRefusedWithItsLine() throws {
        let name = String(repeating: "n", count: (1 << 20) + 1)
        let sources = folder.write("in/sources.csv", "id,kind,name\ns-1,media,ok\ns-2,media,\(name)\n")
        let result = try PassageProcess.run(["load", sources, "--db", "d.db"], in: folder.path)
        #expect(result.status == 1)
        #expect(result.standardError.contains("\(sources):3:"), "\(result.standardError.prefix(300))")
        // Exactly 1 MiB loads.
        let fits = folder.write("fits/sources.csv", "id,kind,name\ns-1,media,\(String(repeating: "n", count: 1 << 20))\n")
        #expect(try PassageProcess.run(["load", fits, "--db", "d.db"], in: folder.path).status == 0)
    }

    @Test func aFoldersFilesOfOneKindLoadInByteOrderOfTheirNames() throws {
        // The same id in two files: the one loaded last wins, and `B` sorts before `a`.
        folder.write("in/a.sources.csv", "id,kind,name\ns-1,media,from a\n")
        folder.write("in/B.sources.csv", "id,kind,name\ns-1,media,from B\n")
        folder.write("in/2021-08-28.sources.csv", "id,kind,name\ns-2,media,from 28\n")
        folder.write("in/2021-08-27.sources.csv", "id,kind,name\ns-2,media,from 27\n")
        let result = try PassageProcess.run(["load", "in", "--db", "d.db"], in: folder.path)
        // Repeats within one command are errors: load them one file a command, in the folder's order instead.
        #expect(result.standardError.contains("in/a.sources.csv:2: id: sources id 's-1' appears more than once in this load (first at in/B.sources.csv:2)"), "\(result.standardError)")
        #expect(result.standardError.contains("in/2021-08-28.sources.csv:2: id: sources id 's-2' appears more than once in this load (first at in/2021-08-27.sources.csv:2)"))
    }

    @Test func paramValuesBindAsText() throws {
        #expect(try PassageProcess.run(["init", "--db", "d.db"], in: folder.path).status == 0)
        let typed = try PassageProcess.run(["query", "SELECT typeof(:n) AS t, :n + 1 AS sum, CAST(:n AS INTEGER) AS n", "--param", "n=5", "--format", "csv", "--db", "d.db"], in: folder.path)
        #expect(typed.standardOutput == "t,sum,n\ntext,6,5\n")
    }

    @Test func reportsRefuseANewerDatabaseAndAnUnknownMusterPoint() throws {
        #expect(try PassageProcess.run(["demo", "--db", "d.db"], in: folder.path).status == 0)
        let unknown = try PassageProcess.run(["report", "outcomes", "--param", "muster_point=mp-nowhere", "--db", "d.db"], in: folder.path)
        #expect(unknown.status == 1 && unknown.standardError.contains("there is no muster point 'mp-nowhere'"))
        let outcomes = try PassageProcess.run(["outcomes", "--muster-point", "mp-nowhere", "--db", "d.db"], in: folder.path)
        #expect(outcomes.status == 1 && outcomes.standardError.contains("there is no muster point 'mp-nowhere'"))
        let reports = try String(contentsOfFile: packageRoot + "/docs/reports.md", encoding: .utf8)
        #expect(reports.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    .contains("`muster_point` must be a muster point in the database"))

        let sqlite = "/usr/bin/sqlite3"
        guard FileManager.default.isExecutableFile(atPath: sqlite) else {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "sqlite3 is missing")
            return
        }
        let bump = Process()
        bump.executableURL = URL(fileURLWithPath: sqlite)
        bump.arguments = [folder.file("d.db"), "PRAGMA user_version = 999"]
        try bump.run()
        bump.waitUntilExit()
        let newer = try PassageProcess.run(["report", "entries-per-route", "--db", "d.db"], in: folder.path)
        #expect(newer.status == 1 && newer.standardError.contains("newer than this passage"))
    }
}
