import Testing
@testable import Passage
import PassageSQLite

/// How `passage duplicates` reads and groups: the fast paths (bytes, two
/// threads, radix sort, sealed values opened outside SQL) must give exactly
/// what the plain definitions give.
@Suite struct DuplicateReadingTests {
    @Test func theRadixSortKeepsTheOrderOfEqualKeys() {
        var generator = SeededGenerator(seed: 7)
        // Keys in case order, many repeated, some differing only in high or low bytes.
        var keys: [DuplicateFinder.KeyedCase] = []
        for caseIndex in 0..<Int32(5_000) {
            for _ in 0..<3 {
                let small = UInt64.random(in: 0..<50, using: &generator)
                let key = Bool.random(using: &generator) ? small << 56 | small : small << 20
                keys.append(.init(key: key, caseIndex: caseIndex))
            }
        }
        let expected = keys.sorted { ($0.key, $0.caseIndex) < ($1.key, $1.caseIndex) }
        DuplicateFinder.sortStably(&keys)
        #expect(keys.map(\.key) == expected.map(\.key))
        #expect(keys.map(\.caseIndex) == expected.map(\.caseIndex))
        var same = [DuplicateFinder.KeyedCase](repeating: .init(key: 9, caseIndex: 0), count: 3)
        DuplicateFinder.sortStably(&same)
        #expect(same.map(\.key) == [9, 9, 9])
    }

    @Test func theInternerNumbersValuesInTheOrderFirstMet() {
        var interner = ByteInterner(capacity: 2)
        let words = (0..<2_000).map { "word\($0 % 700)" }
        var ids: [Int32] = []
        for word in words { ids.append(Array(word.utf8).withUnsafeBufferPointer { interner.intern($0).id }) }
        #expect(ids == (0..<2_000).map { Int32($0 % 700) })
        #expect(interner.count == 700)
        #expect(String(decoding: interner.value(42), as: UTF8.self) == "word42")
        #expect(Array("word699".utf8).withUnsafeBufferPointer { interner.find($0) } == 699)
        #expect(Array("word700".utf8).withUnsafeBufferPointer { interner.find($0) } == nil)
        #expect(Array("".utf8).withUnsafeBufferPointer { interner.find($0) } == nil)
    }

    @Test func identifiersNormaliseAlikeFromBytesAndFromText() {
        for phone in ["+93 70 123 4567", "0093701234567", "0701234567", "701234567", "12", "+1 (202) 555-0100", ""] {
            var out: [UInt8] = []
            let found = Array(phone.utf8).withUnsafeBufferPointer { IdentifierNormalizer.phone($0, into: &out) }
            #expect((found ? String(decoding: out, as: UTF8.self) : nil) == IdentifierNormalizer.phone(phone))
        }
        #expect(IdentifierNormalizer.phone("0701234567") == "+93701234567")
        #expect(IdentifierNormalizer.phone("0093701234567") == "+93701234567")
        #expect(IdentifierNormalizer.document("ioe-091 234") == "IOE091234")
        #expect(IdentifierNormalizer.document("a-1") == nil)
    }

    /// Enough members that both threads get some, a few reported twice.
    func families(_ store: Store) throws {
        var records: [any Record] = [Source(id: "s-a", kind: .network), Source(id: "s-b", kind: .family)]
        let given = ["Mohammad", "Fatima", "Abdul Rahman", "Zainab", "Naqib Ulla", "Hussain"]
        let family = ["Rahimi", "Sherzad", "Barakzai", "Noori", "Azizi", "Karimi", "Hakimi"]
        for number in 0..<200 {
            for (source, spelling) in [("s-a", 0), ("s-b", 1)] where spelling == 0 || number % 4 == 0 {
                let id = "\(source)-\(number)"
                records.append(Case(id: id, category: .siv, size: 2, sourceID: source))
                let surname = family[number % family.count] + (number % 3 == 0 ? "" : "\(number)")
                for member in 0..<2 {
                    let name = "\(given[(number + member) % given.count]) \(surname)"
                    records.append(Member(id: "\(id)-\(member)", caseID: id, name: spelling == 0 ? name : name.uppercased(),
                                          birthDate: member == 0 ? "19\(60 + number % 40)-0\(1 + number % 9)-1\(number % 10)" : "19\(70 + number % 30)",
                                          relationship: member == 0 ? .principal : .spouse, documentNumber: number % 5 == 0 ? "TZ-\(number)" : nil,
                                          phone: member == 0 ? "07\(10_000_000 + number)" : nil))
                }
            }
        }
        try store.save(records)
    }

    @Test func aSealedDatabaseListsTheSamePairs() throws {
        let folder = TemporaryDirectory()
        let store = try makeStore(folder)
        try families(store)
        let clear = try store.duplicates(minimumScore: 0.5, all: true)
        #expect(clear.count >= 50)
        #expect(clear.contains { $0.caseA == "s-a-0" && $0.caseB == "s-b-0" && $0.score >= DuplicateFinder.defaultMinimumScore })
        try store.seal(passphrase: "test passphrase", recipients: [])
        store.keySource = { .passphrase("test passphrase") }
        #expect(try store.connection.scalarInt("SELECT count(*) FROM members WHERE name NOT LIKE 'sealed:%'") == 0)
        #expect(try store.duplicates(minimumScore: 0.5, all: true) == clear)
    }

    @Test func aSealedValueThatDoesNotOpenStopsTheListing() throws {
        let folder = TemporaryDirectory()
        let store = try makeStore(folder)
        try families(store)
        try store.seal(passphrase: "test passphrase", recipients: [])
        store.keySource = { .passphrase("test passphrase") }
        // A sealed name copied onto another member: bound to its own record, it does not open there.
        try store.connection.run("UPDATE members SET name = (SELECT name FROM members WHERE id = 's-a-1-0') WHERE id = 's-a-2-0'")
        #expect {
            _ = try store.duplicates()
        } throws: { String(describing: $0).contains("members.name of 's-a-2-0' does not open") }
    }
}
