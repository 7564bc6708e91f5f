#if canImport(Glibc)
import Glibc
#endif

/// What made two cases look like one party: the codes of `passage duplicates`.
public struct Evidence: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let document = Evidence(rawValue: 1 << 0)
    public static let phone = Evidence(rawValue: 1 << 1)
    public static let nameAndBirth = Evidence(rawValue: 1 << 2)
    public static let name = Evidence(rawValue: 1 << 3)
    public static let birth = Evidence(rawValue: 1 << 4)
    public static let size = Evidence(rawValue: 1 << 5)
    public static let category = Evidence(rawValue: 1 << 6)
    public static let place = Evidence(rawValue: 1 << 7)
    public static let time = Evidence(rawValue: 1 << 8)

    /// The codes, strongest kind of evidence first.
    public static let codes: [(Evidence, String)] = [
        (.document, "document"), (.phone, "phone"), (.nameAndBirth, "name+birth"), (.name, "name"), (.birth, "birth"),
        (.size, "size"), (.category, "category"), (.place, "place"), (.time, "time"),
    ]

    /// `document;phone;name+birth`…
    public var text: String {
        Self.codes.filter { contains($0.0) }.map(\.1).joined(separator: ";")
    }
}

/// Scores a pair of cases as a probabilistic record linkage model does
/// (Fellegi–Sunter): each comparison adds its weight in bits, the log2 of
/// how much likelier the observed agreement (or disagreement) is between
/// two lists' records of one party than between two unrelated ones; the
/// sum, with the prior odds of a candidate pair, gives the probability.
/// Agreement on a name counts by how rare the name is (a common name is
/// weak evidence), and on a phone or document by how few cases give it
/// (an intermediary's phone that many families give is weak evidence).
/// A struct, not a class: its scratch arrays are then checked for
/// exclusive access when compiled, not at each access while it runs.
struct PairScorer {
    let data: LinkageData
    /// `data`'s tokens' bytes, token offsets, member tokens and members,
    /// held by the caller for the scorer's life (read without reference counting).
    private let text: UnsafeBufferPointer<UInt8>
    private let tokenOffset: UnsafeBufferPointer<Int32>
    private let memberTokens: UnsafeBufferPointer<Int32>
    private let members: UnsafeBufferPointer<LinkageData.Member>
    /// log2 of the odds that a pair the blocking finds is one party, before any comparison.
    static let prior = -11.0
    /// Two words this similar (Jaro–Winkler) are taken for one name with a typo.
    static let similarWord = 0.88

    /// Weights in bits; see docs/duplicates.md for the reasoning behind each.
    enum Weight {
        static let wordCap = 11.0
        static let documentAgrees = 14.0
        static let phoneAgrees = 10.0
        static let birthFullDate = 6.0
        static let birthDayOff = 3.5
        static let birthMonth = 4.0
        static let birthYear = 2.0
        static let birthYearOff = -1.0
        static let birthDateDiffers = -4.0
        static let birthDisagrees = -6.0
        static let unmatchedMember = -2.5
        static let sizeEqual = 1.5
        static let sizeOneOff = 0.5
        static let sizePerExtra = -1.0
        static let categoryEqual = 1.0
        static let categoryDiffers = -2.5
        static let placeShared = 1.0
        static let timeClose = 1.5
    }

    /// What comparing one member of each case found.
    struct MemberComparison {
        /// Mean similarity of the shorter name's words to the other's (nil: a name missing).
        var nameSimilarity: Double?
        var birth: Double?
        var documentAgrees = false
        var phoneAgrees = false
        /// Where this comparison's word matches are in `wordMatches`.
        var wordMatchStart = 0
        var wordMatchCount = 0

        /// Whether the two are taken for one person.
        var isLink: Bool {
            if documentAgrees { return true }
            guard let name = nameSimilarity else { return phoneAgrees && (birth ?? 0) > 0 }
            if (birth ?? 0) <= Weight.birthYearOff - 0.5 { return false }
            return name >= PairScorer.similarWord || (phoneAgrees && name >= 0.7)
        }

        /// How good a link it is, to pair members best first.
        var quality: Double {
            (nameSimilarity ?? 0.5) + (documentAgrees ? 1 : 0) + (phoneAgrees ? 0.3 : 0) + (birth ?? 0) / 20
        }
    }

    /// A word of one member and its closest word in the other's name.
    struct WordMatch {
        var word: Int32
        var other: Int32
        var similarity: Double
    }

    // Scratch space reused from pair to pair.
    private var links: [(i: Int, j: Int, comparison: MemberComparison)] = []
    private var wordMatches: [WordMatch] = []
    private var usedA: [Int] = []
    private var usedB: [Int] = []
    private var countedWords: [Int32] = []
    private var countedDocuments: [Int32] = []

    /// Scores with `data`, whose arrays `body` reads through pointers held meanwhile.
    static func with<T>(_ data: LinkageData, _ body: (inout PairScorer) -> T) -> T {
        data.tokenText.withUnsafeBufferPointer { text in
            data.tokenOffset.withUnsafeBufferPointer { tokenOffset in
                data.memberTokens.withUnsafeBufferPointer { memberTokens in
                    data.members.withUnsafeBufferPointer { members in
                        var scorer = PairScorer(data: data, text: text, tokenOffset: tokenOffset, memberTokens: memberTokens, members: members)
                        return body(&scorer)
                    }
                }
            }
        }
    }

    private init(data: LinkageData, text: UnsafeBufferPointer<UInt8>, tokenOffset: UnsafeBufferPointer<Int32>,
                 memberTokens: UnsafeBufferPointer<Int32>, members: UnsafeBufferPointer<LinkageData.Member>) {
        self.data = data
        self.text = text
        self.tokenOffset = tokenOffset
        self.memberTokens = memberTokens
        self.members = members
    }

    private func bytes(_ token: Int32) -> UnsafeBufferPointer<UInt8> {
        let start = Int(tokenOffset[Int(token)]), end = Int(tokenOffset[Int(token) + 1])
        return UnsafeBufferPointer(rebasing: text[start..<end])
    }

    private func tokens(of member: LinkageData.Member) -> UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(rebasing: memberTokens[Int(member.tokenStart)..<Int(member.tokenStart + member.tokenCount)])
    }

    /// The score (0–1) and evidence of cases `a` and `b`.
    mutating func score(_ a: Int32, _ b: Int32) -> (score: Double, evidence: Evidence) {
        var weight = Self.prior
        var evidence: Evidence = []
        let membersA = data.memberRange(a), membersB = data.memberRange(b)

        // Every member of one case against every member of the other, then
        // the best links taken first, each member in one link at most.
        links.removeAll(keepingCapacity: true)
        wordMatches.removeAll(keepingCapacity: true)
        for i in membersA {
            for j in membersB {
                let comparison = compare(members[i], members[j])
                if comparison.isLink { links.append((i, j, comparison)) }
            }
        }
        links.sort { $0.comparison.quality > $1.comparison.quality }
        usedA.removeAll(keepingCapacity: true)
        usedB.removeAll(keepingCapacity: true)
        countedWords.removeAll(keepingCapacity: true)
        countedDocuments.removeAll(keepingCapacity: true)
        var nameWeight = 0.0
        // The best of many member pairs was picked: a coincidence of common
        // words is likelier the more pairs there were to pick from.
        let searchPenalty = log2(Double(max(membersA.count, membersB.count)))
        for link in links where !usedA.contains(link.i) && !usedB.contains(link.j) {
            usedA.append(link.i)
            usedB.append(link.j)
            let comparison = link.comparison
            // Each word counts once per pair of cases: a family shares its family name.
            var linkWeight = 0.0
            for match in wordMatches[comparison.wordMatchStart..<(comparison.wordMatchStart + comparison.wordMatchCount)] {
                linkWeight += wordWeight(match)
            }
            nameWeight += max(0, linkWeight - searchPenalty)
            if let birth = comparison.birth {
                weight += birth
                if birth > 0 {
                    evidence.insert(.birth)
                    if (comparison.nameSimilarity ?? 0) >= Self.similarWord { evidence.insert(.nameAndBirth) }
                }
            }
            let document = members[link.i].document
            if comparison.documentAgrees, !countedDocuments.contains(document) {
                countedDocuments.append(document)
                weight += identifierWeight(Weight.documentAgrees, cases: data.documentCases[Int(document)])
                evidence.insert(.document)
            }
        }
        if nameWeight > 0 {
            weight += nameWeight
            evidence.insert(.name)
        }
        // Members of the smaller case that no member of the other matches.
        let unmatched = min(membersA.count, membersB.count) - usedA.count
        weight += Double(max(0, unmatched)) * Weight.unmatchedMember

        // A phone both cases give, whoever gives it: weighted by how many cases give it.
        var phoneWeight = 0.0
        for i in membersA where members[i].phone >= 0 {
            let phone = members[i].phone
            if membersB.contains(where: { members[$0].phone == phone }) {
                phoneWeight = max(phoneWeight, identifierWeight(Weight.phoneAgrees, cases: data.phoneCases[Int(phone)]))
            }
        }
        weight += phoneWeight
        if phoneWeight >= 2 { evidence.insert(.phone) }

        weight += caseWeight(a, b, evidence: &evidence)
        return (1 / (1 + exp2(-weight)), evidence)
    }

    /// An identifier that `cases` cases give: full weight when two do,
    /// less for each further case (an intermediary's phone), none from ten.
    private func identifierWeight(_ full: Double, cases: Int32) -> Double {
        max(0, full - 3 * log2(Double(max(1, cases - 1))))
    }

    /// The weight of a word two linked members share, by its rarity; a word
    /// met before in this pair of cases adds nothing.
    private mutating func wordWeight(_ match: WordMatch) -> Double {
        guard match.similarity >= Self.similarWord else { return 0 }
        let key = min(match.word, match.other)
        guard !countedWords.contains(key) else { return 0 }
        countedWords.append(key)
        let members = max(1, min(data.tokenMembers[Int(match.word)], data.tokenMembers[Int(match.other)]))
        let rarity = log2(0.95 * Double(data.memberCount) / Double(members))
        let factor = match.similarity == 1 ? 1 : 0.8 * (match.similarity - Self.similarWord) / (1 - Self.similarWord) + 0.2
        return min(Weight.wordCap, max(0.5, rarity)) * factor
    }

    /// Compares two members; the word matches go to `wordMatches`.
    mutating func compare(_ a: LinkageData.Member, _ b: LinkageData.Member) -> MemberComparison {
        var result = MemberComparison()
        result.documentAgrees = a.document >= 0 && a.document == b.document
        result.phoneAgrees = a.phone >= 0 && a.phone == b.phone
        result.birth = Self.birthWeight(a.birth, b.birth)
        let wordsA = tokens(of: a), wordsB = tokens(of: b)
        guard !wordsA.isEmpty && !wordsB.isEmpty else { return result }
        let (shorter, longer) = wordsA.count <= wordsB.count ? (wordsA, wordsB) : (wordsB, wordsA)
        // Typos are looked for only between members something else ties
        // (a word, a birth date, a document or a phone): Jaro-Winkler on
        // every word of every pair would cost most of the run.
        let sameWords = shorter.reduce(0) { $0 + (longer.contains($1) ? 1 : 0) }
        let tied = sameWords > 0 || result.documentAgrees || result.phoneAgrees || (result.birth ?? 0) > 0
        guard tied else {
            result.nameSimilarity = 0
            return result
        }
        result.wordMatchStart = wordMatches.count
        var total = 0.0
        for word in shorter {
            var best = WordMatch(word: word, other: word, similarity: 0)
            if longer.contains(word) {
                best.similarity = 1
            } else {
                let first = bytes(word).first
                // Transliteration is folded already and typos rarely hit
                // the first letter: words that begin apart are not compared.
                for other in longer where bytes(other).first == first {
                    let similarity = JaroWinkler.similarity(bytes(word), bytes(other))
                    if similarity > best.similarity { best = WordMatch(word: word, other: other, similarity: similarity) }
                }
            }
            total += best.similarity
            wordMatches.append(best)
        }
        result.wordMatchCount = wordMatches.count - result.wordMatchStart
        result.nameSimilarity = total / Double(shorter.count)
        return result
    }

    /// Birth dates compared at the precision both give (nil when one is not known).
    static func birthWeight(_ a: LinkageData.Birth, _ b: LinkageData.Birth) -> Double? {
        guard a.year != 0 && b.year != 0 else { return nil }
        let years = abs(Int(a.year) - Int(b.year))
        if a.day != 0 && b.day != 0 {
            let days = abs(Int(a.dayNumber) - Int(b.dayNumber))
            if days == 0 { return Weight.birthFullDate }
            if days == 1 { return Weight.birthDayOff }
            // Day and month swapped (03-07 for 07-03) is a common slip.
            if a.year == b.year && a.month == b.day && a.day == b.month { return Weight.birthDayOff }
            return years == 0 ? Weight.birthDateDiffers : years == 1 ? Weight.birthYearOff : Weight.birthDisagrees
        }
        if a.month != 0 && b.month != 0 {
            if years == 0 { return a.month == b.month ? Weight.birthMonth : Weight.birthDateDiffers }
            return years == 1 ? Weight.birthYearOff : Weight.birthDisagrees
        }
        return years == 0 ? Weight.birthYear : years == 1 ? Weight.birthYearOff : Weight.birthDisagrees
    }

    /// The cases themselves: size, category, places and days of their attempts.
    private func caseWeight(_ a: Int32, _ b: Int32, evidence: inout Evidence) -> Double {
        var weight = 0.0
        let sizeDifference = abs(Int(data.sizes[Int(a)]) - Int(data.sizes[Int(b)]))
        switch sizeDifference {
        case 0: weight += Weight.sizeEqual; evidence.insert(.size)
        case 1: weight += Weight.sizeOneOff
        default: weight += Weight.sizePerExtra * Double(min(sizeDifference - 1, 4))
        }
        if data.categories[Int(a)] == data.categories[Int(b)] {
            weight += Weight.categoryEqual
            evidence.insert(.category)
        } else {
            weight += Weight.categoryDiffers
        }
        var samePlace = false, closeInTime = false
        for i in data.attemptRange(a) {
            for j in data.attemptRange(b) where data.attempts[i].place == data.attempts[j].place {
                samePlace = true
                if abs(data.attempts[i].day - data.attempts[j].day) <= 1 { closeInTime = true }
            }
        }
        if samePlace { weight += Weight.placeShared; evidence.insert(.place) }
        if closeInTime { weight += Weight.timeClose; evidence.insert(.time) }
        return weight
    }
}
