/// The values of one CSV/TSV record being read: their bytes back to back plus where each ends.
///
/// A struct used as a local variable inside the scanning loop, so appending costs no class-property
/// access checks; its storage is owned by the reader and handed over for each record.
struct FieldCollector {
    var bytes: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var count = 0
    /// `ends[i]` is the end offset of field i.
    var ends: UnsafeMutablePointer<Int>
    var endsCapacity: Int
    /// Fields beyond this many are counted but not kept.
    let keep: Int
    /// For the header, one field more than `keep` is a fatal error.
    let isHeader: Bool
    let maxFieldBytes: Int
    let maxRecordBytes: Int
    var fieldCount = 0
    var fieldBytes = 0
    var fieldTooLong = false
    var recordTooLong = false
    /// The OR of every byte scanned: below 0x80 means all ASCII, so no UTF-8 check is needed.
    var byteBits: UInt8 = 0
    /// A NUL byte was scanned (values with one are refused).
    var sawNUL = false
    /// The first problem met: its message and the index of the field it is in.
    var problem: (message: String, field: Int)?

    @inline(__always)
    mutating func append(_ source: UnsafePointer<UInt8>, count n: Int) {
        if fieldTooLong || recordTooLong || fieldCount >= keep { return }
        let fieldRoom = maxFieldBytes - fieldBytes
        let recordRoom = maxRecordBytes - count
        if n > fieldRoom || n > recordRoom {
            // Report the limit these bytes would cross first, whatever the size of the run (and so
            // of the chunks): the result must not depend on where chunk boundaries fall.
            if fieldRoom <= recordRoom {
                fieldTooLong = true
                note("value is longer than \(maxFieldBytes) bytes")
            } else {
                recordTooLong = true
                note("record is longer than \(maxRecordBytes) bytes")
            }
            return
        }
        if count + n > capacity { grow(to: count + n) }
        if n <= 16 {
            // Short values are the norm; a plain loop beats a call to memcpy for them.
            let destination = bytes + count
            for i in 0..<n { destination[i] = source[i] }
        } else {
            (bytes + count).update(from: source, count: n)
        }
        count += n
        fieldBytes += n
    }

    /// Ends the current field. In the header, a field beyond `keep` (= `maxColumns`) is fatal.
    @inline(__always)
    mutating func finishField(line: Int) throws(InputError) {
        if fieldCount < keep {
            if fieldCount == endsCapacity { growEnds() }
            ends[fieldCount] = count
        } else if isHeader {
            throw InputError(line: line, message: "more than \(keep) columns", isFatal: true)
        }
        fieldCount += 1
        fieldBytes = 0
        fieldTooLong = false
    }

    mutating func note(_ message: String) {
        if problem == nil { problem = (message, fieldCount) }
    }

    private mutating func growEnds() {
        let newEnds = UnsafeMutablePointer<Int>.allocate(capacity: endsCapacity * 2)
        newEnds.update(from: ends, count: endsCapacity)
        ends.deallocate()
        ends = newEnds
        endsCapacity *= 2
    }

    private mutating func grow(to needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let newBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBytes.update(from: bytes, count: count)
        bytes.deallocate()
        bytes = newBytes
        capacity = newCapacity
    }
}
