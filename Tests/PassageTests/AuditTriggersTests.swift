import Foundation
import Testing
@testable import Passage
import PassageSQLite

/// A writer sets the audit triggers of the kinds it updates aside and makes
/// their audit rows itself: the rows must be the triggers' own, and the
/// triggers must be back, exactly, whatever becomes of the write.
@Suite struct AuditTriggersTests {
    let folder = TemporaryDirectory()
    /// The bundled sample: records of every kind but links.
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/PassageCLI/Sample").standardized.path

    func triggers(_ store: Store) throws -> [String] {
        try store.connection.prepare("SELECT name || ': ' || sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").allRows().map { $0[0].description }
    }

    func auditRows(_ store: Store, after id: Int64) throws -> [String] {
        let statement = try store.connection.prepare("SELECT kind, record_id, action, previous, load_id FROM audit WHERE id > ? ORDER BY id")
        try statement.bind([id])
        return try statement.allRows().map { $0.map(\.description).joined(separator: "|") }
    }

    @Test func everyKindsUpdateTriggerIsTheOneExpected() throws {
        let store = try makeStore(folder)
        for kind in RecordKind.allCases {
            let sql = try #require(try store.connection.scalarText("SELECT sql FROM sqlite_schema WHERE name = ?", [AuditTriggers.triggerName(kind)]))
            #expect(AuditTriggers.withoutWhiteSpace(sql) == AuditTriggers.withoutWhiteSpace(AuditTriggers.expectedTrigger(kind)), "\(kind.table): \(sql)")
        }
    }

    /// A trigger of another text (here a WHEN that holds for no record) is
    /// not set aside: its rows are its own, here none.
    @Test func aTriggerOfAnotherTextStays() throws {
        let store = try makeStore(folder)
        #expect(try load(store, [World.write(into: folder)]).succeeded)
        let original = try #require(try store.connection.scalarText("SELECT sql FROM sqlite_schema WHERE name = 'sources_audit_update'"))
        let edited = original.replacingOccurrences(of: "AFTER UPDATE ON sources", with: "AFTER UPDATE ON sources WHEN old.name = 'no such name'")
        try store.connection.execute("DROP TRIGGER sources_audit_update")
        try store.connection.execute(edited)
        let before = try triggers(store)
        let sources = folder.write("change/sources.csv", World.sources.replacingOccurrences(of: "Volunteer desk", with: "Desk"))
        #expect(try load(store, [sources]).succeeded)
        #expect(try triggers(store) == before)
        #expect(try store.connection.scalarInt("SELECT count(*) FROM audit WHERE kind = 'sources'") == 0)
    }

    /// An update the database refuses (a row the checks let through) is
    /// rejected and leaves no audit row, as the trigger left none.
    @Test func aRefusedUpdateLeavesNoAuditRow() throws {
        let store = try makeStore(folder)
        #expect(try load(store, [World.write(into: folder)]).succeeded)
        try store.connection.execute("CREATE TRIGGER refuse BEFORE UPDATE ON sources WHEN new.name = 'Refused' BEGIN SELECT RAISE(FAIL, 'no'); END")
        let text = World.sources.replacingOccurrences(of: "Volunteer desk", with: "Refused").replacingOccurrences(of: "Relative abroad", with: "Cousin")
        let sources = folder.write("change/sources.csv", text)
        let summary = try load(store, [sources]) { $0.rejectsPath = folder.file("rejects.csv") }
        #expect(summary.counts[.sources]?.rejected == 1)
        #expect(summary.counts[.sources]?.updated == 1)
        let rows = try store.connection.prepare("SELECT record_id, previous ->> 'name' FROM audit ORDER BY id").allRows().map { $0.map(\.description).joined(separator: "|") }
        #expect(rows == ["'src-fam'|'Relative abroad'"])
    }

    /// For one record of every kind the sample holds: the audit row the
    /// writer makes is the row the trigger makes for the same update.
    @Test func theWritersAuditRowIsTheTriggers() throws {
        let store = try makeStore(folder)
        #expect(try load(store, [Self.sample]).succeeded)
        let connection = store.connection
        let before = try triggers(store)
        let loadID = try #require(try connection.scalarInt("SELECT max(id) FROM loads"))
        for kind in RecordKind.allCases {
            guard let id = try connection.scalarText("SELECT id FROM \(kind.table) ORDER BY id LIMIT 1") else { continue }
            let last = try connection.scalarInt("SELECT max(id) FROM audit") ?? 0
            var byTrigger: [String] = []
            try connection.transaction(.immediate) {
                try connection.run("UPDATE \(kind.table) SET load_id = ?, revision = revision + 1 WHERE id = ?", [loadID, id])
                byTrigger = try auditRows(store, after: last)
                return .rollback
            }
            var byWriter: [String] = []
            try connection.transaction(.immediate) {
                var set = AuditTriggers()
                let previous = try #require(try set.previousValues(ofUpdateOf: kind, id: .text(id), connection))
                // Set aside: the update leaves no row of its own.
                try connection.run("UPDATE \(kind.table) SET load_id = ?, revision = revision + 1 WHERE id = ?", [loadID, id])
                try set.writeRow(previous, of: kind, loadID: loadID)
                byWriter = try auditRows(store, after: last)
                try set.restore(connection)
                #expect(try triggers(store) == before)
                // Once restored, a trigger is never set aside again by the same writer.
                #expect(try set.previousValues(ofUpdateOf: kind, id: .text(id), connection) == nil)
                #expect(try triggers(store) == before)
                return .rollback
            }
            #expect(byTrigger.count == 1, "\(kind.table)")
            #expect(byWriter == byTrigger, "\(kind.table)")
        }
    }

    /// A reload that updates records of several kinds: one audit row per
    /// update with the previous values, and the triggers as they were,
    /// still at work for the next update.
    @Test func aLoadPutsTheTriggersBack() throws {
        let store = try makeStore(folder)
        #expect(try load(store, [World.write(into: folder)]).succeeded)
        let before = try triggers(store)
        let sources = folder.write("change/sources.csv", World.sources.replacingOccurrences(of: "Volunteer desk", with: "Desk"))
        let cases = folder.write("change/cases.csv", World.cases.replacingOccurrences(of: "Citizen", with: "A citizen"))
        let summary = try load(store, [sources, cases])
        #expect(summary.succeeded)
        #expect(try triggers(store) == before)
        let rows = try store.connection.prepare("SELECT kind, record_id, previous ->> 'name', previous ->> 'label', load_id FROM audit ORDER BY id").allRows()
            .map { $0.map(\.description).joined(separator: "|") }
        #expect(rows == ["'sources'|'src-net'|'Volunteer desk'|NULL|2", "'cases'|'c-2'|NULL|'Citizen'|2"])
        try store.connection.run("UPDATE gates SET notes = 'by hand' WHERE id = 'gate-north'")
        #expect(try store.connection.scalarInt("SELECT count(*) FROM audit WHERE kind = 'gates'") == 1)
    }

    /// A load that fails after updating records: no audit row, the
    /// triggers as they were (put back, then rolled back with the rest).
    @Test func aFailedLoadLeavesTheTriggers() throws {
        let store = try makeStore(folder)
        #expect(try load(store, [World.write(into: folder)]).succeeded)
        let before = try triggers(store)
        let cases = folder.write("change/cases.csv", World.cases.replacingOccurrences(of: "Citizen", with: "A citizen") + "\nc-3,,tourist,1,,,,,\n")
        #expect(!(try load(store, [cases]).succeeded))
        #expect(try triggers(store) == before)
        #expect(try store.connection.scalarInt("SELECT count(*) FROM audit") == 0)
    }

    @Test func aSaveWritesTheAuditRowAndPutsTheTriggerBack() throws {
        let store = try makeStore(folder)
        #expect(try load(store, [World.write(into: folder)]).succeeded)
        let before = try triggers(store)
        try store.save([Source(id: "src-fam", kind: .family, name: "Cousin")])
        #expect(try triggers(store) == before)
        #expect(try store.connection.scalarText("SELECT previous ->> 'name' FROM audit WHERE kind = 'sources'") == "Relative abroad")
    }
}
