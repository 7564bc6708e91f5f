/// The rows of a CSV or TSV file as read, kept as their bytes: a reload
/// finds most rows unchanged from their digest and needs only their id
/// and references as text, so the rest are never made into strings (nor
/// freed again on another thread).
///
/// A reader appends rows to a `RowBuffer`; once a batch of them is read,
/// the buffer becomes a `RowBytes` that no one changes, and each row a
/// `DelimitedRow` in it.
public struct RowBuffer: Sendable {
    /// The header's names, one per field of every row.
    public let columns: [String]
    /// Every field's bytes, back to back.
    var bytes: [UInt8] = []
    /// The end of each field in `bytes`.
    var ends: [Int] = []

    public init(columns: [String]) {
        self.columns = columns
    }

    /// Runs `body` on the bytes of field `index` of the row whose first
    /// field is `firstField` (empty when the field is).
    public func withBytes<T>(row firstField: Int, field index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let range = Self.range(of: firstField + index, ends)
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Whether every field of the row is empty (`,,,,` below a spreadsheet's data).
    public func isBlank(row firstField: Int) -> Bool {
        Self.range(of: firstField, ends).lowerBound == ends[firstField + columns.count - 1]
    }

    /// The rows read so far, to be read and no longer changed.
    public func frozen() -> RowBytes {
        RowBytes(columns: columns, bytes: bytes, ends: ends)
    }

    /// Where field `index` (counted over every row) lies in the bytes.
    static func range(of index: Int, _ ends: [Int]) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }
}

/// Rows read into a `RowBuffer`, no longer changed (constants, so reading
/// them costs no exclusivity checks).
public final class RowBytes: Sendable {
    let columns: [String]
    let bytes: [UInt8]
    let ends: [Int]

    init(columns: [String], bytes: [UInt8], ends: [Int]) {
        self.columns = columns
        self.bytes = bytes
        self.ends = ends
    }
}

/// A row of `RowBytes`: its fields are those of the header, valid UTF-8
/// without NUL (a row that is not is read as a `RawRecord`, whose reading
/// reports the problem).
public struct DelimitedRow: Sendable {
    /// The physical line where the row starts.
    public let line: Int
    let storage: RowBytes
    /// The index in `storage.ends` of the row's first field.
    let firstField: Int

    public init(line: Int, storage: RowBytes, firstField: Int) {
        self.line = line
        self.storage = storage
        self.firstField = firstField
    }

    public var fieldCount: Int { storage.columns.count }

    /// Field `index` as its record would hold it: `.null` when empty.
    public func value(at index: Int) -> RawValue {
        let range = RowBuffer.range(of: firstField + index, storage.ends)
        if range.isEmpty { return .null }
        return storage.bytes.withUnsafeBufferPointer { .text(String(decoding: $0[range], as: UTF8.self)) }
    }

    /// The row as the reader's `next()` would have given it.
    public var record: RawRecord {
        RawRecord(line: line, fields: (0..<fieldCount).map { RawField(column: storage.columns[$0], value: value(at: $0)) })
    }
}

/// A reader that can give its rows as bytes.
public protocol RowReader: RecordReader {
    /// The next row, appended to `buffer` when it can be (its fields as
    /// the header's, valid UTF-8), else the record `next()` gives; nil at
    /// the end. Throws as `next()` does.
    func nextRow(into buffer: inout RowBuffer) throws -> ReadRow?
}

/// What `RowReader.nextRow` gives.
public enum ReadRow: Sendable {
    /// A row in the buffer, from its field `firstField`.
    case row(line: Int, firstField: Int)
    case record(RawRecord)
}
