/// The 64-bit hashes of the ids one load has met, each with an optional
/// small number (a case's size), in a flat open-addressing table.
///
/// A load of a million rows keeps one of these per referenced kind, so its
/// memory is the load's memory: 8 bytes a slot (12 with values), filled to
/// between 53 and 80 per cent, growing by half. A Swift `Set<Int>` fills to
/// between 37 and 75 per cent and doubles, and a `Dictionary<Int, Int>`
/// needs 16 bytes a slot.
struct IDHashTable {
    /// 0 marks an empty slot; a hash of 0 is stored as 1.
    private var keys: [UInt64]
    /// One per slot when the table keeps values, else empty.
    private var values: [Int32]
    private let keepsValues: Bool
    private(set) var count = 0

    /// An empty table: its slots are made at the first insert.
    init(keepsValues: Bool = false) {
        self.keepsValues = keepsValues
        keys = []
        values = []
    }

    /// Inserts `hash`; false when it was already there (its value stays).
    @discardableResult
    mutating func insert(_ hash: Int, value: Int32 = 0) -> Bool {
        if count + 1 > keys.count / 5 * 4 { allocate(capacity: max(1024, keys.count + keys.count / 2)) }
        let key = Self.key(hash)
        var slot = slot(for: key)
        while true {
            let current = keys[slot]
            if current == key { return false }
            if current == 0 {
                keys[slot] = key
                if keepsValues { values[slot] = value }
                count += 1
                return true
            }
            slot += 1
            if slot == keys.count { slot = 0 }
        }
    }

    /// Sets the value of `hash`, inserting it if needed.
    mutating func set(_ hash: Int, value: Int32) {
        if !insert(hash, value: value), keepsValues, let slot = find(Self.key(hash)) { values[slot] = value }
    }

    func contains(_ hash: Int) -> Bool {
        find(Self.key(hash)) != nil
    }

    /// The value kept with `hash`, nil when it is not in the table.
    func value(_ hash: Int) -> Int32? {
        guard keepsValues, let slot = find(Self.key(hash)) else { return nil }
        return values[slot]
    }

    private func find(_ key: UInt64) -> Int? {
        guard !keys.isEmpty else { return nil }
        var slot = slot(for: key)
        while true {
            let current = keys[slot]
            if current == key { return slot }
            if current == 0 { return nil }
            slot += 1
            if slot == keys.count { slot = 0 }
        }
    }

    private static func key(_ hash: Int) -> UInt64 {
        let key = UInt64(bitPattern: Int64(hash))
        return key == 0 ? 1 : key
    }

    /// Maps the key onto 0..<capacity by its high bits (no power-of-two
    /// capacity needed); keys are already well-mixed hashes.
    private func slot(for key: UInt64) -> Int {
        Int(key.multipliedFullWidth(by: UInt64(keys.count)).high)
    }

    private mutating func allocate(capacity: Int) {
        let oldKeys = keys
        let oldValues = values
        keys = [UInt64](repeating: 0, count: capacity)
        values = keepsValues ? [Int32](repeating: 0, count: capacity) : []
        count = 0
        for (index, key) in oldKeys.enumerated() where key != 0 {
            var slot = slot(for: key)
            while keys[slot] != 0 {
                slot += 1
                if slot == keys.count { slot = 0 }
            }
            keys[slot] = key
            if keepsValues { values[slot] = oldValues[index] }
            count += 1
        }
    }
}
