import Foundation
import Testing
@testable import Passage

/// `Store.load(_:intoDatabaseAt:options:)`: the load command's orchestration,
/// inside the library.
@Suite struct DatabaseLoadTests {
    let folder = TemporaryDirectory()

    @Test func aNewDatabaseIsMadeOnlyByALoadThatCommits() throws {
        let world = World.write(into: folder)
        let path = folder.file("new.db")
        var dryRun = LoadOptions()
        dryRun.dryRun = true
        let tried = try Store.load([world], intoDatabaseAt: path, options: dryRun)
        #expect(tried.madeDatabase && tried.summary.loadID == nil)
        #expect(!FileManager.default.fileExists(atPath: path))

        let made = try Store.load([world], intoDatabaseAt: path, options: LoadOptions())
        #expect(made.madeDatabase && made.summary.loadID != nil)
        #expect(FileManager.default.fileExists(atPath: path))
        let again = try Store.load([world], intoDatabaseAt: path, options: LoadOptions())
        #expect(!again.madeDatabase && again.summary.total.unchanged == made.summary.total.inserted)
    }

    @Test func theRejectsOfANewDatabaseTakeTheirNameOnceItHasItsOwn() throws {
        let world = World.write(into: folder)
        folder.write("bad/cases.csv", "id,category,size\nc-9,lpr,0\n")
        var options = LoadOptions()
        options.rejectsPath = folder.file("rejected.csv")
        let load = try Store.load([world, folder.file("bad")], intoDatabaseAt: folder.file("new.db"), options: options)
        #expect(load.summary.loadID != nil && load.summary.rejectedRows == 1)
        #expect(load.summary.pendingRejects == nil && load.summary.rejectsWarning == nil)
        #expect(try String(contentsOfFile: folder.file("rejected.csv"), encoding: .utf8).contains("c-9"))
    }

    @Test func pathsThatCannotWorkAreRefusedBeforeAnyDatabaseIsMade() throws {
        let world = World.write(into: folder)
        var options = LoadOptions()
        options.rejectsPath = folder.file("new.db")
        #expect(throws: PassageError.rejectsIsDatabase(rejects: folder.file("new.db"), database: folder.file("new.db"))) {
            try Store.load([world], intoDatabaseAt: folder.file("new.db"), options: options)
        }
        try FileManager.default.createSymbolicLink(atPath: folder.file("link.db"), withDestinationPath: folder.file("nowhere.db"))
        #expect(throws: PassageError.databaseIsDanglingLink(folder.file("link.db"))) {
            try Store.load([world], intoDatabaseAt: folder.file("link.db"), options: LoadOptions())
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("new.db")))
        #expect(!FileManager.default.fileExists(atPath: folder.file("nowhere.db")))
    }
}
