import Foundation
import Testing
@testable import Passage
import PassageSQLite

@Suite struct StoreTests {
    let folder = TemporaryDirectory()

    @Test func migrationsAreVersionedAndIdempotent() throws {
        let store = try makeStore(folder)
        #expect(try Migrator.version(of: store.connection) == Migrator.currentVersion)
        #expect(Migrator.currentVersion >= 1)
        #expect(try Migrator.migrate(store.connection).isEmpty)
        #expect(try store.connection.scalarInt("SELECT count(*) FROM schema_migrations") == Int64(Migrator.migrations.count))
        try store.close()
        let reopened = try makeStore(folder)
        #expect(try Migrator.version(of: reopened.connection) == Migrator.currentVersion)
    }

    @Test func aFailingMigrationLeavesThePreviousVersionIntact() throws {
        let connection = try Connection(path: folder.file("m.db"))
        try Migrator.migrate(connection, upTo: 1)
        let broken = Migrator.Migration(version: 99, name: "0099_broken", sql: "CREATE TABLE half_done (x); SELECT nonsense FROM nowhere;")
        #expect(throws: SQLiteError.self) { try Migrator.migrate(connection, [broken]) }
        #expect(try Migrator.version(of: connection) == 1)
        #expect(try connection.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'") == 0)
    }

    @Test func aNewDatabaseHasLargePagesAndAnOldOneKeepsItsOwn() throws {
        let store = try makeStore(folder)
        #expect(try store.connection.scalarInt("PRAGMA page_size") == Int64(Store.newDatabasePageSize))
        _ = try load(store, [World.write(into: folder)])
        try store.backup(to: folder.file("copy.db"))
        #expect(try Connection(path: folder.file("copy.db"), mode: .readOnly).scalarInt("PRAGMA page_size") == Int64(Store.newDatabasePageSize))
        try store.close()

        // A database made before (SQLite's default pages) is migrated and loaded as it is.
        let old = folder.file("old.db")
        let made = try Connection(path: old)
        try made.execute("CREATE TABLE placeholder (x INTEGER); DROP TABLE placeholder")
        try made.close()
        let reopened = try makeStore(folder, name: "old.db")
        #expect(try reopened.connection.scalarInt("PRAGMA page_size") == 4096)
        #expect(try load(reopened, [World.write(into: folder)]).loadID != nil)
        try reopened.backup(to: folder.file("old-copy.db"))
        #expect(try Connection(path: folder.file("old-copy.db"), mode: .readOnly).scalarInt("PRAGMA page_size") == 4096)
    }

    @Test func theFilesAreReadableByTheOwnerOnly() throws {
        let store = try makeStore(folder)
        _ = try load(store, [World.write(into: folder)])
        for suffix in ["", "-wal", "-shm"] {
            let path = folder.file("passage.db" + suffix)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(path) has mode \(String(mode ?? 0, radix: 8))")
        }
    }

    @Test func theSchemaIsReadableAndSound() throws {
        let store = try makeStore(folder)
        _ = try load(store, [World.write(into: folder)])
        #expect(try store.connection.scalarText("PRAGMA integrity_check") == "ok")
        #expect(try store.connection.prepare("PRAGMA foreign_key_check").allRows().isEmpty)
        let columns = try store.connection.prepare("SELECT name FROM pragma_table_info('attempts')").allRows().map { RowFormatter.plain($0[0], boolean: false) }
        #expect(Array(columns.prefix(9)) == RecordKind.attempts.columns.map(\.name))
        #expect(try store.connection.scalarText("SELECT value FROM settings WHERE key = 'event_zone'") == "+04:30")
    }

    @Test func upsertCountsAndAuditKeepThePreviousValues() throws {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        let first = try load(store, [world])
        #expect(first.counts[.cases] == counts(inserted: 2))
        let second = try load(store, [world])
        #expect(second.total.inserted == 0 && second.total.updated == 0 && second.total.rejected == 0)
        #expect(second.counts[.cases] == counts(unchanged: 2))
        #expect(try store.connection.scalarInt("SELECT count(*) FROM audit") == 0)
        let changed = folder.write("change/cases.csv", "id,label,category,size,children,contact,registered_at,source_id,notes\nc-1,Family of six,lpr,6,3,desk,2021-08-20,src-net,private note\nc-3,New,siv,2,,,,,\n")
        let third = try load(store, [changed])
        #expect(third.counts[.cases] == counts(inserted: 1, updated: 1))
        let audit = try store.connection.prepare("SELECT kind, record_id, action, json_extract(previous, '$.children'), json_extract(previous, '$.load_id'), load_id FROM audit")
        #expect(try audit.step())
        #expect(audit.text(at: 0) == "cases" && audit.text(at: 1) == "c-1" && audit.text(at: 2) == "update")
        #expect(audit.int(at: 3) == 4)
        #expect(audit.int(at: 4) == first.loadID)
        #expect(audit.int(at: 5) == third.loadID)
        #expect(try !audit.step())
        let record = try store.connection.prepare("SELECT load_id, revision FROM cases WHERE id = 'c-1'")
        #expect(try record.step())
        #expect(record.int(at: 0) == third.loadID && record.int(at: 1) == 2)
        #expect(try store.connection.scalarInt("SELECT count(*) FROM loads") == 3)
        #expect(try store.connection.scalarText("SELECT sha256 FROM load_files WHERE load_id = ? AND kind = 'cases'", [third.loadID!])?.count == 64)
    }

    /// A record is compared with its stored row as SQLite compares: text
    /// byte for byte (canonically equivalent text is a change), numbers by
    /// value (34.550 is 34.55).
    @Test func aRowIsComparedWithTheStoredOneByteForByte() throws {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        #expect(try load(store, [world]).succeeded)
        let header = "id,label,category,size,children,contact,registered_at,source_id,notes\n"
        folder.write("accent/cases.csv", header + "c-2,Caf\u{E9},us_citizen,1,,,,,\n")
        folder.write("accent/muster_points.csv", "id,name,latitude,longitude,controlled_by,notes\nmp-moi,Interior Ministry,34.550,69.20,taliban,\n")
        #expect(try load(store, [folder.file("accent")]).counts[.cases] == counts(updated: 1))
        // Digests forgotten: the rows are compared, not recognised.
        try RowDigests.clear(store.connection)
        folder.write("accent/cases.csv", header + "c-2,Cafe\u{301},us_citizen,1,,,,,\n")
        let again = try load(store, [folder.file("accent")])
        #expect(again.counts[.cases] == counts(updated: 1))
        #expect(again.counts[.musterPoints] == counts(unchanged: 1))
        #expect(try store.connection.scalarInt("SELECT length(CAST(label AS BLOB)) FROM cases WHERE id = 'c-2'") == 6)
    }

    @Test func eachLoadedFileIsRecordedWithItsSHA256() throws {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        let summary = try load(store, [world])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [folder.file("world/cases.csv")]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let recorded = try store.connection.scalarText("SELECT sha256 FROM load_files WHERE load_id = ? AND kind = 'cases'", [summary.loadID!])
        #expect(recorded == String(output.prefix(64)))
        #expect(try store.connection.scalarInt("SELECT count(*) FROM load_files WHERE load_id = ?", [summary.loadID!]) == 6)
    }

    @Test func filesAreLoadedInDependencyOrderWhateverTheOrderGiven() throws {
        let store = try makeStore(folder)
        _ = World.write(into: folder)
        let names = ["escort_runs", "cases", "routes", "gates", "muster_points", "sources"]
        let summary = try load(store, names.map { folder.file("world/\($0).csv") })
        #expect(summary.succeeded, "\(summary.problems)")
        #expect(try store.count(.routes) == 3)
    }

    @Test func kindFromTheLastDottedPartOfTheName() throws {
        #expect(InputFile.kind(fromName: "attempts.csv") == .attempts)
        #expect(InputFile.kind(fromName: "2021-08-27.attempts.csv") == .attempts)
        #expect(InputFile.kind(fromName: "attempts") == nil)
        #expect(InputFile.kind(fromName: "notes.csv") == nil)
        folder.write("mixed/2021-08-27.sources.csv", "id,kind\ns-9,media\n")
        folder.write("mixed/README.txt", "hello")
        folder.write("mixed/photo.csv", "a,b\n")
        let (files, skipped) = try InputFile.resolve([folder.file("mixed")])
        #expect(files.map(\.kind) == [.sources])
        #expect(skipped.count == 2)
        #expect(throws: PassageError.self) { try InputFile.resolve([folder.file("mixed/photo.csv")]) }
        #expect(throws: PassageError.self) { try InputFile.resolve([folder.file("mixed/README.txt")]) }
        #expect(try InputFile.resolve([folder.file("mixed/photo.csv")], kind: .gates).files.first?.kind == .gates)
    }

    @Test func rejectsLoadTheValidRowsAndTheirDependentsAreRejectedToo() throws {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        let attempts = folder.write("world/attempts.csv", """
            id,case_id,route_id,attempted_at,result
            a-1,c-1,rt-moi,2021-08-25T10:00,admitted
            a-2,c-2,rt-moi,2021-08-25T10:00,exploded
            a-3,c-2,rt-moi,2021-08-25T11:00,turned_away

            """)
        folder.write("world/incidents.csv", "id,kind,occurred_at,muster_point_id,attempt_id\ni-1,turned_away,2021-08-25T10:00,mp-moi,a-2\ni-2,turned_away,2021-08-25T11:00,mp-moi,a-3\n")
        let rejects = folder.file("rejects")
        let summary = try load(store, [world]) { $0.rejectsPath = rejects }
        #expect(summary.succeeded)
        #expect(summary.counts[.attempts] == counts(inserted: 2, rejected: 1))
        #expect(summary.counts[.incidents] == counts(inserted: 1, rejected: 1))
        // One CSV per kind: the kind's columns as read, then where and why.
        #expect(try FilePaths.contents(ofDirectory: rejects).sorted() == ["attempts.csv", "incidents.csv"])
        let rejectedAttempts = try String(contentsOfFile: folder.file("rejects/attempts.csv"), encoding: .utf8)
        #expect(rejectedAttempts.hasPrefix("id,case_id,route_id,attempted_at,result,escort_run_id,people,source_id,notes,rejected_file,rejected_line,problem\n"))
        #expect(rejectedAttempts.contains("a-2,c-2,rt-moi,2021-08-25T10:00,exploded,,,,,\(attempts),3,\"result: 'exploded' is not one of"))
        let rejectedIncidents = try String(contentsOfFile: folder.file("rejects/incidents.csv"), encoding: .utf8)
        #expect(rejectedIncidents.contains("i-1,turned_away,2021-08-25T10:00,mp-moi,,,a-2,"))
        #expect(rejectedIncidents.contains("attempt_id: attempts 'a-2' is itself invalid in this load"))
        #expect(try store.count(.attempts) == 2)

        // Fixed as a spreadsheet would, the folder loads back with --allow-extra-columns.
        folder.write("rejects/attempts.csv", rejectedAttempts.replacing(",exploded,", with: ",admitted,"))
        #expect(try !load(store, [rejects]).succeeded)
        let again = try load(store, [rejects]) { $0.allowExtraColumns = true }
        #expect(again.succeeded && again.problemCount == 0)
        #expect(again.counts[.attempts] == counts(inserted: 1))
        #expect(again.counts[.incidents] == counts(inserted: 1))
    }

    @Test func theRejectsFolderCannotBeAnInputTheDatabaseOrHoldFilesAndTakesItsNameOnlyOnSuccess() throws {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        let cases = folder.file("world/cases.csv")
        let casesBefore = try String(contentsOfFile: cases, encoding: .utf8)
        // An input file, the database or a folder with files: refused before anything is read or emptied.
        #expect(throws: PassageError.self) { try load(store, [world]) { $0.rejectsPath = cases } }
        #expect(try String(contentsOfFile: cases, encoding: .utf8) == casesBefore)
        #expect(throws: PassageError.self) { try load(store, [world]) { $0.rejectsPath = store.path } }
        #expect(throws: PassageError.self) { try load(store, [world]) { $0.rejectsPath = world } }
        #expect(try store.count(.cases) == 0)
        #expect(try store.connection.scalarText("PRAGMA integrity_check") == "ok")

        // A load that fails even with --rejects makes no folder, and leaves no temporary one.
        #expect(try load(store, [world]).succeeded)
        let rejects = folder.file("rejects")
        folder.write("world/attempts.csv", "id,case_id,route_id,attempted_at,result,people\na-9,c-1,rt-moi,2021-08-25T10:00,admitted,6\n")
        #expect(try load(store, [folder.file("world/attempts.csv")]).succeeded)
        let shrink = folder.write("later/cases.csv", "id,category,size\nc-1,lpr,4\n")
        #expect(try !load(store, [shrink]) { $0.rejectsPath = rejects }.succeeded)
        #expect(!FilePaths.exists(rejects))
        #expect(try FilePaths.contents(ofDirectory: folder.path).filter { $0.hasPrefix(".rejects.") }.isEmpty)

        // One that commits makes it; an empty folder given is filled.
        let bad = folder.write("bad/sources.csv", "id,kind\nsrc-x,rumour\n")
        #expect(try load(store, [bad]) { $0.rejectsPath = rejects }.succeeded)
        #expect(try String(contentsOfFile: folder.file("rejects/sources.csv"), encoding: .utf8).contains("src-x"))
        try FileManager.default.createDirectory(atPath: folder.file("empty"), withIntermediateDirectories: true)
        #expect(try load(store, [bad]) { $0.rejectsPath = folder.file("empty") }.succeeded)
        #expect(try FilePaths.contents(ofDirectory: folder.file("empty")) == ["sources.csv"])
        #expect(try FilePaths.contents(ofDirectory: folder.path).filter { $0.hasPrefix(".rejects.") || $0.hasPrefix(".empty.") }.isEmpty)
        // Now that it holds files, it is refused.
        #expect(throws: PassageError.self) { try load(store, [bad]) { $0.rejectsPath = rejects } }
    }

    @Test func rejectsGoIntoAPipeAndAreKeptWhenTheirNameIsTakenAfterTheCommit() async throws {
        let store = try makeStore(folder)
        #expect(try load(store, [World.write(into: folder)]).succeeded)
        let bad = folder.write("bad/sources.csv", "id,kind\nsrc-x,rumour\n")

        // A link is refused: the folder itself is named.
        try FileManager.default.createDirectory(atPath: folder.file("real"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.file("link"), withDestinationPath: folder.file("real"))
        #expect(throws: PassageError.self) { try load(store, [bad]) { $0.rejectsPath = folder.file("link") } }

        // A pipe (like /dev/stdout or >(…)): written into, each kind's CSV after the other.
        let fifo = folder.file("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        // (A reader that went away would be EPIPE for the load, not the end of this test process.)
        signal(SIGPIPE, SIG_IGN)
        let reader = Task.detached { () -> String in
            let handle = try #require(FileHandle(forReadingAtPath: fifo))
            return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        }
        // The writer refuses a pipe no process reads: let the reader get there first.
        try await Task.sleep(for: .milliseconds(500))
        #expect(try load(store, [bad]) { $0.rejectsPath = fifo }.succeeded)
        let piped = try await reader.value
        #expect(piped.hasPrefix("id,kind,name,reliability,notes,rejected_file,rejected_line,problem\nsrc-x,rumour,"), "\(piped)")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)

        // A name taken by a folder with files during the load: the load stands, its rows stay in the temporary folder.
        let taken = folder.file("taken")
        let summary = try load(store, [bad]) { options in
            options.rejectsPath = taken
            options.progress = { _, _ in try? FileManager.default.createDirectory(atPath: taken + "/in-the-way", withIntermediateDirectories: true) }
        }
        #expect(summary.succeeded && summary.loadID != nil)
        let warning = try #require(summary.rejectsWarning)
        #expect(warning.contains(taken))
        let kept = try FilePaths.contents(ofDirectory: folder.path).filter { $0.hasPrefix(".taken.") }
        #expect(kept.count == 1)
        #expect(try String(contentsOfFile: folder.file(kept[0] + "/sources.csv"), encoding: .utf8).contains("src-x"))
    }

    @Test func aNewDatabaseTakesItsNameOnlyWhenKeptAndNeverReplacesAnother() throws {
        let path = folder.file("fresh.db")
        let dropped = try Store.withNewDatabase(at: path) { store throws -> (result: Int, keep: Bool) in
            #expect(store.path != path)
            return (try store.count(.cases), false)
        }
        #expect(dropped == 0)
        #expect(try FilePaths.contents(ofDirectory: folder.path).isEmpty)
        // A body that throws leaves nothing either.
        #expect(throws: SQLiteError.self) {
            try Store.withNewDatabase(at: path) { store throws -> (result: Void, keep: Bool) in
                try store.connection.execute("SELECT nonsense FROM nowhere")
                return ((), true)
            }
        }
        #expect(try FilePaths.contents(ofDirectory: folder.path).isEmpty)

        try Store.withNewDatabase(at: path) { store throws -> (result: Void, keep: Bool) in
            #expect(try load(store, [World.write(into: folder)]).succeeded)
            return ((), true)
        }
        #expect(try FilePaths.contents(ofDirectory: folder.path).sorted() == ["fresh.db", "world"])
        let reopened = try Store.openForReading(at: path)
        #expect(try reopened.count(.cases) == 2)
        try reopened.close()

        // A file that appears under the name meanwhile is never replaced.
        let raced = folder.file("raced.db")
        #expect(throws: PassageError.self) {
            try Store.withNewDatabase(at: raced) { _ -> (result: Void, keep: Bool) in
                folder.write("raced.db", "someone else's")
                return ((), true)
            }
        }
        #expect(try String(contentsOfFile: raced, encoding: .utf8) == "someone else's")
        #expect(try FilePaths.contents(ofDirectory: folder.path).filter { $0.hasPrefix(".raced.db.") }.isEmpty)

        // A load whose new database cannot take its name publishes no rejects folder.
        let rejects = folder.file("rejects")
        let bad = folder.write("bad/sources.csv", "id,kind\nsrc-x,rumour\n")
        #expect(throws: PassageError.self) {
            _ = try Store.withNewDatabase(at: folder.file("raced-again.db")) { store throws -> (result: LoadSummary, keep: Bool) in
                let summary = try load(store, [bad]) { $0.rejectsPath = rejects; $0.publishesRejects = false }
                folder.write("raced-again.db", "someone else's")
                return (summary, true)
            }
        }
        #expect(!FilePaths.exists(rejects))
        #expect(try FilePaths.contents(ofDirectory: folder.path).filter { $0.hasPrefix(".rejects.") }.isEmpty)
        // And one that does take its name publishes them after.
        var summary = try Store.withNewDatabase(at: folder.file("named.db")) { store throws -> (result: LoadSummary, keep: Bool) in
            let summary = try load(store, [bad]) { $0.rejectsPath = rejects; $0.publishesRejects = false }
            #expect(!FilePaths.exists(rejects))
            return (summary, true)
        }
        summary.rejectsWarning = summary.pendingRejects?.publish()
        #expect(summary.rejectsWarning == nil)
        #expect(try String(contentsOfFile: rejects + "/sources.csv", encoding: .utf8).contains("src-x"))
    }

    @Test func aNewerSchemaOrAnotherProgramsDatabaseIsNeverWritten() throws {
        let newer = try Connection(path: folder.file("newer.db"))
        try Migrator.migrate(newer)
        try newer.execute("PRAGMA user_version = \(Migrator.currentVersion + 1)")
        try newer.close()
        #expect(throws: PassageError.self) { try Store.openForWriting(at: folder.file("newer.db")) }

        let other = try Connection(path: folder.file("other.db"))
        try other.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, bytes BLOB)")
        try other.close()
        // Not a byte of either file changes (opening for writing would turn on WAL mode).
        let before = try [folder.file("newer.db"), folder.file("other.db")].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(throws: PassageError.self) { try Store.openForWriting(at: folder.file("other.db")) }
        #expect(throws: PassageError.self) { try Store.openForWriting(at: folder.file("newer.db")) }
        let after = try [folder.file("newer.db"), folder.file("other.db")].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(before == after)
        #expect(throws: PassageError.self) { try Store.openForReading(at: folder.file("other.db")) }
    }

    @Test func everyProblemOfARowIsReportedAtOnce() throws {
        let store = try makeStore(folder)
        #expect(try load(store, [World.write(into: folder)]).succeeded)
        let attempts = folder.write("more/attempts.csv", "id,case_id,route_id,attempted_at,result\na-1,c-404,rt-moi,2021-08-25T10:00,exploded\n")
        #expect(try load(store, [attempts]).problems == [
            "\(attempts):2: result: 'exploded' is not one of admitted, turned_away, aborted, no_show, unknown",
            "\(attempts):2: case_id: no cases with id 'c-404' in the database or this load",
        ])
        let incidents = folder.write("more/incidents.csv", "id,kind,occurred_at,muster_point_id,case_id\ni-1,turned_away,,mp-404,c-404\ni-2,turned_away,2021-08-25,bad id!,\n")
        #expect(try load(store, [incidents]).problems == [
            "\(incidents):2: occurred_at: a required value is missing",
            "\(incidents):2: muster_point_id: no muster_points with id 'mp-404' in the database or this load",
            "\(incidents):2: case_id: no cases with id 'c-404' in the database or this load",
            // An invalid muster point is its own problem, not also "needs a muster point or a gate".
            "\(incidents):3: muster_point_id: 'bad id!' is not a valid id: a space is not allowed (use A–Z a–z 0–9 . _ : -)",
        ])
        let cases = folder.write("more/cases.csv", "id,category,size,children,source_id\nc-9,martian,2,3,src-404\n")
        #expect(try load(store, [cases]).problems == [
            "\(cases):2: category: 'martian' is not one of us_citizen, lpr, siv, p1p2, afghan_at_risk, third_country, other",
            "\(cases):2: children: 3 children in a party of 2 (children ≤ size)",
            "\(cases):2: source_id: no sources with id 'src-404' in the database or this load",
        ])
    }

    @Test func checkNamesTheRecordsWhoseReferencesDangle() throws {
        let store = try makeStore(folder)
        #expect(try load(store, [World.write(into: folder)]).succeeded)
        #expect(try store.check().foreignKeyProblems.isEmpty)
        #expect(try store.check().integrity == ["ok"])
        // Damage from outside passage: a reference to a case that is not there.
        try store.connection.execute("PRAGMA foreign_keys = OFF")
        try store.connection.execute("INSERT INTO routes (id, gate_id, load_id, load_row) VALUES ('rt-ghost', 'gate-404', 1, 99)")
        // And one in a table keyed by two columns, with no id.
        try store.connection.execute("INSERT INTO load_counts (load_id, kind, inserted, updated, unchanged, rejected) VALUES (404, 'cases', 0, 0, 0, 0)")
        let result = try store.check()
        #expect(result.foreignKeyProblems.sorted() == [
            "load_counts '404/cases': load_id '404' refers to a missing loads",
            "routes 'rt-ghost': gate_id 'gate-404' refers to a missing gates",
        ])
        #expect(result.isDamaged)
    }

    @Test func aDryRunChangesNothing() throws {
        let store = try makeStore(folder)
        let summary = try load(store, [World.write(into: folder)]) { $0.dryRun = true }
        #expect(summary.succeeded && summary.isDryRun)
        #expect(summary.counts[.cases] == counts(inserted: 2))
        #expect(try dump(store).isEmpty)
    }

    @Test func aCaseCannotShrinkBelowItsAttempts() throws {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        folder.write("world/attempts.csv", "id,case_id,route_id,attempted_at,result,people,escort_run_id\na-1,c-1,rt-moi,2021-08-25T10:00,admitted,5,run-1\n")
        #expect(try load(store, [world]).succeeded)
        let shrink = folder.write("later/cases.csv", "id,category,size\nc-1,lpr,4\n")
        let summary = try load(store, [shrink])
        #expect(summary.problems == ["\(shrink):2: size: attempt 'a-1' already counts 5 people of this case"])
        let moved = folder.write("later/escort_runs.csv", "id,route_id,escort,departed_at\nrun-1,rt-fuel,taliban,2021-08-24T22:00\n")
        #expect(try load(store, [moved]).problems == ["\(moved):2: route_id: attempt 'a-1' on route 'rt-moi' already uses this escort run"])
        // Even with --rejects such a load fails: the case is written and may carry others.
        #expect(try !load(store, [shrink]) { $0.rejectsPath = folder.file("rejects.csv") }.succeeded)
        #expect(try store.connection.scalarInt("SELECT size FROM cases WHERE id = 'c-1'") == 6)
    }

    @Test func aCaseAndItsAttemptsShrinkTogetherInOneLoad() throws {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        folder.write("world/attempts.csv", "id,case_id,route_id,attempted_at,result,people\na-1,c-1,rt-moi,2021-08-25T10:00,admitted,5\n")
        #expect(try load(store, [world]).succeeded)
        // Without a children column, c-1 keeps its 4 children: too many for 2.
        let keepsChildren = folder.write("partial/cases.csv", "id,category,size\nc-1,lpr,2\n")
        #expect(try load(store, [keepsChildren]).problems
                == ["\(keepsChildren):2: children: 4 children in a party of 2 (children ≤ size) (the columns this file lacks keep their stored values)"])
        let cases = folder.write("later/cases.csv", "id,category,size,children\nc-1,lpr,2,\n")
        let attempts = folder.write("later/attempts.csv", "id,case_id,route_id,attempted_at,result,people\na-1,c-1,rt-moi,2021-08-25T10:00,admitted,2\n")
        let summary = try load(store, [attempts, cases])
        #expect(summary.succeeded, "\(summary.problems)")
        #expect(try store.connection.scalarInt("SELECT size FROM cases WHERE id = 'c-1'") == 2)
    }

    @Test func theZoneIsSetAtCreationAndCannotChangeUnderRecords() throws {
        let store = try makeStore(folder, zone: EventZone("-05:00"))
        #expect(store.zone.description == "-05:00")
        let summary = try load(store, [World.write(into: folder)])
        #expect(summary.succeeded)
        #expect(try store.connection.scalarText("SELECT departed_at FROM escort_runs WHERE id = 'run-1'") == "2021-08-24T22:00:00-05:00")
        #expect(try store.connection.scalarText("SELECT registered_at FROM cases WHERE id = 'c-1'") == "2021-08-20")
        try store.close()
        #expect(throws: PassageError.self) { try makeStore(folder, zone: .kabul) }
    }

    @Test func aZoneBeyondSQLitesDatesIsRefused() throws {
        // SQLite reads offsets up to ±14:59: beyond, date(stored time) is NULL.
        #expect(try makeStore(folder, name: "probe.db").connection.scalarText("SELECT date('2021-08-24T23:00:00+15:00')") == nil)
        for text in ["+14:59", "-14:59"] {
            let edge = try makeStore(folder, name: "edge\(text).db", zone: EventZone(text))
            #expect(try load(edge, [World.write(into: folder)]).succeeded)
            #expect(try edge.connection.scalarInt("SELECT count(*) FROM derived_cases WHERE last_activity_at IS NOT NULL AND activity_epoch IS NULL") == 0)
            #expect(try edge.connection.scalarInt("SELECT count(*) FROM derived_cases WHERE activity_epoch IS NOT NULL") ?? 0 > 0)
        }
        for text in ["+15:00", "-15:00", "+23:59"] {
            let error = #expect(throws: PassageError.self) { try makeStore(folder, name: "far.db", zone: EventZone(text)) }
            #expect(error?.description.contains("out of range") == true)
            #expect(!FileManager.default.fileExists(atPath: folder.file("far.db")), "a refused zone leaves no database behind")
        }
    }

    @Test func typedRecordsSaveAndFetch() throws {
        let store = try makeStore(folder)
        let counts = try store.save([
            Source(id: "s-1", kind: .network, reliability: .high),
            MusterPoint(Place(id: "mp-1", name: "Ministry", latitude: 34.55, longitude: 69.2, controlledBy: "taliban")),
            Gate(Place(id: "g-1", name: "Abbey Gate")),
            Route(id: "r-1", musterPointID: "mp-1", gateID: "g-1"),
            Case(id: "c-1", label: "Family", category: .lpr, size: 6, children: 4, registeredAt: "2021-08-20 09:00Z"),
            Attempt(id: "a-1", caseID: "c-1", routeID: "r-1", attemptedAt: "2021-08-24T22:50", result: .admitted),
            Outcome(id: "o-1", caseID: "c-1", status: .arrived, occurredAt: "2021-09-03"),
        ])
        #expect(counts.inserted == 7)
        let saved = try #require(try store.fetch(Case.self, id: "c-1"))
        #expect(saved.registeredAt == "2021-08-20T13:30:00+04:30")
        #expect(saved.children == 4 && saved.category == .lpr)
        #expect(try store.fetch(Attempt.self, id: "a-1")?.result == .admitted)
        #expect(try store.fetch(Gate.self, id: "nope") == nil)
        #expect(try store.save([saved]).unchanged == 1)
        let tooMany = Attempt(id: "a-2", caseID: "c-1", routeID: "r-1", attemptedAt: "2021-08-25", result: .admitted, people: 7)
        let error = #expect(throws: SaveError.self) { try store.save([tooMany]) }
        #expect(error?.problem.column == "people")
        #expect(throws: SaveError.self) { try store.save([Case(id: "c 2", category: .siv, size: 1)]) }
        #expect(throws: SaveError.self) { try store.save([Case(id: "c-2", category: .siv, size: 2, children: 3)]) }
        #expect(try store.fetch(Attempt.self, id: "a-2") == nil)
    }

    /// Saving into an empty table writes it without its secondary indexes
    /// and builds them after, as a load does: they must be there after the
    /// save, whatever else was in the database.
    @Test func savingIntoAnEmptyTableKeepsItsIndexes() throws {
        let store = try makeStore(folder)
        let indexes = "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'attempts' AND sql IS NOT NULL ORDER BY name)"
        let before = try store.connection.scalarText(indexes)
        #expect(before == "attempts_by_case,attempts_by_escort_run,attempts_by_route")
        try store.save([
            MusterPoint(Place(id: "mp-1", name: "Ministry")),
            Gate(Place(id: "g-1", name: "Abbey Gate")),
            Route(id: "r-1", musterPointID: "mp-1", gateID: "g-1"),
            Case(id: "c-1", category: .lpr, size: 2),
        ])
        try store.save([Attempt(id: "a-1", caseID: "c-1", routeID: "r-1", attemptedAt: "2021-08-24T22:50", result: .admitted)])
        #expect(try store.connection.scalarText(indexes) == before)
        #expect(try store.connection.scalarInt("SELECT count(*) FROM derived_admitted") == 1)
    }

    /// A first load drops the indexes of every table it fills from empty,
    /// the derived ones included, and sorts them once: all must be back.
    @Test func aFirstLoadLeavesEveryIndexInPlace() throws {
        let store = try makeStore(folder)
        let schema = "SELECT group_concat(name || ': ' || sql, char(10)) FROM (SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name)"
        let before = try store.connection.scalarText(schema)
        #expect(before?.contains("derived_turned_away_by_place") == true)
        let fixture = ReportFixtureTests.fixtures
        let files = try FileManager.default.contentsOfDirectory(atPath: fixture).filter { $0.hasSuffix(".csv") }
        #expect(try load(store, files.map { fixture + "/" + $0 }).succeeded)
        #expect(try store.connection.scalarInt("SELECT count(*) FROM derived_turned_away") ?? 0 > 0)
        #expect(try store.connection.scalarInt("SELECT count(*) FROM derived_cases") ?? 0 > 0)
        #expect(try store.connection.scalarText(schema) == before)
    }

    func counts(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, rejected: Int = 0) -> LoadSummary.Counts {
        var counts = LoadSummary.Counts()
        counts.inserted = inserted
        counts.updated = updated
        counts.unchanged = unchanged
        counts.rejected = rejected
        return counts
    }
}

@Suite struct DuplicateTests {
    let folder = TemporaryDirectory()

    @Test func aRepeatedIdIsAnErrorEvenWhenItsRecordIsUnchanged() throws {
        let store = try makeStore(folder)
        #expect(try load(store, [World.write(into: folder)]).succeeded)
        let twice = folder.write("again/cases.csv", "id,label,category,size,children,contact,registered_at,source_id,notes\nc-2,Citizen,us_citizen,1,,,,,\nc-2,Citizen,us_citizen,1,,,,,\n")
        let summary = try load(store, [twice])
        // The first row changed nothing, yet its line is named.
        #expect(summary.problems == ["\(twice):3: id: cases id 'c-2' appears more than once in this load (first at \(twice):2)"])
    }

    @Test func withRejectsARepeatedIdKeepsItsFirstRowAndItsDependents() throws {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        folder.write("world/attempts.csv", "id,case_id,route_id,attempted_at,result\na-1,c-1,rt-moi,2021-08-25T10:00,admitted\na-1,c-1,rt-moi,2021-08-25T11:00,admitted\n")
        folder.write("world/incidents.csv", "id,kind,occurred_at,muster_point_id,attempt_id\ni-1,turned_away,2021-08-25T10:00,mp-moi,a-1\n")
        let summary = try load(store, [world]) { $0.rejectsPath = folder.file("rejects.csv") }
        #expect(summary.counts[.attempts]?.rejected == 1)
        #expect(summary.counts[.incidents]?.inserted == 1)
        #expect(try store.connection.scalarText("SELECT attempted_at FROM attempts WHERE id = 'a-1'") == "2021-08-25T10:00:00+04:30")
    }

    @Test func theSameIdInTwoKindsIsFine() throws {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        folder.write("world/outcomes.csv", "id,case_id,status,occurred_at\nc-1,c-1,arrived,2021-09-01\n")
        #expect(try load(store, [world]).succeeded)
    }
}
