import Testing
@testable import Passage

/// The table the reference checker keeps of a load's ids.
@Suite struct IDHashTableTests {
    @Test func keepsEveryHashAndItsValueThroughGrowth() {
        var table = IDHashTable(keepsValues: true)
        var generator = SystemRandomNumberGenerator()
        var expected: [Int: Int32] = [:]
        for _ in 0..<50_000 {
            let hash = Int.random(in: .min ... .max, using: &generator)
            let value = Int32.random(in: 1...1000, using: &generator)
            let inserted = table.insert(hash, value: value)
            #expect(inserted == (expected[hash] == nil))
            if expected[hash] == nil { expected[hash] = value }
        }
        #expect(table.count == expected.count)
        for (hash, value) in expected {
            #expect(table.contains(hash))
            #expect(table.value(hash) == value)
        }
        for probe in 0..<1000 where expected[probe] == nil { #expect(!table.contains(probe)) }
    }

    @Test func aSecondInsertKeepsTheFirstValueAndSetReplacesIt() {
        var table = IDHashTable(keepsValues: true)
        let first = table.insert(42, value: 7)
        let second = table.insert(42, value: 9)
        #expect(first && !second)
        #expect(table.value(42) == 7)
        table.set(42, value: 9)
        #expect(table.value(42) == 9)
        table.set(43, value: 1)
        #expect(table.value(43) == 1)
        #expect(table.count == 2)
    }

    @Test func anEmptyTableFindsNothing() {
        // Its slots are made at the first insert: a kind with no rows costs none.
        let table = IDHashTable(keepsValues: true)
        #expect(!table.contains(5) && !table.contains(0) && table.value(5) == nil && table.count == 0)
    }

    @Test func hashesZeroAndOneAreBothKept() {
        // 0 marks an empty slot, so a hash of 0 is stored as 1: the two
        // share a slot, which is only ever a false "seen" for one of them.
        var table = IDHashTable()
        let inserted = table.insert(0)
        #expect(inserted)
        #expect(table.contains(0))
        #expect(table.contains(1))
        #expect(table.value(0) == nil)
    }
}
