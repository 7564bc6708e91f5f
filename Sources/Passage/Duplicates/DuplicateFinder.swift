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
/// each pair of its name's words and each word with the birth year, the
/// words by their consonant skeletons). Two cases
/// are compared only when they share a key that few cases give (a
/// document, phone or pair of words of at most `rareBlock` cases), or at
/// least two keys. A key that more than `blockLimit` cases give (a very
/// common name, a hotline's phone) pairs nobody by itself. So no all-pairs
/// comparison ever happens, and the work grows with the number of members,
/// not with its square.
public struct DuplicateFinder {
    /// The default `--min-score`: chosen on the labelled benchmark for high
    /// precision (docs/duplicates.md).
    public static let defaultMinimumScore = 0.9
    static let blockLimit = 100
    static let rareBlock = 5

    let data: LinkageData

    public init(store: Store) throws {
        data = try LinkageData(store: store)
    }

    /// The candidate pairs of the blocking, as (a, b) case indexes, a < b,
    /// in order.
    func candidatePairs() -> [UInt64] {
        // Every (key, case), sorted: runs of one key are its block.
        var keys: [UInt64] = []
        var keyCases: [Int32] = []
        keys.reserveCapacity(data.members.count * 5)
        for caseIndex in 0..<Int32(data.caseIDs.count) {
            for memberIndex in data.memberRange(caseIndex) {
                let member = data.members[memberIndex]
                func add(_ tag: UInt64, _ first: Int32, _ second: Int32 = 0) {
                    keys.append(Self.key(tag, first, second))
                    keyCases.append(caseIndex)
                }
                if member.document >= 0 { add(1, member.document) }
                if member.phone >= 0 { add(2, member.phone) }
                // Skeletons, not words: a typo in a vowel still meets.
                let words = data.tokens(of: member).map { data.tokenSkeleton[Int($0)] }
                for (offset, word) in words.enumerated() {
                    for other in words.dropFirst(offset + 1) where other != word { add(3, min(word, other), max(word, other)) }
                    if member.birth.year != 0 { add(4, word, Int32(member.birth.year)) }
                }
            }
        }
        let order = keys.indices.sorted { (keys[$0], keyCases[$0]) < (keys[$1], keyCases[$1]) }
        // Blocks of 2…blockLimit cases, each case once, as flat lists; and
        // for each case, the blocks it is in.
        var blockCases: [Int32] = [], blockStart: [Int32] = [0]
        var blocksOfCase: [(caseIndex: Int32, block: Int32)] = []
        var start = 0
        while start < order.count {
            let key = keys[order[start]]
            var end = start
            let first = blockCases.count
            while end < order.count && keys[order[end]] == key {
                let caseIndex = keyCases[order[end]]
                if blockCases.count == first || blockCases.last != caseIndex { blockCases.append(caseIndex) }
                end += 1
            }
            let size = blockCases.count - first
            if size >= 2 && size <= Self.blockLimit {
                let block = Int32(blockStart.count - 1)
                for caseIndex in blockCases[first...] { blocksOfCase.append((caseIndex, block)) }
                blockStart.append(Int32(blockCases.count))
            } else {
                blockCases.removeLast(size)
            }
            start = end
        }
        keys = []
        keyCases = []
        blocksOfCase.sort { ($0.caseIndex, $0.block) < ($1.caseIndex, $1.block) }

        // For each case, the later cases it shares keys with: a pair is a
        // candidate if one of the keys is rare, or if there are two.
        var shared = [UInt8](repeating: 0, count: data.caseIDs.count)
        var touched: [Int32] = []
        var pairs: [UInt64] = []
        var index = 0
        while index < blocksOfCase.count {
            let caseIndex = blocksOfCase[index].caseIndex
            while index < blocksOfCase.count && blocksOfCase[index].caseIndex == caseIndex {
                let block = Int(blocksOfCase[index].block)
                let members = blockCases[Int(blockStart[block])..<Int(blockStart[block + 1])]
                let rare = members.count <= Self.rareBlock
                for other in members where other > caseIndex {
                    if shared[Int(other)] == 0 { touched.append(other) }
                    shared[Int(other)] = rare ? 2 : min(2, shared[Int(other)] + 1)
                }
                index += 1
            }
            touched.sort()
            for other in touched {
                if shared[Int(other)] >= 2 { pairs.append(UInt64(UInt32(caseIndex)) << 32 | UInt64(UInt32(other))) }
                shared[Int(other)] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        return pairs
    }

    /// A 64-bit key: a 4-bit tag, then the two numbers (each below 2^28).
    private static func key(_ tag: UInt64, _ first: Int32, _ second: Int32) -> UInt64 {
        tag << 60 | (UInt64(UInt32(first)) & 0xFFF_FFFF) << 28 ^ UInt64(UInt32(bitPattern: second)) & 0xFFF_FFFF
    }

    /// The listing: pairs at or above `minimumScore` that are not dismissed,
    /// every decided pair that is confirmed; with `all`, every candidate
    /// pair and every decision.
    public func pairs(minimumScore: Double, all: Bool, decisions: [CaseLink]) -> [DuplicatePair] {
        data.tokenText.withUnsafeBufferPointer { text in
            pairs(scorer: PairScorer(data: data, text: text), minimumScore: minimumScore, all: all, decisions: decisions)
        }
    }

    private func pairs(scorer: PairScorer, minimumScore: Double, all: Bool, decisions: [CaseLink]) -> [DuplicatePair] {
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
