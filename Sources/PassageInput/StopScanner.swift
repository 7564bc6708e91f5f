/// Finds the next "stop" byte (one that ends a run of plain value bytes) eight bytes at a time.
///
/// All stop bytes of the CSV/TSV grammars are below `threshold` (at most 0x2D), so a word with no byte
/// below it has no stop byte and is skipped whole (the classic SWAR "has a byte less than n" test);
/// a word that might hold one is checked byte by byte against the `stops` table.
struct StopScanner {
    let stops: UnsafeMutablePointer<UInt8>
    /// 0x0101…01 × (largest stop byte + 1).
    private let thresholdWord: UInt64

    /// `stops` marks each stop byte with 1; every stop byte must be below 0x80.
    init(stops: UnsafeMutablePointer<UInt8>) {
        self.stops = stops
        var largest = 0
        for byte in 0..<256 where stops[byte] != 0 { largest = byte }
        precondition(largest < 0x80, "stop bytes must be ASCII")
        thresholdWord = 0x0101_0101_0101_0101 &* UInt64(largest + 1)
    }

    /// The position of the first stop byte in `base[from..<end]` (or `end`), and the OR of the bytes
    /// passed over, reduced to a byte whose high bit says whether any of them was non-ASCII.
    @inline(__always)
    func scan(_ base: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int) -> (position: Int, bits: UInt8) {
        let highs: UInt64 = 0x8080_8080_8080_8080
        let raw = UnsafeRawPointer(base)
        var p = start
        var wordBits: UInt64 = 0
        var bits: UInt8 = 0
        while true {
            while p &+ 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
                if (word &- thresholdWord) & ~word & highs != 0 { break }
                wordBits |= word
                p &+= 8
            }
            let limit = min(p &+ 8, end)
            while p < limit {
                let byte = base[p]
                if stops[Int(byte)] != 0 {
                    return (p, bits | (wordBits & highs != 0 ? 0x80 : 0))
                }
                bits |= byte
                p &+= 1
            }
            if p == end {
                return (p, bits | (wordBits & highs != 0 ? 0x80 : 0))
            }
        }
    }
}
