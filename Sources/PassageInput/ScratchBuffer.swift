/// A growable byte buffer reused from record to record, so parsing does not allocate per field.
final class ScratchBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(16, capacity)
        self.base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    func removeAll() { count = 0 }

    @inline(__always)
    func append(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        if n <= 0 { return }
        if count + n > capacity { grow(to: count + n) }
        (base + count).update(from: bytes, count: n)
        count += n
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    /// Gives back memory after an unusually large record, so one huge record does not pin it.
    func shrinkIfLarge() {
        if capacity > 1 << 20 && count == 0 {
            base.deallocate()
            capacity = 4096
            base = .allocate(capacity: capacity)
        }
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
