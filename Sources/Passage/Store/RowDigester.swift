// BoringSSL's SHA-256, as swift-crypto builds it: one call per row over a
// reused buffer, without swift-crypto's per-call set-up (see ValueCipher).
import CCryptoBoringSSL
import PassageInput

/// Digests rows as read, before they are typed: SHA-256 of the database's
/// salt, its event zone, the kind, the format's family (CSV or JSON) and
/// each field with the column it fills, its kind of value and its text.
///
/// The same text in the same columns types into the same values under the
/// same zone, format and passage (the stored digests' context holds the
/// last): a row whose digest the last load kept (`RowDigests`) needs no
/// typing to be known unchanged. Digests are made as records are read
/// (`RecordStream`), off the writer's thread.
struct RowDigester: @unchecked Sendable {
    /// SHA-256 with the salt and zone already taken in: copied for each
    /// row. (A C struct of plain bytes, never changed once made.)
    private let salted: SHA256_CTX
    /// Kinds (by ordinal) that keep no digests.
    private let excluded: [Bool]
    /// What the stored digests must have been made under to be trusted
    /// (`RowDigests.context`).
    let context: String

    init(salt: String, zone: EventZone, excluded: [Bool], context: String) {
        var salted = SHA256_CTX()
        CCryptoBoringSSL_SHA256_Init(&salted)
        var text = salt + " " + String(zone.offsetSeconds)
        text.withUTF8 { _ = CCryptoBoringSSL_SHA256_Update(&salted, $0.baseAddress, $0.count) }
        self.salted = salted
        self.excluded = excluded
        self.context = context
    }

    func keepsDigests(of kind: RecordKind) -> Bool { !excluded[kind.ordinal] }

    /// The record's digest, nil when its kind keeps none or a field fills
    /// no column and such fields are not ignored (the row is then an error).
    /// `columns` are the kind's column indexes of the fields, in order.
    /// `scratch` is working space, reused from row to row: one SHA-256 call
    /// per row.
    func digest(_ kind: RecordKind, _ record: RawRecord, columns: [Int?], isJSON: Bool, ignoresUnknown: Bool,
                scratch: inout [UInt8]) -> RowDigest? {
        digest(kind, isJSON: isJSON, fieldCount: record.fields.count, columns: columns, ignoresUnknown: ignoresUnknown,
               scratch: &scratch) { index, scratch in
            switch record.fields[index].value {
            case .null: scratch.append(Tag.null)
            case .text(var text): text.withUTF8 { Self.append(Tag.text, $0, to: &scratch) }
            case .number(var literal): literal.withUTF8 { Self.append(Tag.number, $0, to: &scratch) }
            case .bool(let flag): scratch.append(flag ? Tag.true : Tag.false)
            }
        }
    }

    /// The digest of a row kept as bytes (from its field `firstField` in
    /// `rows`): the same as that of its record.
    func digest(_ kind: RecordKind, row firstField: Int, of rows: RowBuffer, columns: [Int?], ignoresUnknown: Bool,
                scratch: inout [UInt8]) -> RowDigest? {
        digest(kind, isJSON: false, fieldCount: rows.columns.count, columns: columns, ignoresUnknown: ignoresUnknown,
               scratch: &scratch) { index, scratch in
            rows.withBytes(row: firstField, field: index) { bytes in
                if bytes.isEmpty { scratch.append(Tag.null) } else { Self.append(Tag.text, bytes, to: &scratch) }
            }
        }
    }

    /// What a field's value is, before its text.
    private enum Tag {
        static let null: UInt8 = 0
        static let text: UInt8 = 1
        static let number: UInt8 = 2
        static let `false`: UInt8 = 3
        static let `true`: UInt8 = 4
    }

    /// The digest of the fields `addField` appends, field by field with
    /// the kind's column each fills.
    private func digest(_ kind: RecordKind, isJSON: Bool, fieldCount: Int, columns: [Int?], ignoresUnknown: Bool,
                        scratch: inout [UInt8], addField: (Int, inout [UInt8]) -> Void) -> RowDigest? {
        guard !excluded[kind.ordinal] else { return nil }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(UInt8(kind.ordinal))
        scratch.append(isJSON ? 1 : 0)
        for index in 0..<min(fieldCount, columns.count) {
            guard let column = columns[index] else {
                if ignoresUnknown { continue }
                return nil
            }
            scratch.append(UInt8(column))
            addField(index, &scratch)
        }
        var context = salted
        var hash = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        scratch.withUnsafeBufferPointer { _ = CCryptoBoringSSL_SHA256_Update(&context, $0.baseAddress, $0.count) }
        withUnsafeMutableBytes(of: &hash) { _ = CCryptoBoringSSL_SHA256_Final($0.baseAddress!.assumingMemoryBound(to: UInt8.self), &context) }
        return RowDigest(high: hash.0, low: hash.1)
    }

    /// A tag, the text's length (4 bytes, little-endian) and the text:
    /// byte by byte, as the generic append of a scalar's bytes cost as much
    /// as the hashing.
    private static func append(_ tag: UInt8, _ bytes: UnsafeBufferPointer<UInt8>, to scratch: inout [UInt8]) {
        let count = UInt32(bytes.count)
        scratch.append(tag)
        scratch.append(UInt8(truncatingIfNeeded: count))
        scratch.append(UInt8(truncatingIfNeeded: count >> 8))
        scratch.append(UInt8(truncatingIfNeeded: count >> 16))
        scratch.append(UInt8(truncatingIfNeeded: count >> 24))
        scratch.append(contentsOf: bytes)
    }
}

/// 128 bits of a row's SHA-256: two different rows share one about once
/// in 10^26 reloads of a million rows. Stored as its two words in the
/// machine's byte order (the database is read where it was written, and
/// a digest misread only makes a row be read again).
struct RowDigest: Equatable, Sendable {
    let high: UInt64
    let low: UInt64
}
