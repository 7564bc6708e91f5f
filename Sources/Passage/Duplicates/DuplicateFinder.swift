import PassageSQLite

/// One pair of cases that may be one party, as `passage duplicates` lists it.
public struct DuplicatePair: Sendable, Equatable {
    public var caseA: String
    public var caseB: String
    /// 0–1, rounded to 3 decimals: the confidence that they are one party.
    public var score: Double
    public var evidence: String
    public var sourceA: String?
    public var sourceB: String?
    /// `open`, `confirmed` or `dismissed`.
    public var status: String
}

/// Finds the pairs of cases that may be one party (see docs/duplicates.md).
///
/// Blocking: each member gives a few keys (its document number, its phone,
/// each pair of its name's words, each word with the birth year); two
/// cases are compared only when a member of each gives the same key. A key
/// that more than `blockLimit` cases give (a very common name, a hotline's
/// phone) pairs nobody: those pairs have to share a rarer key. So no
/// all-pairs comparison ever happens, and the work grows with the number
/// of members, not its square.
public struct DuplicateFinder {
    /// The default `--min-score`: chosen on the labelled benchmark for high
    /// precision (docs/duplicates.md).
    public static let defaultMinimumScore = 0.9
    static let blockLimit = 40

    let data: LinkageData

    public init(store: Store) throws {
        data = try LinkageData(store: store)
    }

    /// The candidate pairs of the blocking, as (a, b) case indexes, a < b.
    func candidatePairs() -> [UInt64] {
        var keys: [(key: UInt64, caseIndex: Int32)] = []
        keys.reserveCapacity(data.members.count * 4)
        for caseIndex in 0..<Int32(data.caseIDs.count) {
            for memberIndex in data.memberRange(caseIndex) {
                let member = data.members[memberIndex]
                func add(_ tag: UInt64, _ first: Int32, _ second: Int32 = -1) {
                    keys.append((Self.key(tag, first, second), caseIndex))
                }
                if member.document >= 0 { add(1, member.document) }
                if member.phone >= 0 { add(2, member.phone) }
                let words = data.tokens(of: member)
                for (offset, word) in words.enumerated() {
                    for other in words.dropFirst(offset + 1) { add(3, min(word, other), max(word, other)) }
                    if member.birth.year != 0 { add(4, word, Int32(member.birth.year)) }
                }
            }
        }
        keys.sort { ($0.key, $0.caseIndex) < ($1.key, $1.caseIndex) }
        var pairs: [UInt64] = []
        var block: [Int32] = []
        var start = 0
        while start < keys.count {
            var end = start
            block.removeAll(keepingCapacity: true)
            while end < keys.count && keys[end].key == keys[start].key {
                if block.last != keys[end].caseIndex { block.append(keys[end].caseIndex) }
                end += 1
            }
            if block.count >= 2 && block.count <= Self.blockLimit {
                for (offset, a) in block.enumerated() {
                    for b in block.dropFirst(offset + 1) { pairs.append(UInt64(UInt32(a)) << 32 | UInt64(UInt32(b))) }
                }
            }
            start = end
        }
        keys = []
        pairs.sort()
        return Self.unique(pairs)
    }

    private static func key(_ tag: UInt64, _ first: Int32, _ second: Int32) -> UInt64 {
        tag << 60 | UInt64(UInt32(first)) << 28 ^ UInt64(UInt32(bitPattern: second))
    }

    private static func unique(_ sorted: [UInt64]) -> [UInt64] {
        var result: [UInt64] = []
        result.reserveCapacity(sorted.count)
        for pair in sorted where result.last != pair { result.append(pair) }
        return result
    }

    /// The listing: pairs at or above `minimumScore` that are not dismissed,
    /// every decided pair that is confirmed; with `all`, every candidate
    /// pair and every decision.
    public func pairs(minimumScore: Double, all: Bool, decisions: [CaseLink]) -> [DuplicatePair] {
        let scorer = PairScorer(data: data)
        var decided: [UInt64: CaseLink.Status] = [:]
        for link in decisions {
            guard let a = data.caseIndex[link.caseA], let b = data.caseIndex[link.caseB] else { continue }
            decided[UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b)))] = link.status
        }
        var result: [DuplicatePair] = []
        func add(_ pair: UInt64) {
            let a = Int32(pair >> 32), b = Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF)
            let status = decided.removeValue(forKey: pair)
            let (score, evidence) = scorer.score(a, b)
            let rounded = (score * 1000).rounded() / 1000
            switch status {
            case .dismissed?: guard all else { return }
            case .confirmed?: break
            case nil: guard all ? rounded > 0 : rounded >= minimumScore else { return }
            }
            result.append(DuplicatePair(caseA: data.caseIDs[Int(a)], caseB: data.caseIDs[Int(b)], score: rounded, evidence: evidence.text,
                                        sourceA: data.sources[Int(a)], sourceB: data.sources[Int(b)], status: status?.rawValue ?? "open"))
        }
        for pair in candidatePairs() { add(pair) }
        // Decided pairs the blocking did not pair.
        for pair in decided.keys.sorted() { add(pair) }
        result.sort { ($1.score, $0.caseA, $0.caseB) < ($0.score, $1.caseA, $1.caseB) }
        return result
    }
}
