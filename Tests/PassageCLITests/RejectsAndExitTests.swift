import Foundation
import Testing

/// `--rejects DIR` a person can fix, and the exit statuses scripts rely on.
@Suite struct RejectsAndExitTests {
    let folder = TemporaryDirectory()

    @Test func rejectsAreFixedInTheFolderAndLoadBack() throws {
        folder.write("in/sources.csv", "id,kind,name\ns-1,media,Radio\ns-2,rumour,\"Word, of mouth\"\n")
        folder.write("in/cases.csv", "id,category,size,source_id\nc-1,lpr,2,s-1\nc-2,lpr,3,s-2\n")
        let loaded = try PassageProcess.run(["load", "in", "--db", "d.db", "--rejects", "fix"], in: folder.path)
        // Committed with rejected rows: exit 3.
        #expect(loaded.status == 3, "\(loaded.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("fix")).sorted() == ["cases.csv", "sources.csv"])
        let rejected = try String(contentsOfFile: folder.file("fix/sources.csv"), encoding: .utf8)
        #expect(rejected == "id,kind,name,reliability,notes,rejected_file,rejected_line,problem\ns-2,rumour,\"Word, of mouth\",,,in/sources.csv,3,\"kind: 'rumour' is not one of us_official, network, family, evacuee, media, other\"\n")
        // The case that names the rejected source is rejected too.
        #expect(try String(contentsOfFile: folder.file("fix/cases.csv"), encoding: .utf8).contains("c-2,,lpr,3,,,,s-2,,"))

        try rejected.replacing(",rumour,", with: ",other,").write(toFile: folder.file("fix/sources.csv"), atomically: true, encoding: .utf8)
        let refused = try PassageProcess.run(["load", "fix", "--db", "d.db"], in: folder.path)
        #expect(refused.status == 1 && refused.standardError.contains("--allow-extra-columns"))
        let fixed = try PassageProcess.run(["load", "fix", "--db", "d.db", "--allow-extra-columns", "--format", "csv"], in: folder.path)
        #expect(fixed.status == 0, "\(fixed.standardError)")
        #expect(fixed.standardOutput.hasSuffix("total,2,0,0,0\n"))
        // Into a folder that holds files: refused before anything is read.
        let full = try PassageProcess.run(["load", "in", "--db", "d.db", "--rejects", "fix"], in: folder.path)
        #expect(full.status == 1 && full.standardError.contains("folder with files in it"))
    }

    @Test func rejectsIntoAPipeThatClosesEndBySIGPIPE() throws {
        var text = "id,kind\n"
        for index in 0..<20_000 { text += "s-\(index),rumour\n" }
        folder.write("in/sources.csv", text)
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        shell.arguments = ["-c", "\"$0\" load in/sources.csv --db s.db --rejects /dev/stdout 2>/dev/null | head -1 >/dev/null; echo ${PIPESTATUS[0]}", PassageProcess.executable]
        shell.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        let output = Pipe()
        shell.standardOutput = output
        try shell.run()
        let status = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        // 128 + 13, as for `passage query … | head`; the load rolled back.
        #expect(status == "141\n")
        #expect(!FileManager.default.fileExists(atPath: folder.file("s.db")))
    }

    @Test func exitStatusesTellOutcomesApart() throws {
        #expect(try PassageProcess.run(["init", "--db", "d.db"], in: folder.path).status == 0)
        let bad = folder.write("bad/sources.csv", "id,kind\ns-1,rumour\n")
        #expect(try PassageProcess.run(["load", bad, "--db", "d.db"], in: folder.path).status == 1)
        #expect(try PassageProcess.run(["load", bad, "--db", "d.db", "--rejects", "r"], in: folder.path).status == 3)
        // A dry run commits nothing: not 3.
        #expect(try PassageProcess.run(["load", bad, "--db", "d.db", "--rejects", "r2", "--dry-run"], in: folder.path).status == 0)
        #expect(try PassageProcess.run(["load", "--db", "d.db"], in: folder.path).status == 64)
    }

    @Test func demoInJSONPrintsOnlyJSON() throws {
        let demo = try PassageProcess.run(["demo", "--format", "json"], in: folder.path)
        #expect(demo.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(demo.standardOutput.utf8)) as? [String: Any]
        #expect(object?.keys.sorted() == ["case-timeline", "duplicates", "entries-per-route", "outcomes-by-muster-point", "unresolved"])
        #expect(demo.standardError.contains("Loaded the Kabul sample"))
    }
}
