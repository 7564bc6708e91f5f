import PassageSQLite

/// The digests the last load of a kind kept (`RowDigests`), when they can
/// be trusted, in the order of its rows; and which of them this load meets
/// again. Read on the reading thread through its own connection, which
/// sees the database as the last command left it (no other command can
/// write while the load holds the write lock).
///
/// Files are reloaded in much the same order: a row's digest is looked for
/// just after the last one met, a few rows on (rows deleted since). A row
/// added or changed is not found there and is read as usual. After rows
/// moved or a block deleted, the next anchor (about one digest in 64,
/// chosen by its bits, so the same rows whatever their order) is found
/// wherever it is and the search goes on from there. A file sorted another
/// way is mostly read as usual: correct, as fast as a full reload.
///
/// Memory: the stored parts are read as the search reaches them, two at a
/// time (1 MiB each); the anchors, 40 bytes for every 64 rows; one bit a
/// row for those met.
struct LastLoadDigests {
    private var kind: RecordKind?
    private var count = 0
    /// The parts read, at most two, the one read last at the end.
    private var parts: [(number: Int, digests: [RowDigest])] = []
    private var read: Statement?
    private var met: [UInt64] = []
    /// The anchors, by digest, open addressing (place -1: empty).
    private var anchors: [(digest: RowDigest, place: Int32)] = []
    /// Where the next row's digest is looked for first.
    private var cursor = 0
    /// How far after the last digest met a row's digest is looked for.
    static let window = 32

    /// None: a new kind, a database being built, digests not trusted.
    init() {}

    /// The digests of `kind`, when trusted and whole (parts 0, 1, ... all
    /// full but the last).
    init(_ kind: RecordKind, context: String, _ connection: Connection) throws {
        let arguments: [any SQLiteBindable] = [kind.table, context]
        let size = RowDigests.digestSize
        let statement = try connection.prepare("SELECT part, length(digests) / \(size) " + RowDigests.trusted + " ORDER BY part")
        defer { statement.finalize() }
        try statement.bind(arguments)
        var count = 0
        var parts = 0
        var whole = true
        while try statement.step() {
            let (part, digests) = (Int(statement.int(at: 0)), Int(statement.int(at: 1)))
            // A part short of full but the last: the places would not follow.
            if part != parts || count != parts * RowDigests.partSize { whole = false }
            parts += 1
            count += digests
        }
        guard whole, count > 0, count < Int(Int32.max) else { return }
        self.kind = kind
        self.count = count
        read = try connection.prepare("SELECT digests FROM row_digests WHERE kind = ? AND part = ?")
        met = [UInt64](repeating: 0, count: (count + 63) / 64)
        anchors = Array(repeating: (RowDigest(high: 0, low: 0), -1), count: max(16, count / 32))
        for part in 0..<parts {
            let digests = try load(part)
            for (offset, digest) in digests.enumerated() where Self.isAnchor(digest) {
                var slot = slot(of: digest)
                while anchors[slot].place >= 0 { slot = slot + 1 == anchors.count ? 0 : slot + 1 }
                anchors[slot] = (digest, Int32(part * RowDigests.partSize + offset))
            }
        }
    }

    var isEmpty: Bool { count == 0 }

    /// Releases the statement (before the connection closes).
    mutating func finish() {
        read?.finalize()
        read = nil
        parts = []
    }

    /// Where the digests hold `value`, when this load has not met it yet
    /// (a second row with the same text is read: it repeats an id).
    mutating func unmetIndex(of value: RowDigest) throws -> Int? {
        let end = min(count, cursor + Self.window)
        var place = cursor
        while place < end {
            if try digest(at: place) == value { return isMet(place) ? nil : place }
            place += 1
        }
        guard Self.isAnchor(value), !anchors.isEmpty else { return nil }
        var slot = slot(of: value)
        while anchors[slot].place >= 0 {
            if anchors[slot].digest == value {
                let place = Int(anchors[slot].place)
                return isMet(place) ? nil : place
            }
            slot = slot + 1 == anchors.count ? 0 : slot + 1
        }
        return nil
    }

    /// Marks the digest at `place` met; the next row's is looked for after it.
    mutating func meet(_ place: Int) {
        met[place >> 6] |= 1 << (place & 63)
        cursor = place + 1
    }

    private func isMet(_ place: Int) -> Bool {
        met[place >> 6] & (1 << (place & 63)) != 0
    }

    /// The digest at `place`; nil if its part is gone (never while the
    /// load holds the write lock: the row is then read as usual).
    private mutating func digest(at place: Int) throws -> RowDigest? {
        let (number, offset) = place.quotientAndRemainder(dividingBy: RowDigests.partSize)
        if let last = parts.last, last.number == number { return last.digests.indices.contains(offset) ? last.digests[offset] : nil }
        if let first = parts.first, first.number == number { return first.digests.indices.contains(offset) ? first.digests[offset] : nil }
        let digests = try load(number)
        if parts.count == 2 { parts.removeFirst() }
        parts.append((number, digests))
        return digests.indices.contains(offset) ? digests[offset] : nil
    }

    private func load(_ part: Int) throws -> [RowDigest] {
        guard let read, let kind else { return [] }
        try read.reset()
        try read.bind([kind.table, part])
        defer { try? read.reset() }
        guard try read.step() else { return [] }
        return read.withBlob(at: 0) { bytes in
            let size = RowDigests.digestSize
            return [RowDigest](unsafeUninitializedCapacity: bytes.count / size) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(buffer.count * size)))
                initialized = buffer.count
            }
        }
    }

    private static func isAnchor(_ digest: RowDigest) -> Bool {
        digest.low & 63 == 0
    }

    private func slot(of digest: RowDigest) -> Int {
        Int(truncatingIfNeeded: digest.high.multipliedFullWidth(by: UInt64(anchors.count)).high)
    }
}
