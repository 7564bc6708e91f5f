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

    /// One blocking key a case gives.
    struct KeyedCase {
        var key: UInt64
        var caseIndex: Int32
    }

    /// The candidate pairs of the blocking, as (a, b) case indexes, a < b,
    /// grouped by a. Each step runs on two threads: the keys of each half of
    /// the cases, the blocks of each half of the keys (split by a hash of
    /// the key, so that a key's block is whole in one half), the pairs of
    /// each half of the cases.
    func candidatePairs() throws -> [UInt64] {
        let data = data
        let caseCount = Int32(data.caseIDs.count)
        // The halves of the cases, by member count (the work is per member).
        let middle = Int32(data.memberStart.firstIndex { Int($0) * 2 >= data.members.count } ?? Int(caseCount))
        let firstCases = 0..<min(middle, caseCount), secondCases = min(middle, caseCount)..<caseCount
        let (firstKeys, secondKeys) = try inParallel({ Self.keys(data, cases: firstCases) }, { Self.keys(data, cases: secondCases) })
        // Each half of the keys sorted on its own thread: runs of one key are its block.
        let (firstBlocks, secondBlocks) = try inParallel({ Self.blocks(firstKeys.0 + secondKeys.0) }, { Self.blocks(firstKeys.1 + secondKeys.1) })

        // For each case, the blocks it is in (a counting sort by case).
        let blockCases = firstBlocks.cases + secondBlocks.cases
        let blockStart = firstBlocks.starts + secondBlocks.starts.dropFirst().map { $0 + Int32(firstBlocks.cases.count) }
        var caseBlockStart = [Int32](repeating: 0, count: Int(caseCount) + 1)
        for caseIndex in blockCases { caseBlockStart[Int(caseIndex) + 1] += 1 }
        for index in 0..<Int(caseCount) { caseBlockStart[index + 1] += caseBlockStart[index] }
        var caseBlocks = [Int32](repeating: 0, count: blockCases.count)
        var next = caseBlockStart
        for block in 0..<(blockStart.count - 1) {
            for caseIndex in blockCases[Int(blockStart[block])..<Int(blockStart[block + 1])] {
                caseBlocks[Int(next[Int(caseIndex)])] = Int32(block)
                next[Int(caseIndex)] += 1
            }
        }
        next = []
        let blocking = Blocking(blockCases: blockCases, blockStart: blockStart, caseBlocks: caseBlocks, caseBlockStart: caseBlockStart)
        let (firstPairs, secondPairs) = try inParallel({ blocking.pairs(of: firstCases) }, { blocking.pairs(of: secondCases) })
        return firstPairs + secondPairs
    }

    /// The keys of `cases`' members, in case order, in two halves by a hash of the key.
    private static func keys(_ data: LinkageData, cases: Range<Int32>) -> ([KeyedCase], [KeyedCase]) {
        var keys: ([KeyedCase], [KeyedCase]) = ([], [])
        let members = Int(data.memberStart[Int(cases.upperBound)] - data.memberStart[Int(cases.lowerBound)])
        keys.0.reserveCapacity(members * 4)
        keys.1.reserveCapacity(members * 4)
        var words: [Int32] = []
        for caseIndex in cases {
            for memberIndex in data.memberRange(caseIndex) {
                let member = data.members[memberIndex]
                func add(_ tag: UInt64, _ first: Int32, _ second: Int32 = 0, _ third: Int32 = 0) {
                    let key = Self.key(tag, first, second, third)
                    if (key &* 0x9E37_79B9_7F4A_7C15) >> 63 == 0 {
                        keys.0.append(KeyedCase(key: key, caseIndex: caseIndex))
                    } else {
                        keys.1.append(KeyedCase(key: key, caseIndex: caseIndex))
                    }
                }
                if member.document >= 0 { add(1, member.document) }
                if member.phone >= 0 { add(2, member.phone) }
                // Skeletons, not words: a typo in a vowel still meets.
                words.removeAll(keepingCapacity: true)
                for token in data.tokens(of: member) { words.append(data.tokenSkeleton[Int(token)]) }
                let year = Int32(member.birth.year)
                for (offset, word) in words.enumerated() {
                    for other in words[(offset + 1)...] where other != word {
                        add(3, min(word, other), max(word, other))
                        // A common name with the year still makes a small block.
                        if year != 0 { add(5, min(word, other), max(word, other), year) }
                    }
                    if year != 0 { add(4, word, year) }
                }
            }
        }
        return keys
    }

    /// Blocks of 2…blockLimit cases, each case once, as flat lists.
    private static func blocks(_ keys: [KeyedCase]) -> (cases: [Int32], starts: [Int32]) {
        var keys = keys
        // The keys come in case order: sorted stably by key, they are in (key, case) order.
        sortStably(&keys)
        var blockCases: [Int32] = [], blockStart: [Int32] = [0]
        var start = 0
        while start < keys.count {
            let key = keys[start].key
            var end = start
            let first = blockCases.count
            while end < keys.count && keys[end].key == key {
                let caseIndex = keys[end].caseIndex
                if blockCases.count == first || blockCases.last != caseIndex { blockCases.append(caseIndex) }
                end += 1
            }
            let size = blockCases.count - first
            if size >= 2 && size <= Self.blockLimit {
                blockStart.append(Int32(blockCases.count))
            } else {
                blockCases.removeLast(size)
            }
            start = end
        }
        return (blockCases, blockStart)
    }

    /// Sorts `keys` by key, keeping the order of equal keys: a radix sort,
    /// a byte at a time (skipping the bytes that all keys share), several
    /// times faster than comparing millions of keys.
    static func sortStably(_ keys: inout [KeyedCase]) {
        var any: UInt64 = 0, all = UInt64.max
        for entry in keys {
            any |= entry.key
            all &= entry.key
        }
        let varying = any ^ all
        var other = [KeyedCase](repeating: KeyedCase(key: 0, caseIndex: 0), count: keys.count)
        var sortedInOther = false
        keys.withUnsafeMutableBufferPointer { keys in
            other.withUnsafeMutableBufferPointer { other in
                var counts = [Int](repeating: 0, count: 257)
                for shift in stride(from: UInt64(0), to: 64, by: 8) where (varying >> shift) & 0xFF != 0 {
                    let (from, to) = sortedInOther ? (other, keys) : (keys, other)
                    for index in counts.indices { counts[index] = 0 }
                    for entry in from { counts[Int((entry.key >> shift) & 0xFF) + 1] += 1 }
                    for index in 1..<257 { counts[index] += counts[index - 1] }
                    for entry in from {
                        let digit = Int((entry.key >> shift) & 0xFF)
                        to[counts[digit]] = entry
                        counts[digit] += 1
                    }
                    sortedInOther.toggle()
                }
            }
        }
        if sortedInOther { keys = other }
    }

    /// The blocks, and for each case the blocks it is in.
    struct Blocking: Sendable {
        let blockCases: [Int32], blockStart: [Int32]
        let caseBlocks: [Int32], caseBlockStart: [Int32]

        /// For each of `cases`, the later cases it shares keys with: a pair
        /// is a candidate if one of the keys is rare, or if there are two.
        func pairs(of cases: Range<Int32>) -> [UInt64] {
            var shared = [UInt8](repeating: 0, count: caseBlockStart.count - 1)
            var touched: [Int32] = []
            var pairs: [UInt64] = []
            for caseIndex in cases {
                for block in caseBlocks[Int(caseBlockStart[Int(caseIndex)])..<Int(caseBlockStart[Int(caseIndex) + 1])] {
                    let members = blockCases[Int(blockStart[Int(block)])..<Int(blockStart[Int(block) + 1])]
                    let rare = members.count <= DuplicateFinder.rareBlock
                    for other in members where other > caseIndex {
                        if shared[Int(other)] == 0 { touched.append(other) }
                        shared[Int(other)] = rare ? 2 : min(2, shared[Int(other)] + 1)
                    }
                }
                // In the order first shared, not sorted: the listing is sorted at the end.
                for other in touched {
                    if shared[Int(other)] >= 2 { pairs.append(UInt64(UInt32(caseIndex)) << 32 | UInt64(UInt32(other))) }
                    shared[Int(other)] = 0
                }
                touched.removeAll(keepingCapacity: true)
            }
            return pairs
        }
    }

    /// A 64-bit key: a 4-bit tag, then the numbers. Two (below 2^28 each)
    /// fit exactly; a third (a year) is mixed in, and a rare collision of
    /// two such keys only makes a larger block, never a wrong score.
    private static func key(_ tag: UInt64, _ first: Int32, _ second: Int32, _ third: Int32) -> UInt64 {
        let exact = (UInt64(UInt32(first)) & 0xFFF_FFFF) << 28 | UInt64(UInt32(bitPattern: second)) & 0xFFF_FFFF
        let mixed = third == 0 ? exact : (exact &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(UInt32(bitPattern: third))
        return tag << 60 | mixed & 0x0FFF_FFFF_FFFF_FFFF
    }

    /// The listing: pairs at or above `minimumScore` that are not dismissed,
    /// every decided pair that is confirmed; with `all`, every candidate
    /// pair and every decision.
    public func pairs(minimumScore: Double, all: Bool, decisions: [CaseLink]) throws -> [DuplicatePair] {
        var decided: [UInt64: CaseLink.Status] = [:]
        for link in decisions {
            guard let a = data.caseIndex(of: link.caseA), let b = data.caseIndex(of: link.caseB) else { continue }
            decided[Self.pair(min(a, b), max(a, b))] = link.status
        }
        // Open pairs that will not be listed are not kept.
        let floor = all ? 0.0005 : minimumScore
        let candidates = try candidatePairs()
        // Two threads (the machine's two cores): each scores half the pairs.
        let half = candidates.count / 2
        let secondHalf = ScoredPairs()
        let worker = try WorkerThread { [data] in
            secondHalf.pairs = Self.score(candidates[half...], data: data, keeping: { $0 >= floor })
        }
        var scored = Self.score(candidates[..<half], data: data, keeping: { $0 >= floor })
        worker.join()
        scored += secondHalf.pairs
        // Decided pairs are scored again on their own and kept whatever
        // their score, also those the blocking did not pair.
        if !decided.isEmpty {
            scored.removeAll { decided[$0.pair] != nil }
            scored += Self.score(ArraySlice(decided.keys.sorted()), data: data, keeping: { _ in true })
        }
        var result: [DuplicatePair] = []
        for entry in scored {
            let a = Int(entry.pair >> 32), b = Int(entry.pair & 0xFFFF_FFFF)
            let status = decided[entry.pair]
            switch status {
            case .dismissed?: guard all else { continue }
            case .confirmed?: break
            case nil: guard all ? entry.score > 0 : entry.score >= minimumScore else { continue }
            }
            result.append(DuplicatePair(caseA: data.caseIDs[a], caseB: data.caseIDs[b], score: entry.score, evidence: entry.evidence.text,
                                        sourceA: data.sources[a], sourceB: data.sources[b], status: status?.rawValue ?? "open"))
        }
        result.sort { ($1.score, $0.caseA, $0.caseB) < ($0.score, $1.caseA, $1.caseB) }
        return result
    }

    static func pair(_ a: Int32, _ b: Int32) -> UInt64 {
        UInt64(UInt32(a)) << 32 | UInt64(UInt32(b))
    }

    /// Scores pairs, keeping those whose rounded score passes `keeping`.
    private static func score(_ pairs: ArraySlice<UInt64>, data: LinkageData, keeping: (Double) -> Bool) -> [ScoredPairs.Entry] {
        PairScorer.with(data) { scorer in
            var kept: [ScoredPairs.Entry] = []
            for pair in pairs {
                let (score, evidence) = scorer.score(Int32(pair >> 32), Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF))
                let rounded = (score * 1000).rounded() / 1000
                if keeping(rounded) { kept.append(.init(pair: pair, score: rounded, evidence: evidence)) }
            }
            return kept
        }
    }
}

/// Scored pairs handed back by the second thread (read only after it is joined).
final class ScoredPairs: @unchecked Sendable {
    struct Entry {
        var pair: UInt64
        var score: Double
        var evidence: Evidence
    }
    var pairs: [Entry] = []
}
