// BoringSSL's SHA-256, as swift-crypto builds it: one call per row over a
// reused buffer, without swift-crypto's per-call set-up (see ValueCipher).
import CCryptoBoringSSL
import PassageSQLite

/// What each kind's rows of the last load that wrote them asked for, kept
/// as digests so that a reload knows a row is unchanged without a
/// statement: coordinators reload the same spreadsheets, a few rows edited,
/// many times a day.
///
/// A row's digest covers its kind, the columns its file gives and their
/// values as parsed, under a random salt of the database's. A load keeps
/// the digest of every row it wrote or found unchanged, per kind, in
/// `row_digests` with the audit's last id. A later load trusts a kind's
/// digests only while no audit row of that kind came after them (nothing
/// updated or deleted one of its records since; what changes records
/// without an audit row, sealing, deletes the digests) and the schema and
/// passage are the same: then a row whose digest is among them would be
/// written unchanged, and is counted so without a statement.
///
/// On a sealed database the kinds with personal columns keep none: a
/// digest of clear values would let anyone holding the file test guesses.
///
/// Digests are 128 bits (`RowDigest`): no two rows should ever share one.
///
/// Memory: one kind's digests at a time, 16 bytes a row (8 MiB for half a
/// million attempts), sorted in place. They are stored in parts of at most
/// 65,536 digests, each sorted, so that neither writing nor reading them
/// needs a second copy of them all.
final class RowDigests {
    static let saltKey = "row_digest_salt"
    static let partSize = 65_536
    /// Bytes a stored digest takes.
    static let digestSize = MemoryLayout<RowDigest>.size
    /// What a digest covers and how it is stored: a change to either makes
    /// the stored ones untrusted (they are in `context`).
    static let format = 2

    /// A row's digest, and where the last load's digests of its kind hold
    /// it (nil: not among them).
    struct Digest {
        let value: RowDigest
        let keptAt: Int?
    }

    private let connection: Connection
    private let loadID: Int64
    private let context: String
    /// Digests rows under the database's salt (on the thread `RowDigester.madeByReader` names).
    let digester: RowDigester
    /// The kind whose rows come now; its last load's digests, sorted (empty
    /// when they cannot be trusted); which of them this load met again; the
    /// digests met that are not among them (written as a part when full);
    /// and the number of its next part.
    private var kind: RecordKind?
    private var digests: [RowDigest] = []
    private var met: [Bool] = []
    private var fresh: [RowDigest] = []
    private var nextPart = 0
    private var scratch: [UInt8] = []

    init(connection: Connection, loadID: Int64, sealed: Bool) throws {
        self.connection = connection
        self.loadID = loadID
        // Drawn once per database, as its database_id is.
        try connection.run("INSERT OR IGNORE INTO settings (key, value) VALUES (?, lower(hex(randomblob(16))))", [Self.saltKey])
        let salt = try connection.scalarText("SELECT value FROM settings WHERE key = ?", [Self.saltKey]) ?? ""
        context = "digests=\(Self.format) schema=\(try Migrator.version(of: connection)) passage=\(PassageVersion.current)"
        digester = RowDigester(salt: salt, excluded: RecordKind.allCases.map { sealed && !Store.personalColumnIndexes[$0.ordinal].isEmpty })
    }

    /// Forgets every kind's digests: for what changes records without an
    /// audit row.
    static func clear(_ connection: Connection) throws {
        try connection.run("DELETE FROM row_digests")
    }

    /// Whether the last load kept this row's digest: the one the reading
    /// thread made, or else made here (`RowDigester.madeByReader`). Nil
    /// when the kind keeps none.
    func look(_ kind: RecordKind, _ values: [SQLiteValue], given: ColumnSet, digest: RowDigest?) throws -> Digest? {
        guard let value = digest ?? digester.digest(kind, values, given: given, scratch: &scratch) else { return nil }
        if kind != self.kind { try begin(kind) }
        return Digest(value: value, keptAt: index(of: value))
    }

    /// How many digests the database holds for a kind: many means a reload,
    /// whose rows the writer mostly counts without a statement.
    static func storedCount(of kind: RecordKind, _ connection: Connection) throws -> Int {
        Int(try connection.scalarInt("SELECT coalesce(sum(length(digests)), 0) / \(digestSize) FROM row_digests WHERE kind = ?", [kind.table]) ?? 0)
    }

    /// Keeps the digest of a row this load wrote or found unchanged.
    func keep(_ digest: Digest) throws {
        if let index = digest.keptAt {
            met[index] = true
        } else {
            fresh.append(digest.value)
            if fresh.count == Self.partSize { try writeFresh() }
        }
    }

    /// Writes the last kind's kept digests once the rows are in, so that
    /// their memory is free for the index builds and derived tables.
    func rowsFinished() throws {
        try writeCurrent()
    }

    /// Stamps this load's digests with the audit's last id: once every
    /// record of the load is written, inside its transaction.
    func finish() throws {
        try writeCurrent()
        let audit = try connection.scalarInt("SELECT coalesce(max(id), 0) FROM audit") ?? 0
        try connection.run("UPDATE row_digests SET audit_id = ? WHERE load_id = ?", [audit, loadID])
    }

    /// Where the sorted `digests` hold `value`. Digests are uniform: the
    /// search starts where the value's size puts it.
    private func index(of value: RowDigest) -> Int? {
        let count = digests.count
        guard count > 0 else { return nil }
        return digests.withUnsafeBufferPointer { sorted in
            let guess = Int((Double(value.high) / 18_446_744_073_709_551_616.0) * Double(count))
            var low = max(0, min(count - 1, guess) - 64), high = min(count, guess + 64)
            // Widen the window until it brackets the value, then halve it.
            while low > 0 && sorted[low] > value { low = max(0, low - (high - low) * 2) }
            while high < count && sorted[high - 1] < value { high = min(count, high + (high - low) * 2) }
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low < count && sorted[low] == value ? low : nil
        }
    }

    /// Writes the kind before; reads the last load's digests of `kind` when
    /// nothing has changed its records since, and deletes them (this load's
    /// take their place).
    private func begin(_ kind: RecordKind) throws {
        try writeCurrent()
        self.kind = kind
        // `+kind`: the audit is searched by id from the stamp on, not by
        // kind through its whole history.
        let trusted = """
            FROM row_digests WHERE kind = ?1 AND context = ?2 AND load_id <> ?3
              AND NOT EXISTS (SELECT 1 FROM audit WHERE audit.id > row_digests.audit_id AND +audit.kind = ?1)
            """
        let arguments: [any SQLiteBindable] = [kind.table, context, loadID]
        let size = Self.digestSize
        let count = Int(try connection.scalarInt("SELECT coalesce(sum(length(digests)), 0) / \(size) " + trusted, arguments) ?? 0)
        if count > 0 {
            digests.reserveCapacity(count)
            let statement = try connection.prepare("SELECT digests " + trusted + " ORDER BY part")
            defer { statement.finalize() }
            try statement.bind(arguments)
            while try statement.step(), digests.count < count {
                statement.withBlob(at: 0) { bytes in
                    let room = min(bytes.count / size, count - digests.count)
                    let start = digests.count
                    digests += repeatElement(RowDigest(high: 0, low: 0), count: room)
                    digests.withUnsafeMutableBytes { target in
                        UnsafeMutableRawBufferPointer(rebasing: target[(start * size)..<((start + room) * size)])
                            .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(room * size)))
                    }
                }
            }
            // Each part is sorted; together they are not.
            digests.withUnsafeMutableBufferPointer { Self.heapSort($0) }
            met = [Bool](repeating: false, count: digests.count)
        }
        // An earlier load's parts go; this load's own (a kind met twice) stay.
        try connection.run("DELETE FROM row_digests WHERE kind = ? AND load_id <> ?", [kind.table, loadID])
        nextPart = Int(try connection.scalarInt("SELECT coalesce(max(part) + 1, 0) FROM row_digests WHERE kind = ?", [kind.table]) ?? 0)
    }

    /// Writes the current kind's kept digests and lets them go.
    private func writeCurrent() throws {
        guard kind != nil else { return }
        try writeFresh()
        // The digests met again, in order, in parts.
        var kept = 0
        for index in digests.indices where met[index] {
            digests[kept] = digests[index]
            kept += 1
        }
        digests.removeLast(digests.count - kept)
        met = []
        var start = 0
        while start < digests.count {
            let end = min(digests.count, start + Self.partSize)
            let size = Self.digestSize
            try digests.withUnsafeBytes { try writePart(UnsafeRawBufferPointer(rebasing: $0[(start * size)..<(end * size)])) }
            start = end
        }
        kind = nil
        digests = []
    }

    /// Writes the digests met that the last load had not, sorted, as a part.
    private func writeFresh() throws {
        guard !fresh.isEmpty else { return }
        fresh.sort()
        try fresh.withUnsafeBytes { try writePart($0) }
        fresh.removeAll(keepingCapacity: true)
    }

    private func writePart(_ sortedDigests: UnsafeRawBufferPointer) throws {
        let statement = try connection.prepare("""
            INSERT INTO row_digests (kind, part, load_id, audit_id, context, digests) VALUES (?1, ?2, ?3, 0, ?4, ?5)
            """)
        defer { statement.finalize() }
        try statement.bind(.text(kind!.table), at: 1)
        try statement.bind(.integer(Int64(nextPart)), at: 2)
        try statement.bind(.integer(loadID), at: 3)
        try statement.bind(.text(context), at: 4)
        try statement.bindBlobWithoutCopy(sortedDigests, at: 5)
        _ = try statement.step()
        try statement.clearBindings()
        nextPart += 1
    }

    /// Sorts without a second buffer (the library's sort allocates one as
    /// large as the digests).
    private static func heapSort(_ values: UnsafeMutableBufferPointer<RowDigest>) {
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while true {
                var child = 2 * root + 1
                guard child < end else { return }
                if child + 1 < end && values[child] < values[child + 1] { child += 1 }
                guard values[root] < values[child] else { return }
                values.swapAt(root, child)
                root = child
            }
        }
        let count = values.count
        guard count > 1 else { return }
        for start in stride(from: count / 2 - 1, through: 0, by: -1) { siftDown(start, count) }
        for end in stride(from: count - 1, to: 0, by: -1) {
            values.swapAt(0, end)
            siftDown(0, end)
        }
    }
}

/// A row's digest: SHA-256 of the database's salt, the kind, the columns
/// given and each value with its type and length, cut to 64 bits.
///
/// Made by whichever thread has time to spare: the reading thread while the
/// writer inserts (a first load, or many new rows), the writer when most
/// rows will be counted unchanged without a statement (a reload), as
/// `madeByReader` decides per file.
struct RowDigester: @unchecked Sendable {
    /// Whether the reading thread digests a file's rows: when the database
    /// holds no more digests of its kind than the file holds kilobytes (a
    /// tenth of the rows it may bring, as for writing in bulk).
    static func madeByReader(_ kind: RecordKind, fileBytes: Int, _ connection: Connection?) throws -> Bool {
        guard let connection else { return true }
        return try RowDigests.storedCount(of: kind, connection) * 1000 <= fileBytes
    }

    /// SHA-256 with the salt already taken in: copied for each row. (A C
    /// struct of plain bytes, never changed once made.)
    private let salted: SHA256_CTX
    /// Kinds (by ordinal) that keep no digests.
    private let excluded: [Bool]

    init(salt: String, excluded: [Bool]) {
        var salted = SHA256_CTX()
        CCryptoBoringSSL_SHA256_Init(&salted)
        var salt = salt
        salt.withUTF8 { _ = CCryptoBoringSSL_SHA256_Update(&salted, $0.baseAddress, $0.count) }
        self.salted = salted
        self.excluded = excluded
    }

    /// The digest, or nil when the kind keeps none. `scratch` is working
    /// space, reused from row to row: one SHA-256 call per row.
    func digest(_ kind: RecordKind, _ values: [SQLiteValue], given: ColumnSet, scratch: inout [UInt8]) -> RowDigest? {
        guard !excluded[kind.ordinal] else { return nil }
        scratch.removeAll(keepingCapacity: true)
        func add<T: FixedWidthInteger>(_ scalar: T) {
            withUnsafeBytes(of: scalar.littleEndian) { scratch.append(contentsOf: $0) }
        }
        add(UInt8(kind.ordinal))
        add(given.bits)
        for value in values {
            switch value {
            case .null: scratch.append(0)
            case .integer(let number): scratch.append(1); add(number)
            case .real(let number): scratch.append(2); add(number.bitPattern)
            case .text(var text):
                scratch.append(3)
                text.withUTF8 { bytes in
                    add(UInt32(bytes.count))
                    scratch.append(contentsOf: bytes)
                }
            case .blob(let bytes):
                scratch.append(4)
                add(UInt32(bytes.count))
                scratch.append(contentsOf: bytes)
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
/// a digest misread only makes a row be compared again).
struct RowDigest: Comparable, Sendable {
    let high: UInt64
    let low: UInt64

    static func < (lhs: RowDigest, rhs: RowDigest) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }
}
