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

    @Test func everyKindsUpdateTriggerHasTheShapeSetAside() throws {
        let store = try makeStore(folder)
        for kind in RecordKind.allCases {
            let sql = try #require(try store.connection.scalarText("SELECT sql FROM sqlite_schema WHERE name = ?", [AuditTriggers.triggerName(kind)]))
            #expect(AuditTriggers.statements(fromTrigger: sql, table: kind.table) != nil, "\(kind.table): \(sql)")
        }
        // Any other shape stays a trigger.
        #expect(AuditTriggers.statements(fromTrigger: "CREATE TRIGGER t AFTER UPDATE ON cases\nBEGIN\n    DELETE FROM audit;\nEND", table: "cases") == nil)
        #expect(AuditTriggers.statements(fromTrigger: "CREATE TRIGGER t AFTER UPDATE ON cases\nBEGIN\n    INSERT INTO audit (kind, record_id, action, previous, load_id)\n    VALUES ('cases', new.id, 'update', '{}', new.load_id);\nEND", table: "cases") == nil)
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
                #expect(try set.writeRow(beforeUpdateOf: kind, id: .text(id), loadID: loadID, connection))
                // Set aside: an update now leaves no second row.
                try connection.run("UPDATE \(kind.table) SET load_id = ?, revision = revision + 1 WHERE id = ?", [loadID, id])
                byWriter = try auditRows(store, after: last)
                try set.restore(connection)
                #expect(try triggers(store) == before)
                // Once restored, a trigger is never set aside again by the same writer.
                #expect(try !set.writeRow(beforeUpdateOf: kind, id: .text(id), loadID: loadID, connection))
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

    /// A load that fails after updating records rolls back: no audit row,
    /// the triggers as they were.
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
