/// Byte strings numbered in the order they are first met (0, 1, 2…), kept
/// in one flat buffer: reading hundreds of thousands of members costs no
/// Swift `String` or dictionary entry per value, only a hash and a compare.
struct ByteInterner {
    /// Value `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
    private(set) var bytes: [UInt8] = []
    private(set) var offsets: [Int32] = [0]
    private var hashes: [UInt64] = []
    /// Open addressing: an id, or -1 for an empty slot; a power of two long.
    private var slots: [Int32]

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
    }

    var count: Int { offsets.count - 1 }

    /// The id of `value`, numbering it if it is new.
    mutating func intern(_ value: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        let hash = Self.hash(value)
        let (slot, found) = probe(value, hash: hash)
        if let found { return (found, false) }
        let id = Int32(count)
        slots[slot] = id
        hashes.append(hash)
        bytes.append(contentsOf: value)
        offsets.append(Int32(bytes.count))
        if count * 2 > slots.count { grow() }
        return (id, true)
    }

    /// The id of `value`, nil when it was never interned.
    func find(_ value: UnsafeBufferPointer<UInt8>) -> Int32? {
        probe(value, hash: Self.hash(value)).found
    }

    /// The slot that holds `value`, or the empty slot where it would go.
    private func probe(_ value: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (slot: Int, found: Int32?) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return (slot, nil) }
            if hashes[Int(id)] == hash && equals(id, value) { return (slot, id) }
            slot = (slot + 1) & mask
        }
    }

    mutating func intern(_ value: [UInt8]) -> (id: Int32, isNew: Bool) {
        value.withUnsafeBufferPointer { intern($0) }
    }

    /// The bytes of value `id`.
    func value(_ id: Int32) -> ArraySlice<UInt8> {
        bytes[Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])]
    }

    private func equals(_ id: Int32, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(offsets[Int(id)]), end = Int(offsets[Int(id) + 1])
        guard end - start == value.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            for index in 0..<value.count where stored[start + index] != value[index] { return false }
            return true
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for id in 0..<Int32(count) {
            var slot = Int(truncatingIfNeeded: hashes[Int(id)]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = id
        }
    }

    /// FNV-1a, then mixed so that the low bits (the slot) depend on every byte.
    private static func hash(_ value: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in value { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        hash ^= hash >> 29
        hash = hash &* 0xBF58_476D_1CE4_E5B9
        return hash ^ (hash >> 32)
    }
}
