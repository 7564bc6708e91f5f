import Foundation
@testable import Passage
import PassageSQLite
import Testing

/// The last load's files again, unchanged, into a database no one changed
/// since: recorded without reading a row (`RepeatedLoad`), with exactly
/// what a full load would have recorded. Anything that could make the
/// full load differ makes it read the rows.
@Suite struct RepeatedLoadTests {
    /// Every table a load writes but `loads` (whose times differ).
    static let compared = RecordKind.allCases.map(\.table) + ["load_files", "load_counts", "audit"]
        + DerivedCaseFill.tables + ["derived_turned_away"]

    @Test func theSameFilesAgainAreRecordedWithoutReadingARow() throws {
        let folder = TemporaryDirectory()
        let world = World.write(into: folder)
        let store = try makeStore(folder)
        let first = try load(store, [world])
        #expect(first.repeatedLoadID == nil)
        let second = try load(store, [world])
        #expect(second.succeeded && second.repeatedLoadID == first.loadID)
        #expect(second.loadID == first.loadID.map { $0 + 1 })
        #expect(second.total.unchanged == first.total.inserted && second.total.inserted == 0)
        for kind in RecordKind.allCases { #expect(second.counts[kind]?.unchanged == first.counts[kind]?.inserted) }
        // And again: a repeat of a repeat.
        #expect(try load(store, [world]).repeatedLoadID == second.loadID)
    }

    /// The repeat leaves the database exactly as a full load of the same
    /// files does (the full one made by forgetting the mark).
    @Test func aRepeatRecordsWhatAFullLoadRecords() throws {
        let folder = TemporaryDirectory()
        let fixtures = ReportFixtureTests.fixtures
        let repeated = try makeStore(folder, name: "repeated.db")
        let full = try makeStore(folder, name: "full.db")
        for store in [repeated, full] { #expect(try load(store, [fixtures]).succeeded) }
        try RepeatedLoad.clear(full.connection)
        #expect(try load(repeated, [fixtures]).repeatedLoadID != nil)
        #expect(try load(full, [fixtures]).repeatedLoadID == nil)
        #expect(try dump(repeated, tables: Self.compared) == dump(full, tables: Self.compared))
    }

    @Test func aChangedFileIsReadAgain() throws {
        let (folder, world, store) = try loadedWorld()
        // One byte, the same size.
        folder.write("world/cases.csv", World.cases.replacingOccurrences(of: "Citizen", with: "CitizeN"))
        let again = try load(store, [world])
        #expect(again.repeatedLoadID == nil && again.counts[.cases]?.updated == 1)
    }

    @Test func aRecordDeletedSinceIsLoadedAgain() throws {
        let folder = TemporaryDirectory()
        let world = World.write(into: folder)
        let store = try makeStore(folder)
        #expect(try load(store, [world]).succeeded)
        _ = try store.delete(.cases, ids: ["c-2"], cascade: false)
        let again = try load(store, [world])
        #expect(again.repeatedLoadID == nil && again.counts[.cases]?.inserted == 1)
    }

    @Test func aLoadInBetweenMakesTheNextOneReadItsRows() throws {
        let (folder, world, store) = try loadedWorld()
        folder.write("other/cases.csv", "id,label,category,size\nc-2,Renamed,us_citizen,1\n")
        let between = try load(store, [folder.file("other")])
        #expect(between.counts[.cases]?.updated == 1, "\(between.problems)")
        let again = try load(store, [world])
        #expect(again.repeatedLoadID == nil && again.counts[.cases]?.updated == 1)
    }

    @Test func rejectsAndBlankRowsAreFoundAgain() throws {
        let folder = TemporaryDirectory()
        folder.write("bad/cases.csv", "id,category,size\nc-1,lpr,2\nc-2,nonsense,1\n")
        let store = try makeStore(folder)
        let withRejects = try load(store, [folder.file("bad")]) { $0.rejectsPath = folder.file("rejects") }
        #expect(withRejects.succeeded && withRejects.total.rejected == 1)
        let strict = try load(store, [folder.file("bad")])
        #expect(!strict.succeeded && strict.repeatedLoadID == nil)

        folder.write("blank/cases.csv", "id,category,size\nc-3,lpr,2\n,,\nc-4,lpr,1\n")
        #expect(try load(store, [folder.file("blank")]).blankRows.count == 1)
        let again = try load(store, [folder.file("blank")])
        #expect(again.repeatedLoadID == nil && again.blankRows.count == 1)
    }

    @Test func theOptionsAreThoseOfTheLastLoad() throws {
        let folder = TemporaryDirectory()
        folder.write("extra/cases.csv", "id,category,size,colour\nc-1,lpr,2,blue\n")
        let store = try makeStore(folder)
        #expect(try load(store, [folder.file("extra")]) { $0.allowExtraColumns = true }.succeeded)
        let strict = try load(store, [folder.file("extra")])
        #expect(!strict.succeeded && strict.repeatedLoadID == nil)
    }

    @Test func sealingForgetsTheLastLoad() throws {
        let folder = TemporaryDirectory()
        let world = World.write(into: folder)
        let store = try makeStore(folder)
        #expect(try load(store, [world]).succeeded)
        let mark = "SELECT count(*) FROM settings WHERE key = '\(RepeatedLoad.settingsKey)'"
        #expect(try store.connection.scalarInt(mark) == 1)
        try store.seal(passphrase: "test passphrase", recipients: [])
        #expect(try store.connection.scalarInt(mark) == 0)
    }

    /// Loading personal values into a sealed database needs its key, and
    /// without it fails before changing anything: a repeat too.
    @Test func aSealedRepeatStillNeedsTheKey() throws {
        let folder = TemporaryDirectory()
        let world = World.write(into: folder)
        let store = try makeStore(folder)
        try store.seal(passphrase: "test passphrase", recipients: [])
        store.keySource = { .passphrase("test passphrase") }
        #expect(try load(store, [world]).succeeded)
        let reopened = try Store.openForWriting(at: store.path)
        let loads = "SELECT count(*) FROM loads"
        let before = try reopened.connection.scalarInt(loads)
        #expect(throws: SealError.self) { try load(reopened, [world]) }
        #expect(try reopened.connection.scalarInt(loads) == before)
        reopened.keySource = { .passphrase("test passphrase") }
        #expect(try load(reopened, [world]).repeatedLoadID != nil)
    }

    @Test func aDryRunOrAStreamIsNeverARepeat() throws {
        let folder = TemporaryDirectory()
        let world = World.write(into: folder)
        let store = try makeStore(folder)
        #expect(try load(store, [world]).succeeded)
        let dry = try load(store, [world]) { $0.dryRun = true }
        #expect(dry.repeatedLoadID == nil && dry.total.unchanged > 0)
    }
}
