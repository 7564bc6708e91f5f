import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The Python 3 that runs Scripts/generate.py.
let reliabilityPython: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    .map { "\($0)/python3" }
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// Crash safety and concurrency (RELIABILITY.md, items 1 and 2), at a reduced count: `kill -9` during a load
/// leaves the database before or after it, never between; readers in other
/// processes never fail while a load writes and never see half of it; a
/// second load waits or fails clearly. The full counts are run by
/// Scripts/crash-test and Scripts/concurrency-test (see RELIABILITY.md).
@Suite(.serialized, .enabled(if: reliabilityPython != nil, "needs python3 for Scripts/generate.py"))
struct ReliabilityTests {

    let folder = TemporaryDirectory()

    /// Kills at moments spread over the load, and at the commit's
    /// checkpoint and close, found by watching the files.
    @Test func killDashNineLeavesTheStateBeforeOrAfterTheLoad() throws {
        let fixture = try Fixture(folder: folder, cases: 1_000)
        var states: [String: Int] = [:]
        var killedMidLoad = 0
        let moments: [KillMoment] = [.after(0.1), .after(0.35), .after(0.6), .after(0.85), .checkpoint, .closing]
        var lastBefore: String?
        // A timed kill can miss the load on a busy machine (the load ends
        // first or has not begun): such a moment is tried again, up to three
        // times, and every try is checked all the same.
        for (index, moment) in moments.enumerated() {
            for attempt in 0..<3 {
                let database = folder.file("kill-\(index)-\(attempt).db")
                try fixture.copyTemplate(to: database)
                let load = try LoadProcess(arguments: ["load", fixture.data, "--db", database], in: folder.path)
                let killed = load.kill(at: moment, scaledTo: fixture.loadSeconds, database: database)
                if killed { killedMidLoad += 1 }
                // A read-only command first, on the files the killed writer left.
                let query = try PassageProcess.run(["query", "SELECT count(*) FROM cases", "--db", database], in: folder.path)
                #expect(query.status == 0, "\(moment): query after the kill: \(query.standardError)")
                let integrity = try PassageProcess.run(["query", "PRAGMA integrity_check", "--format", "csv", "--db", database], in: folder.path)
                #expect(integrity.standardOutput == "integrity_check\nok\n", "\(moment): \(integrity.standardOutput)\(integrity.standardError)")
                let foreign = try PassageProcess.run(["query", "PRAGMA foreign_key_check", "--format", "csv", "--db", database], in: folder.path)
                #expect(foreign.status == 0 && foreign.standardOutput.split(separator: "\n").count <= 1, "\(moment): \(foreign.standardOutput)")
                let dump = try HostileInputTests.logicalDump(database, in: folder)
                let state = dump == fixture.before ? "before" : dump == fixture.after ? "after" : "in between"
                #expect(state != "in between", "\(moment): the database is neither before nor after the load")
                states[state, default: 0] += 1
                if state == "before" { lastBefore = database }
                #expect(try PassageProcess.run(["check", "--db", database], in: folder.path).status == 0)
                if killed { break }
            }
        }
        print("kill -9 test: \(moments.count) moments, \(states.values.reduce(0, +)) runs, \(killedMidLoad) killed mid-load, states \(states.sorted { $0.key < $1.key })")
        #expect(killedMidLoad >= moments.count - 2, "only \(killedMidLoad) kills landed during the load: \(states)")
        // The interrupted load, run again, completes.
        if let lastBefore {
            let again = try PassageProcess.run(["load", fixture.data, "--db", lastBefore], in: folder.path)
            #expect(again.status == 0, "\(again.standardError)")
            #expect(try HostileInputTests.logicalDump(lastBefore, in: folder) == fixture.after)
        }
    }

    /// Ctrl-C (SIGINT) or SIGTERM during a load rolls it back and cleans up,
    /// then ends by that signal: an existing database as before, and no new
    /// database, hidden temporary file or rejects file left behind.
    @Test func ctrlCDuringALoadRollsItBackAndLeavesNoFiles() throws {
        let fixture = try Fixture(folder: folder, cases: 1_000)
        for (index, signalNumber) in [SIGINT, SIGTERM].enumerated() {
            let work = folder.file("interrupted-\(index)")
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            let load = try LoadProcess(arguments: ["load", fixture.data, "--db", "new.db", "--rejects", "rejects"], in: work)
            Thread.sleep(forTimeInterval: fixture.loadSeconds * 0.4)
            try #require(load.isRunning, "the load ended before the signal")
            Glibc.kill(load.process.processIdentifier, signalNumber)
            // Ends by the signal itself once clean (so a calling script stops too).
            #expect(load.wait() == signalNumber && load.process.terminationReason == .uncaughtSignal)
            #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty, "left behind in \(work)")
        }
        // Into an existing database: as it was before.
        let database = folder.file("existing.db")
        try fixture.copyTemplate(to: database)
        let load = try LoadProcess(arguments: ["load", fixture.data, "--db", database], in: folder.path)
        Thread.sleep(forTimeInterval: fixture.loadSeconds * 0.4)
        try #require(load.isRunning, "the load ended before the signal")
        Glibc.kill(load.process.processIdentifier, SIGINT)
        #expect(load.wait() == SIGINT && load.process.terminationReason == .uncaughtSignal)
        #expect(try HostileInputTests.logicalDump(database, in: folder) == fixture.before)
    }

    /// Reports and queries from other processes while a load writes: none
    /// fails, none says "locked", each sees all of the load or none of it.
    @Test func readersSeeBeforeOrAfterAndAreNeverLocked() throws {
        let fixture = try Fixture(folder: folder, cases: 1_000)
        let database = folder.file("readers.db")
        try fixture.copyTemplate(to: database)
        let sql = "SELECT (SELECT count(*) FROM attempts) AS attempts, (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM loads) AS loads"
        let beforeCounts = try PassageProcess.run(["query", sql, "--format", "csv", "--db", database], in: folder.path).standardOutput
        let beforeReport = try PassageProcess.run(["report", "entries-per-route", "--format", "csv", "--db", database], in: folder.path).standardOutput
        let load = try LoadProcess(arguments: ["load", fixture.data, "--db", database], in: folder.path)
        var reads: [(String, PassageProcess.Result)] = []
        while load.isRunning {
            reads.append(("query", try PassageProcess.run(["query", sql, "--format", "csv", "--db", database], in: folder.path)))
            reads.append(("report", try PassageProcess.run(["report", "entries-per-route", "--format", "csv", "--db", database], in: folder.path)))
        }
        #expect(load.wait() == 0)
        print("readers test: \(reads.count) reads during the load")
        let afterCounts = try PassageProcess.run(["query", sql, "--format", "csv", "--db", database], in: folder.path).standardOutput
        let afterReport = try PassageProcess.run(["report", "entries-per-route", "--format", "csv", "--db", database], in: folder.path).standardOutput
        #expect(beforeCounts != afterCounts && beforeReport != afterReport)
        #expect(reads.count >= 2, "the load ended before any read")
        for (kind, result) in reads {
            #expect(result.status == 0, "\(kind) failed during the load: \(result.standardError)")
            #expect(!result.standardError.lowercased().contains("locked"), "\(kind): \(result.standardError)")
            let expected = kind == "query" ? [beforeCounts, afterCounts] : [beforeReport, afterReport]
            #expect(expected.contains(result.standardOutput), "\(kind) saw half a load:\n\(result.standardOutput)")
        }
    }

    /// Two loads at once: the second waits for the first (busy timeout) and
    /// then succeeds, or fails saying another process is writing; nothing
    /// is damaged and the database holds exactly the loads that succeeded.
    @Test func aSecondLoadWaitsOrFailsClearly() throws {
        let fixture = try Fixture(folder: folder, cases: 1_000)
        let database = folder.file("two.db")
        try fixture.copyTemplate(to: database)
        let second = folder.write("second/cases.csv",
                                  "id,category,size,notes\r\nX-second-1,lpr,1,second load\r\nX-second-2,siv,1,second load\r\n")
        let first = try LoadProcess(arguments: ["load", fixture.data, "--db", database], in: folder.path)
        // Start the second once the first is writing rows: its WAL has grown.
        while first.isRunning, ((try? FileManager.default.attributesOfItem(atPath: database + "-wal")[.size] as? Int) ?? 0) < 100_000 {
            usleep(500)
        }
        let overlapped = first.isRunning
        let result = try PassageProcess.run(["load", second, "--db", database], in: folder.path)
        #expect(overlapped, "the first load ended before the second began")
        #expect(first.wait() == 0)
        #expect(result.status == 0 || (result.status == 1 && result.standardError.contains("another process is writing")),
                "second load: status \(result.status): \(result.standardError)")
        let check = try PassageProcess.run(["check", "--db", database], in: folder.path)
        #expect(check.status == 0, "\(check.standardError)")
        let loads = try PassageProcess.run(["query", "SELECT count(*) AS n FROM loads", "--format", "csv", "--db", database], in: folder.path)
        #expect(loads.standardOutput == "n\n\(result.status == 0 ? 3 : 2)\n")
    }

    /// Another process holds the write lock past the busy timeout: the load
    /// fails with a clear message, and leaves no trace. Slow (the timeout is
    /// 30 s), so only with PASSAGE_SLOW_TESTS=1; Scripts/concurrency-test
    /// always runs it.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PASSAGE_SLOW_TESTS"] == "1"))
    func aLoadAgainstAHeldLockFailsClearly() throws {
        let database = folder.file("held.db")
        #expect(try PassageProcess.run(["load", samplePath, "--db", database], in: folder.path).status == 0)
        let before = try HostileInputTests.logicalDump(database, in: folder)
        // sqlite3 holds a write transaction for 40 s.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["sqlite3", database]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nINSERT INTO settings VALUES ('held', 'x');\n.timeout 1\n".utf8))
        Thread.sleep(forTimeInterval: 1)
        let load = try PassageProcess.run(["load", HostileInputTests.corpus + "/sql-text.cases.csv", "--db", database], in: folder.path)
        input.fileHandleForWriting.write(Data("ROLLBACK;\n.quit\n".utf8))
        holder.waitUntilExit()
        #expect(load.status == 1)
        #expect(load.standardError.contains("another process is writing"), "\(load.standardError)")
        #expect(try HostileInputTests.logicalDump(database, in: folder) == before)
    }

    // MARK: Fixture

    /// A generated data set, a template database holding part of it (the
    /// "before" state), and the logical dump after a complete load.
    struct Fixture {
        let data: String
        let template: String
        let before: String
        let after: String
        let loadSeconds: Double

        init(folder: TemporaryDirectory, cases: Int) throws {
            data = folder.file("data")
            let generate = Process()
            generate.executableURL = URL(fileURLWithPath: reliabilityPython!)
            generate.arguments = [packageRoot + "/Scripts/generate.py", "--cases", "\(cases)", "--seed", "11", "--out", data, "--quiet"]
            try generate.run()
            generate.waitUntilExit()
            try #require(generate.terminationStatus == 0)
            // The before state: the small kinds and the first tenth of the
            // cases, with their attempts, incidents and outcomes; the
            // complete load then inserts the rest and updates nothing.
            let beforeFolder = folder.file("before")
            try FileManager.default.createDirectory(atPath: beforeFolder, withIntermediateDirectories: true)
            let keep = cases / 10
            for kind in ["sources", "muster_points", "gates", "routes", "escort_runs", "cases", "attempts", "incidents", "outcomes"] {
                let text = try String(contentsOfFile: data + "/\(kind).csv", encoding: .utf8)
                var lines = text.split(separator: "\r\n", omittingEmptySubsequences: true).map(String.init)
                let header = lines.removeFirst().split(separator: ",").map(String.init)
                switch kind {
                case "cases":
                    lines = Array(lines.prefix(keep))
                case "attempts", "outcomes", "incidents":
                    // Rows of the kept cases only (ids C000001 ... ), and no
                    // incident that names an attempt.
                    let caseColumn = header.firstIndex(of: "case_id")!
                    let attemptColumn = header.firstIndex(of: "attempt_id")
                    lines = lines.filter { line in
                        guard !line.contains("\"") else { return false }
                        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                        guard let number = Int(fields[caseColumn].dropFirst()), number <= keep else { return false }
                        if let attemptColumn, !fields[attemptColumn].isEmpty { return false }
                        return true
                    }
                default:
                    break
                }
                try ([header.joined(separator: ",")] + lines).joined(separator: "\r\n").appending("\r\n")
                    .write(toFile: beforeFolder + "/\(kind).csv", atomically: true, encoding: .utf8)
            }
            template = folder.file("template.db")
            let loadBefore = try PassageProcess.run(["load", beforeFolder, "--db", template], in: folder.path)
            try #require(loadBefore.status == 0, "\(loadBefore.standardError)")
            before = try HostileInputTests.logicalDump(template, in: folder)
            let afterDatabase = folder.file("after.db")
            try FileManager.default.copyItem(atPath: template, toPath: afterDatabase)
            let started = Date()
            let loadAll = try PassageProcess.run(["load", data, "--db", afterDatabase], in: folder.path)
            loadSeconds = Date().timeIntervalSince(started)
            try #require(loadAll.status == 0, "\(loadAll.standardError)")
            after = try HostileInputTests.logicalDump(afterDatabase, in: folder)
            try #require(before != after)
        }

        func copyTemplate(to path: String) throws {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            try FileManager.default.copyItem(atPath: template, toPath: path)
        }
    }

    enum KillMoment: CustomStringConvertible {
        /// A fraction of the measured load time.
        case after(Double)
        /// When the database file starts to grow: the checkpoint after the commit.
        case checkpoint
        /// When the WAL is removed: the connection closing.
        case closing

        var description: String {
            switch self {
            case .after(let fraction): "kill at \(Int(fraction * 100))% of the load time"
            case .checkpoint: "kill at the checkpoint"
            case .closing: "kill at close"
            }
        }
    }

    /// A `passage` process that runs in the background.
    final class LoadProcess {
        let process = Process()

        init(arguments: [String], in directory: String) throws {
            process.executableURL = URL(fileURLWithPath: PassageProcess.executable)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            var environment = ProcessInfo.processInfo.environment
            environment["PASSAGE_DB"] = nil
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        var isRunning: Bool { process.isRunning }

        @discardableResult
        func wait() -> Int32 {
            process.waitUntilExit()
            return process.terminationStatus
        }

        /// Sends SIGKILL at the moment; returns whether the load was still running.
        func kill(at moment: KillMoment, scaledTo seconds: Double, database: String) -> Bool {
            let started = Date()
            let size = { (path: String) -> Int? in
                (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            }
            let mainSize = size(database) ?? 0
            var sawWAL = false
            loop: while process.isRunning {
                switch moment {
                case .after(let fraction):
                    if Date().timeIntervalSince(started) >= fraction * seconds { break loop }
                case .checkpoint:
                    if (size(database) ?? 0) > mainSize { break loop }
                case .closing:
                    let wal = size(database + "-wal")
                    if wal != nil { sawWAL = true } else if sawWAL { break loop }
                }
                usleep(200)
            }
            let running = process.isRunning
            if running { Glibc.kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return running && process.terminationReason == .uncaughtSignal
        }
    }
}

extension HostileInputTests {
    /// The logical content of a database (every record, loads, files, counts, audit), without wall-clock columns.
    static func logicalDump(_ database: String, in folder: TemporaryDirectory) throws -> String {
        let sql = dumpSQL
            .replacingOccurrences(of: "json_array(started_at, finished_at, inserted", with: "json_array(finished_at IS NOT NULL, inserted")
            .replacingOccurrences(of: ", load_id, changed_at)", with: ", load_id)")
        let result = try PassageProcess.run(["query", sql, "--format", "csv", "--db", database], in: folder.path)
        #expect(result.status == 0, "dump failed: \(result.standardError)")
        return result.standardOutput
    }
}
