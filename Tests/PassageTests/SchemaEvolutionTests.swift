import Foundation
import Testing
@testable import Passage
import PassageSQLite

/// A database made at the first migration and filled there keeps every
/// record when it is migrated to the current schema.
@Suite struct SchemaEvolutionTests {
    let folder = TemporaryDirectory()

    @Test func migratingAFilledFirstVersionDatabaseLosesNothing() throws {
        let path = folder.file("old.db")
        try Store.createPrivateFileIfMissing(path)
        let old = try Connection(path: path, mode: .readWrite(create: false))
        try Migrator.migrate(old, upTo: 1)
        #expect(try Migrator.version(of: old) == 1)
        // Fill it at version 1 with the loader's own writer.
        try old.write {
            try old.run("INSERT INTO loads (started_at) VALUES ('2021-08-30T00:00:00Z')")
            let writer = try RecordWriter(connection: old, loadID: old.lastInsertRowID)
            let rows: [(RecordKind, [SQLiteValue])] = [
                (.gates, [.text("g-1"), .text("Abbey Gate"), .null, .null, .null, .text("private")]),
                (.routes, [.text("r-1"), .null, .text("g-1"), .null, .null]),
                (.cases, [.text("c-1"), .text("Family"), .text("lpr"), .integer(6), .integer(4), .null, .text("2021-08-20"), .null, .text("note")]),
                (.attempts, [.text("a-1"), .text("c-1"), .text("r-1"), .text("2021-08-24T22:50:00+04:30"), .text("admitted"), .null, .null, .null, .null]),
                (.outcomes, [.text("o-1"), .text("c-1"), .text("arrived"), .text("2021-09-03"), .text("Dulles"), .null, .null]),
            ]
            for (offset, row) in rows.enumerated() {
                guard case .success = try writer.write(row.0, row.1, loadRow: offset + 1) else { Issue.record("row \(offset) refused"); return }
            }
        }
        // The kinds a first-version database has (members and case_links came later).
        let firstKinds = RecordKind.allCases.filter { ![.members, .caseLinks].contains($0) }
        let before = try firstKinds.map { kind in try old.prepare("SELECT * FROM \(kind.table) ORDER BY id").allRows() }
        try old.close()

        let store = try Store.openForWriting(at: path)
        #expect(try Migrator.version(of: store.connection) == Migrator.currentVersion)
        let after = try firstKinds.map { kind in try store.connection.prepare("SELECT * FROM \(kind.table) ORDER BY id").allRows() }
        #expect(before == after)
        #expect(try store.connection.scalarText("PRAGMA integrity_check") == "ok")
        let outcomes = try store.run(#require(Report.named("outcomes")), parameters: [:])
        #expect(outcomes.rows.first?[5] == .text("arrived"))
    }
}
