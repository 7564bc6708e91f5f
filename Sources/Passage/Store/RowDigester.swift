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
        guard !excluded[kind.ordinal] else { return nil }
        scratch.removeAll(keepingCapacity: true)
        // Byte by byte and one copy per text: the generic append of a
        // scalar's bytes cost as much as the hashing.
        func add(text: String) {
            var text = text
            text.withUTF8 { bytes in
                let count = UInt32(bytes.count)
                scratch.append(UInt8(truncatingIfNeeded: count))
                scratch.append(UInt8(truncatingIfNeeded: count >> 8))
                scratch.append(UInt8(truncatingIfNeeded: count >> 16))
                scratch.append(UInt8(truncatingIfNeeded: count >> 24))
                scratch.append(contentsOf: bytes)
            }
        }
        scratch.append(UInt8(kind.ordinal))
        scratch.append(isJSON ? 1 : 0)
        for (field, column) in zip(record.fields, columns) {
            guard let column else {
                if ignoresUnknown { continue }
                return nil
            }
            scratch.append(UInt8(column))
            switch field.value {
            case .null: scratch.append(0)
            case .text(let text): scratch.append(1); add(text: text)
            case .number(let literal): scratch.append(2); add(text: literal)
            case .bool(let flag): scratch.append(flag ? 4 : 3)
            }
        }
        var context = salted
        var hash = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        scratch.withUnsafeBufferPointer { _ = CCryptoBoringSSL_SHA256_Update(&context, $0.baseAddress, $0.count) }
        withUnsafeMutableBytes(of: &hash) { _ = CCryptoBoringSSL_SHA256_Final($0.baseAddress!.assumingMemoryBound(to: UInt8.self), &context) }
        return RowDigest(high: hash.0, low: hash.1)
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
