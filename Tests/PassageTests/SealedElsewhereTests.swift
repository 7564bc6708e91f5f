import Foundation
@testable import Passage
import PassageSQLite
import Testing

/// A database sealed by another command while this one had it open: the
/// next write seals too (and needs the key), never writing a value in clear.
@Suite struct SealedElsewhereTests {
    @Test func aLoadAfterAnotherCommandSealedSealsToo() throws {
        let folder = TemporaryDirectory()
        let world = World.write(into: folder)
        let opened = try makeStore(folder)
        let other = try Store.openForWriting(at: opened.path)
        try other.seal(passphrase: "test passphrase", recipients: [])
        #expect(!opened.isSealed)
        // Without the key: refused, nothing written.
        #expect(throws: SealError.self) { try load(opened, [world]) }
        #expect(try opened.connection.scalarInt("SELECT count(*) FROM cases") == 0)
        opened.keySource = { .passphrase("test passphrase") }
        #expect(try load(opened, [world]).succeeded)
        let labels = try opened.connection.prepare("SELECT label FROM cases WHERE label IS NOT NULL").allRows()
        #expect(!labels.isEmpty && labels.allSatisfy { if case .text(let text) = $0[0] { ValueSealer.isSealed(text) } else { false } })
    }

    @Test func aSaveAfterAnotherCommandSealedSealsToo() throws {
        let folder = TemporaryDirectory()
        let opened = try makeStore(folder)
        let other = try Store.openForWriting(at: opened.path)
        try other.seal(passphrase: "test passphrase", recipients: [])
        opened.keySource = { .passphrase("test passphrase") }
        _ = try opened.save([Case(id: "c-9", label: "Family Nine", category: .lpr, size: 2)])
        let stored = try #require(try opened.connection.scalarText("SELECT label FROM cases WHERE id = 'c-9'"))
        #expect(ValueSealer.isSealed(stored) && !stored.contains("Family Nine"))
    }
}
