// BoringSSL's SHA-256, as swift-crypto builds it: one call per row over a
// reused buffer, without swift-crypto's per-call set-up (see ValueCipher).
import CCryptoBoringSSL
import PassageSQLite

/// What each kind's rows of the last load that wrote them asked for, kept
/// as 64-bit digests so that a reload knows a row is unchanged without a
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
/// Two different rows share a digest about once in 10^7 reloads of a
/// million rows (the odds the id checks also accept).
///
/// Memory: one kind's digests at a time, 8 bytes a row (4 MiB for half a
/// million attempts), read and written in place, sorted in place.
final class RowDigests {
    static let saltKey = "row_digest_salt"

    /// A row's digest, and where the last load's digests of its kind hold
    /// it (nil: not among them).
    struct Digest {
        let value: UInt64
        let keptAt: Int?
    }

    private let connection: Connection
    private let loadID: Int64
    private let context: String
    /// Digests rows under the database's salt (on the reading thread).
    let digester: RowDigester
    /// Kinds (by ordinal) that keep no digests here.
    private let excluded: [Bool]
    /// The kind whose rows come now; its last load's digests, sorted (empty
    /// when they cannot be trusted), with room for this load's new ones;
    /// which of them this load met again; and the digests it met that are
    /// not among them, in chunks (no array doubling past its need).
    private var kind: RecordKind?
    private var digests: [UInt64] = []
    private var met: [Bool] = []
    private var fresh: [[UInt64]] = []
    private var written: Set<RecordKind> = []
    private static let chunk = 65_536

    init(connection: Connection, loadID: Int64, sealed: Bool) throws {
        self.connection = connection
        self.loadID = loadID
        var salt = try connection.scalarText("SELECT value FROM settings WHERE key = ?", [Self.saltKey])
        if salt == nil {
            // 16 bytes from the system's generator, as hex.
            salt = (0..<16).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.joined()
            try connection.run("INSERT INTO settings (key, value) VALUES (?, ?)", [Self.saltKey, salt!])
        }
        context = "schema=\(try Migrator.version(of: connection)) passage=\(PassageVersion.current)"
        excluded = RecordKind.allCases.map { sealed && !Store.personalColumnIndexes[$0.ordinal].isEmpty }
        digester = RowDigester(salt: salt!, excluded: excluded)
    }

    /// Forgets every kind's digests: for what changes records without an
    /// audit row.
    static func clear(_ connection: Connection) throws {
        try connection.run("DELETE FROM row_digests")
    }

    /// Whether the last load kept this row's digest (`RowDigester`).
    func look(_ kind: RecordKind, _ value: UInt64) throws -> Digest {
        if kind != self.kind { try begin(kind) }
        return Digest(value: value, keptAt: index(of: value))
    }

    /// Keeps the digest of a row this load wrote or found unchanged.
    func keep(_ digest: Digest) {
        if let index = digest.keptAt {
            met[index] = true
        } else {
            if fresh.last.map({ $0.count == Self.chunk }) ?? true {
                fresh.append([])
                fresh[fresh.count - 1].reserveCapacity(Self.chunk)
            }
            fresh[fresh.count - 1].append(digest.value)
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
    private func index(of value: UInt64) -> Int? {
        let count = digests.count
        guard count > 0 else { return nil }
        return digests.withUnsafeBufferPointer { sorted in
            let guess = Int((Double(value) / 18_446_744_073_709_551_616.0) * Double(count))
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

    /// Writes the kind before and reads the last load's digests of `kind`
    /// when nothing has changed its records since.
    private func begin(_ kind: RecordKind) throws {
        try writeCurrent()
        self.kind = kind
        let statement = try connection.prepare("""
            SELECT digests FROM row_digests
            WHERE kind = ?1 AND context = ?2 AND load_id <> ?3
              AND NOT EXISTS (SELECT 1 FROM audit WHERE audit.id > row_digests.audit_id AND audit.kind = ?1)
            """)
        defer { statement.finalize() }
        try statement.bind([kind.table, context, loadID])
        guard try statement.step() else { return }
        statement.withBlob(at: 0) { bytes in
            let count = bytes.count / 8
            // Room for an eighth more: a reload's new rows, without a copy.
            digests = [UInt64](unsafeUninitializedCapacity: count + count / 8 + 16) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(count * 8)))
                initialized = count
            }
        }
        met = [Bool](repeating: false, count: digests.count)
    }

    /// Writes the current kind's kept digests, sorted, in place of the last
    /// load's (with this load's own, for a kind met twice).
    private func writeCurrent() throws {
        guard let kind else { return }
        defer {
            self.kind = nil
            digests = []
            met = []
            fresh = []
        }
        // Keep the digests met again, then add the new ones.
        var kept = 0
        for index in digests.indices where met[index] {
            digests[kept] = digests[index]
            kept += 1
        }
        digests.removeLast(digests.count - kept)
        met = []
        if written.contains(kind) {
            let statement = try connection.prepare("SELECT digests FROM row_digests WHERE kind = ?")
            defer { statement.finalize() }
            try statement.bind([kind.table])
            if try statement.step() {
                statement.withBlob(at: 0) { bytes in digests += bytes.prefix(bytes.count / 8 * 8).withMemoryRebound(to: UInt64.self) { Array($0) } }
            }
        }
        digests.reserveCapacity(digests.count + fresh.reduce(0) { $0 + $1.count })
        while let last = fresh.popLast() { digests += last }
        digests.withUnsafeMutableBufferPointer { Self.heapSort($0) }
        let statement = try connection.prepare("""
            INSERT INTO row_digests (kind, load_id, audit_id, context, digests) VALUES (?1, ?2, 0, ?3, ?4)
            ON CONFLICT (kind) DO UPDATE SET load_id = excluded.load_id, audit_id = 0,
                context = excluded.context, digests = excluded.digests
            """)
        defer { statement.finalize() }
        try statement.bind(.text(kind.table), at: 1)
        try statement.bind(.integer(loadID), at: 2)
        try statement.bind(.text(context), at: 3)
        try digests.withUnsafeBytes { bytes in
            try statement.bindBlobWithoutCopy(bytes, at: 4)
            _ = try statement.step()
            try statement.clearBindings()
        }
        written.insert(kind)
    }

    /// Sorts without a second buffer (the library's sort allocates one as
    /// large as the digests).
    private static func heapSort(_ values: UnsafeMutableBufferPointer<UInt64>) {
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
/// given and each value with its type and length, cut to 64 bits. Made on
/// the reading thread, which has time to spare while the writer works.
struct RowDigester: @unchecked Sendable {
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

    /// The digest, or nil when the kind keeps none.
    func digest(_ kind: RecordKind, _ values: [SQLiteValue], given: ColumnSet) -> UInt64? {
        guard !excluded[kind.ordinal] else { return nil }
        var context = salted
        func add<T>(_ scalar: T) {
            var scalar = scalar
            withUnsafeBytes(of: &scalar) { _ = CCryptoBoringSSL_SHA256_Update(&context, $0.baseAddress, $0.count) }
        }
        add(UInt8(kind.ordinal))
        add(given.bits.littleEndian)
        for value in values {
            switch value {
            case .null: add(UInt8(0))
            case .integer(let number): add(UInt8(1)); add(number.littleEndian)
            case .real(let number): add(UInt8(2)); add(number.bitPattern.littleEndian)
            case .text(var text):
                add(UInt8(3))
                text.withUTF8 { bytes in
                    add(UInt32(bytes.count).littleEndian)
                    _ = CCryptoBoringSSL_SHA256_Update(&context, bytes.baseAddress, bytes.count)
                }
            case .blob(let bytes):
                add(UInt8(4))
                add(UInt32(bytes.count).littleEndian)
                bytes.withUnsafeBufferPointer { _ = CCryptoBoringSSL_SHA256_Update(&context, $0.baseAddress, $0.count) }
            }
        }
        var hash = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &hash) { _ = CCryptoBoringSSL_SHA256_Final($0.baseAddress!.assumingMemoryBound(to: UInt8.self), &context) }
        return hash.0
    }
}
