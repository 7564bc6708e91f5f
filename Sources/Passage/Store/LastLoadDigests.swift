import PassageSQLite

/// The digests the last load of a kind kept (`RowDigests`), when they can
/// be trusted, and which of them this load meets again. Read on the
/// reading thread through its own connection, which sees the database as
/// the last command left it.
///
/// Found by bucket: digests are uniform, so their top bits spread them
/// evenly over about one bucket for every 8, and a search reads one bucket
/// (a cache line or two) instead of halving a sorted array of millions.
///
/// Memory: one kind's digests at a time, 16 bytes a row (8 MiB for half a
/// million attempts), grouped in place; the buckets' bounds, 4 bytes for
/// every 8 digests; one bit a digest for those met.
struct LastLoadDigests {
    private var digests: [RowDigest] = []
    /// Bucket b's digests are at starts[b]..<starts[b + 1].
    private var starts: [UInt32] = [0, 0]
    private var bucketBits = 0
    private var met: [UInt64] = []

    /// None: a new kind, a database being built, digests not trusted.
    init() {}

    init(_ kind: RecordKind, context: String, _ connection: Connection) throws {
        let arguments: [any SQLiteBindable] = [kind.table, context]
        let size = RowDigests.digestSize
        let count = Int(try connection.scalarInt("SELECT coalesce(sum(length(digests)), 0) / \(size) " + RowDigests.trusted, arguments) ?? 0)
        guard count > 0, count < Int(UInt32.max) else { return }
        digests.reserveCapacity(count)
        let statement = try connection.prepare("SELECT digests " + RowDigests.trusted)
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
        while (1 << bucketBits) * 8 < digests.count && bucketBits < 24 { bucketBits += 1 }
        group()
        met = [UInt64](repeating: 0, count: (digests.count + 63) / 64)
    }

    var isEmpty: Bool { digests.isEmpty }

    /// Where the digests hold `value`, when this load has not met it yet
    /// (a second row with the same text is read: it repeats an id).
    func unmetIndex(of value: RowDigest) -> Int? {
        guard !digests.isEmpty else { return nil }
        let bucket = self.bucket(value)
        var index = Int(starts[bucket])
        let end = Int(starts[bucket + 1])
        while index < end {
            if digests[index] == value { return met[index >> 6] & (1 << (index & 63)) == 0 ? index : nil }
            index += 1
        }
        return nil
    }

    mutating func meet(_ index: Int) {
        met[index >> 6] |= 1 << (index & 63)
    }

    /// The digests met, for the writer to keep; these are let go.
    mutating func takeMet() -> [RowDigest] {
        var kept = 0
        for index in digests.indices where met[index >> 6] & (1 << (index & 63)) != 0 {
            digests[kept] = digests[index]
            kept += 1
        }
        digests.removeLast(digests.count - kept)
        met = []
        starts = [0, 0]
        defer { digests = [] }
        return digests
    }

    private func bucket(_ value: RowDigest) -> Int {
        Self.bucket(value, bits: bucketBits)
    }

    private static func bucket(_ value: RowDigest, bits: Int) -> Int {
        bits == 0 ? 0 : Int(truncatingIfNeeded: value.high >> UInt64(64 - bits))
    }

    /// Groups the digests by bucket in place (one pass of swaps: each
    /// digest is moved once into its bucket's next free place).
    private mutating func group() {
        let buckets = 1 << bucketBits
        var starts = [UInt32](repeating: 0, count: buckets + 1)
        for digest in digests { starts[bucket(digest) + 1] += 1 }
        for bucket in 0..<buckets { starts[bucket + 1] += starts[bucket] }
        var next = starts
        let bits = bucketBits
        digests.withUnsafeMutableBufferPointer { digests in
            for bucket in 0..<buckets {
                while next[bucket] < starts[bucket + 1] {
                    let place = Int(next[bucket])
                    let home = Self.bucket(digests[place], bits: bits)
                    if home == bucket {
                        next[bucket] += 1
                    } else {
                        digests.swapAt(place, Int(next[home]))
                        next[home] += 1
                    }
                }
            }
        }
        self.starts = starts
    }
}
