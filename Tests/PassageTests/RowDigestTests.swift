import Foundation
@testable import Passage
import PassageInput
import PassageSQLite
import Testing

/// A reload trusts the last load's row digests (`RowDigests`) only while
/// nothing changed the kind's records since, and then leaves exactly what
/// reading every row would.
@Suite struct RowDigestTests {
    /// Every table a load writes but `loads` (whose times differ) and the
    /// digests themselves.
    static let compared = RepeatedLoadTests.compared

    func digestRows(_ store: Store) throws -> Int {
        Int(try store.connection.scalarInt("SELECT count(*) FROM row_digests") ?? 0)
    }

    @Test func aReloadWithDigestsLeavesWhatAFullReadLeaves() throws {
        let folder = TemporaryDirectory()
        let world = World.write(into: folder)
        let withDigests = try makeStore(folder, name: "digests.db")
        let full = try makeStore(folder, name: "full.db")
        for store in [withDigests, full] { #expect(try load(store, [world]).succeeded) }
        #expect(try digestRows(withDigests) == 6)
        try RowDigests.clear(full.connection)
        folder.write("world/cases.csv", World.cases.replacingOccurrences(of: "Citizen", with: "Renamed") + "c-3,New family,siv,3,1,,,,\n")
        folder.write("world/escort_runs.csv", World.escortRuns + "\n")
        let fast = try load(withDigests, [world])
        let slow = try load(full, [world])
        #expect(fast.repeatedLoadID == nil && slow.repeatedLoadID == nil)
        for kind in RecordKind.allCases { #expect(fast.counts[kind] == slow.counts[kind], "\(kind)") }
        let cases = fast.counts[.cases]
        #expect(cases?.inserted == 1 && cases?.updated == 1 && cases?.unchanged == 1)
        #expect(try dump(withDigests, tables: Self.compared) == dump(full, tables: Self.compared))
    }

    /// A reload digests CSV rows from their bytes, a first load from their
    /// records: the two must agree, or no row would be found unchanged.
    @Test func aRowKeptAsBytesHasItsRecordsDigest() throws {
        let digester = RowDigester(salt: "salt", zone: .kabul, excluded: RecordKind.allCases.map { _ in false }, context: "test")
        let text = "id,label,size,notes,unknown\nC-1,Family A,3,,x\nC-2,\"quoted, \"\"text\"\"\",,زهرا,\nC-3,,,,\n"
        let reader = try #require(try makeRecordReader(format: .csv, source: ByteSource(bytes: Array(text.utf8))) as? any RowReader)
        let columns = (reader.header ?? []).map { RecordKind.cases.columnIndex($0) }
        var buffer = RowBuffer(columns: reader.header ?? [])
        var scratch: [UInt8] = []
        var digests = Set<[UInt64]>()
        while let read = try reader.nextRow(into: &buffer) {
            guard case .row(let line, let firstField) = read else { Issue.record("row \(read) not kept as bytes"); continue }
            let record = DelimitedRow(line: line, storage: buffer.frozen(), firstField: firstField).record
            for ignoresUnknown in [true, false] {
                let fromBytes = digester.digest(.cases, row: firstField, of: buffer, columns: columns, ignoresUnknown: ignoresUnknown, scratch: &scratch)
                let fromRecord = digester.digest(.cases, record, columns: columns, isJSON: false, ignoresUnknown: ignoresUnknown, scratch: &scratch)
                #expect(fromBytes == fromRecord, "line \(line)")
                #expect((fromBytes == nil) == !ignoresUnknown, "an unknown column's row has no digest unless such columns are ignored")
                if let fromBytes { digests.insert([fromBytes.high, fromBytes.low]) }
            }
        }
        #expect(digests.count == 3)
    }

    /// The digests are used: a stored row changed without an audit row (as
    /// nothing in passage does) is not read again while they are trusted.
    @Test func aRowKeptAsADigestIsNotReadAgain() throws {
        let (folder, world, store) = try loadedWorld()
        try withoutAudit(store) { try store.connection.run("UPDATE cases SET label = 'Edited behind' WHERE id = 'c-1'") }
        folder.write("world/escort_runs.csv", World.escortRuns + "\n")
        let again = try load(store, [world])
        #expect(again.repeatedLoadID == nil && again.counts[.cases]?.unchanged == 2)
        #expect(try store.connection.scalarText("SELECT label FROM cases WHERE id = 'c-1'") == "Edited behind")
        // Forgotten digests: the row is read, compared and written back.
        try RowDigests.clear(store.connection)
        folder.write("world/escort_runs.csv", World.escortRuns)
        #expect(try load(store, [world]).counts[.cases]?.updated == 1)
        #expect(try store.connection.scalarText("SELECT label FROM cases WHERE id = 'c-1'") == "Family of six")
    }

    @Test func anUpdateSinceMakesTheKindReadAgain() throws {
        let (folder, world, store) = try loadedWorld()
        _ = try store.save([Case(id: "c-1", label: "Saved in between", category: .lpr, size: 6, children: 4)])
        folder.write("world/escort_runs.csv", World.escortRuns + "\n")
        let again = try load(store, [world])
        #expect(again.counts[.cases]?.updated == 1)
        #expect(try store.connection.scalarText("SELECT label FROM cases WHERE id = 'c-1'") == "Family of six")
    }

    @Test func aDeleteSinceMakesTheKindReadAgain() throws {
        let (folder, world, store) = try loadedWorld()
        _ = try store.delete(.escortRuns, ids: ["run-2"], cascade: false)
        folder.write("world/cases.csv", World.cases + "\n")
        let again = try load(store, [world])
        #expect(again.counts[.escortRuns]?.inserted == 1 && again.counts[.escortRuns]?.unchanged == 1)
    }

    /// A repeated id is still an error when its first row is unchanged.
    @Test func aRepeatAfterAnUnchangedRowIsStillRejected() throws {
        let (folder, world, store) = try loadedWorld()
        folder.write("world/cases.csv", World.cases + "c-1,Family of six again,lpr,6,4,,,,\n")
        let again = try load(store, [world])
        #expect(!again.succeeded)
        #expect(again.problems.contains { $0.contains("appears more than once") })
    }

    @Test func aSealedDatabaseKeepsNoDigestOfPersonalKinds() throws {
        let (folder, world, store) = try loadedWorld()
        #expect(try store.connection.scalarInt("SELECT count(*) FROM row_digests WHERE kind = 'cases'") == 1)
        try store.seal(passphrase: "test passphrase", recipients: [])
        #expect(try digestRows(store) == 0)
        store.keySource = { .passphrase("test passphrase") }
        folder.write("world/cases.csv", World.cases + "\n")
        #expect(try load(store, [world]).succeeded)
        // Every kind has a personal column (notes) today: none keeps digests.
        let kinds = try store.connection.prepare("SELECT kind FROM row_digests ORDER BY kind").allRows().map { $0[0] }
        let impersonal = RecordKind.allCases.filter { Store.personalColumnIndexes[$0.ordinal].isEmpty }.map { SQLiteValue.text($0.table) }
        #expect(kinds == impersonal.sorted { $0.description < $1.description })
    }

    /// What changes a record without an audit row: here, an update with the
    /// audit triggers set aside (as sealing does).
    func withoutAudit(_ store: Store, _ body: () throws -> Void) throws {
        let triggers = try store.connection.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'cases'").allRows()
        for trigger in triggers {
            guard case .text(let name) = trigger[0] else { continue }
            try store.connection.execute("DROP TRIGGER \"\(name)\"")
        }
        try body()
        for trigger in triggers {
            if case .text(let sql) = trigger[1] { try store.connection.execute(sql) }
        }
    }
}

/// The digests' storage: parts of at most `RowDigests.partSize`, in the
/// order of the rows, read back whole; and how a reload finds them.
@Suite struct RowDigestStorageTests {
    func random(_ count: Int) -> [RowDigest] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in RowDigest(high: generator.next(), low: generator.next()) }
    }

    func stored(_ values: [RowDigest], loadID: Int64 = 1, in store: Store) throws -> String {
        let digests = try RowDigests(connection: store.connection, loadID: loadID, sealed: false, zone: .kabul)
        try digests.begin(.attempts)
        for value in values { try digests.keep(value) }
        try digests.finish()
        return digests.digester.context
    }

    @Test func digestsInManyPartsAreAllFoundAgain() throws {
        let store = try makeStore(TemporaryDirectory())
        let values = random(RowDigests.partSize * 2 + 100)
        let context = try stored(values, in: store)
        #expect(try store.connection.scalarInt("SELECT count(*) FROM row_digests WHERE kind = 'attempts'") == 3)
        var lastLoad = try LastLoadDigests(.attempts, context: context, store.connection)
        for value in values { lastLoad.meet(try #require(try lastLoad.unmetIndex(of: value))) }
        #expect(try lastLoad.unmetIndex(of: values[5]) == nil, "met already")
        #expect(try lastLoad.unmetIndex(of: RowDigest(high: values[5].high, low: values[5].low &+ 1)) == nil)
        // Digests made under another context (schema, passage, form) are not trusted.
        #expect(try LastLoadDigests(.attempts, context: context + "x", store.connection).isEmpty)
    }

    /// Rows added, changed or deleted a few at a time are passed over; after
    /// a longer gap or rows moved, the next anchor is found wherever it is.
    @Test func aRowIsFoundAfterTheLastOneMetOrAtAnAnchor() throws {
        let store = try makeStore(TemporaryDirectory())
        let values = random(10_000)
        let context = try stored(values, in: store)
        var lastLoad = try LastLoadDigests(.attempts, context: context, store.connection)
        lastLoad.meet(try #require(try lastLoad.unmetIndex(of: values[0])))
        #expect(try lastLoad.unmetIndex(of: values[1 + LastLoadDigests.window]) == nil, "beyond the window")
        lastLoad.meet(try #require(try lastLoad.unmetIndex(of: values[LastLoadDigests.window]), "a few rows deleted"))
        let farAnchor = try #require(values.indices.last { values[$0].low & 63 == 0 })
        let farOther = try #require(values.indices.last { values[$0].low & 63 != 0 })
        #expect(try lastLoad.unmetIndex(of: values[farOther]) == nil)
        #expect(try lastLoad.unmetIndex(of: values[farAnchor]) == farAnchor)
        // A row moved back to the start: found if it is an anchor.
        lastLoad.meet(farAnchor)
        let nearAnchor = try #require(values.indices.first { $0 > LastLoadDigests.window && values[$0].low & 63 == 0 })
        #expect(try lastLoad.unmetIndex(of: values[nearAnchor]) == nearAnchor)
    }
}

/// A row known unchanged from its text is taken without its checks only
/// when they would pass: each scenario loads the same files into a store
/// that keeps its digests and one that has none, and expects the same.
@Suite struct UnchangedRowTests {
    static let attempts = """
        id,case_id,route_id,attempted_at,result,escort_run_id,people,source_id,notes
        a-1,c-1,rt-moi,2021-08-24T22:50,turned_away,run-1,3,,
        a-2,c-2,rt-fuel,2021-08-25T03:00,admitted,,,,

        """

    /// Loads the world (and `first`) into both stores, then rewrites
    /// `second`'s files and loads again: same summary, same tables.
    func expectSameAsAFullRead(first: [String: String] = [:], second: [String: String], rejects: Bool = false,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = TemporaryDirectory()
        let world = World.write(into: folder)
        for (name, text) in first { folder.write("world/" + name, text) }
        let withDigests = try makeStore(folder, name: "digests.db")
        let full = try makeStore(folder, name: "full.db")
        for store in [withDigests, full] { #expect(try load(store, [world]).succeeded, sourceLocation: sourceLocation) }
        #expect(try withDigests.connection.scalarInt("SELECT count(*) FROM row_digests") ?? 0 > 0, sourceLocation: sourceLocation)
        try RowDigests.clear(full.connection)
        for (name, text) in second { folder.write("world/" + name, text) }
        let fast = try load(withDigests, [world]) { if rejects { $0.rejectsPath = folder.file("rejects-digests") } }
        let slow = try load(full, [world]) { if rejects { $0.rejectsPath = folder.file("rejects-full") } }
        #expect(fast.succeeded == slow.succeeded, sourceLocation: sourceLocation)
        #expect(fast.problems == slow.problems, sourceLocation: sourceLocation)
        for kind in RecordKind.allCases { #expect(fast.counts[kind] == slow.counts[kind], "\(kind)", sourceLocation: sourceLocation) }
        #expect(try dump(withDigests, tables: RowDigestTests.compared) == dump(full, tables: RowDigestTests.compared), sourceLocation: sourceLocation)
    }

    @Test func anUnchangedRowIsTakenWithoutBeingRead() throws {
        try expectSameAsAFullRead(first: ["attempts.csv": Self.attempts], second: ["escort_runs.csv": World.escortRuns + "\n"])
    }

    /// Its case rejected in this load: the attempt is rejected with it.
    @Test func aRowReferringToARejectedRecordIsRead() throws {
        try expectSameAsAFullRead(first: ["attempts.csv": Self.attempts],
                                  second: ["cases.csv": World.cases.replacingOccurrences(of: "lpr,6", with: "lpr,many")], rejects: true)
    }

    /// Its case made smaller than its people in this load: the attempt's
    /// own rule is checked again.
    @Test func aRowReferringToAChangedRecordIsRead() throws {
        try expectSameAsAFullRead(first: ["attempts.csv": Self.attempts],
                                  second: ["cases.csv": World.cases.replacingOccurrences(of: "lpr,6,4", with: "lpr,2,1")], rejects: true)
    }

    /// The same text twice: the second is a repeat.
    @Test func theSameRowTwiceIsARepeat() throws {
        try expectSameAsAFullRead(second: ["cases.csv": World.cases + "c-2,Citizen,us_citizen,1,,,,,\n"], rejects: true)
    }

    /// JSON objects with their keys in different orders, each taken
    /// unchanged with its own columns: a case's size read from another
    /// key's place (its children, a number too) would reject the attempts
    /// whose people are its size.
    @Test func jsonObjectsWithTheirKeysInAnyOrderAreTakenUnchanged() throws {
        let cases = [
            #"{"id":"c-10","label":"Ten","category":"siv","size":5,"children":2}"#,
            #"{"id":"c-11","label":"Eleven","category":"lpr","children":1,"size":4}"#,
            #"{"category":"p1p2","id":"c-12","children":3,"size":6,"notes":"n"}"#,
        ].joined(separator: "\n") + "\n"
        let attempts = Self.attempts + """
            a-10,c-10,rt-moi,2021-08-25T01:00,turned_away,,5,,
            a-11,c-11,rt-moi,2021-08-25T01:00,turned_away,,4,,
            a-12,c-12,rt-moi,2021-08-25T01:00,turned_away,,6,,

            """
        try expectSameAsAFullRead(first: ["cases.ndjson": cases, "attempts.csv": attempts],
                                  second: ["attempts.csv": attempts + "a-13,c-12,rt-fuel,2021-08-26T01:00,turned_away,,6,,\n"
                                           + "a-14,c-11,rt-fuel,2021-08-26T01:00,turned_away,,4,,\n"], rejects: true)
    }

    /// The same text in JSON, where a number must be written as one, is
    /// not the same row.
    @Test func theSameTextInAnotherFormatIsRead() throws {
        try expectSameAsAFullRead(second: [
            "escort_runs.csv": "id,route_id,escort,departed_at,arrived_at,people,status,source_id,notes\n",
            "escort_runs.ndjson": #"{"id":"run-1","route_id":"rt-moi","escort":"taliban","departed_at":"2021-08-24T22:00","#
                + #""arrived_at":"2021-08-24T23:00","people":"40","status":"completed","source_id":"src-net","notes":null}"# + "\n",
        ], rejects: true)
    }
}
