/// A fixed block of bytes that fills and hands itself to `emit` when full:
/// the streamed writers append each value with a `memcpy`, not through an
/// array's generic `append(contentsOf:)`, and emit 64 KiB at a time.
///
/// The first error `emit` throws is kept in `error`, and nothing more is
/// emitted: the writer checks it once a row and stops.
struct OutputBuffer: ~Copyable {
    private let start: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var count = 0
    private let emit: (UnsafeRawBufferPointer) throws -> Void
    private(set) var error: (any Error)?

    init(capacity: Int = 1 << 16, emit: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.capacity = capacity
        self.start = .allocate(capacity: capacity)
        self.emit = emit
    }

    deinit { start.deallocate() }

    /// Hands over what is buffered.
    mutating func flush() {
        guard count > 0 else { return }
        send(UnsafeRawBufferPointer(start: start, count: count))
        count = 0
    }

    private mutating func send(_ bytes: UnsafeRawBufferPointer) {
        guard error == nil else { return }
        do { try emit(bytes) } catch { self.error = error }
    }

    /// Makes room for `needed` bytes, emitting what is buffered if they do
    /// not fit. Returns false when they cannot fit even in an empty buffer.
    private mutating func reserve(_ needed: Int) -> Bool {
        if count + needed <= capacity { return true }
        flush()
        return needed <= capacity
    }

    mutating func append(_ byte: UInt8) {
        _ = reserve(1)
        start[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        guard reserve(bytes.count) else {
            send(bytes)
            return
        }
        (start + count).update(from: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        count += bytes.count
    }

    mutating func append(string text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// An integer as `RowFormatter.plain` and `json` print it: `true` or
    /// `false` in a yes/no column, else in decimal.
    mutating func append(integer value: Int64, boolean: Bool) {
        if boolean {
            append(value != 0 ? "true" : "false")
        } else {
            append(decimal: value)
        }
    }

    /// An integer in decimal, as SQLite prints it.
    mutating func append(decimal value: Int64) {
        _ = reserve(20)
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, on the stack
        let written: Int = withUnsafeMutableBytes(of: &digits) { scratch in
            var position = scratch.count
            repeat {
                position -= 1
                scratch[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                position -= 1
                scratch[position] = UInt8(ascii: "-")
            }
            let length = scratch.count - position
            (start + count).update(from: scratch.baseAddress!.advanced(by: position).assumingMemoryBound(to: UInt8.self), count: length)
            return length
        }
        count += written
    }
}
