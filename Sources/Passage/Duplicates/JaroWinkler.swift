/// The Jaro–Winkler similarity of two words (0: nothing in common, 1: the
/// same): the measure record linkage uses for names, forgiving a typo or
/// two, more so when the words begin alike.
public enum JaroWinkler {
    public static func similarity(_ a: String, _ b: String) -> Double {
        let a = Array(a.utf8), b = Array(b.utf8)
        return a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in similarity(a, b) } }
    }

    /// Words of up to 64 bytes are compared whole, longer ones by their first 64.
    static func similarity(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let countA = min(a.count, 64), countB = min(b.count, 64)
        if countA == 0 || countB == 0 { return 0 }
        if countA == countB && memcmpEqual(a, b, countA) { return 1 }
        let window = max(0, max(countA, countB) / 2 - 1)
        // Which bytes found a partner, as bits: no allocation per call.
        var matchedA: UInt64 = 0, matchedB: UInt64 = 0
        var matches = 0
        for i in 0..<countA {
            let low = max(0, i - window), high = min(countB - 1, i + window)
            guard low <= high else { continue }
            for j in low...high where matchedB & (1 << UInt64(j)) == 0 && a[i] == b[j] {
                matchedA |= 1 << UInt64(i)
                matchedB |= 1 << UInt64(j)
                matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0
        var j = 0
        for i in 0..<countA where matchedA & (1 << UInt64(i)) != 0 {
            while matchedB & (1 << UInt64(j)) == 0 { j += 1 }
            if a[i] != b[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(countA) + m / Double(countB) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, countA, countB), a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    private static func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, _ count: Int) -> Bool {
        for index in 0..<count where a[index] != b[index] { return false }
        return true
    }
}
