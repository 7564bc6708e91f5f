/// Turns a person's name as a list wrote it into canonical tokens, so that
/// the spellings of one Dari or Pashto name in Latin script meet:
///
/// - case, Latin diacritics and punctuation go (`RAHIMI, Muhammad` reads
///   like `Muhammad Rahimi`: token order is not kept at all);
/// - name particles join the word they belong to (`Abdul Rahman` and
///   `Abdulrahman`, `Naqib Ulla` and `Naqibullah`);
/// - vowels fold into three classes, doubled letters into one, a final
///   `h` after a vowel and a few consonant spellings go (`Hussain`,
///   `Hussein` and `Hossein` are one token; `-ullah` and `-ulla` too);
/// - a short list of abbreviations and irregular spellings of the most
///   common names is mapped (`Mohd`, `Md` and `Mohammed` to `Muhammad`).
///
/// Typos are left to the comparison (Jaro–Winkler on these tokens).
public enum NameNormalizer {
    /// The canonical tokens of a name, in the order written (empty for no name).
    public static func tokens(_ name: String) -> [String] {
        var words = Words()
        Array(name.utf8).withUnsafeBufferPointer { words.split($0) }
        return words.joined.indices.map { canonical(Array(words.joined[$0])) }.filter { !$0.isEmpty }
    }

    /// A name's words, lower case, diacritics folded, particles joined to
    /// their word, not yet canonical: what `tokens` canonicalises, kept in
    /// flat buffers that are reused from name to name (reading members
    /// makes no array per word).
    struct Words {
        private var split: [UInt8] = []
        private var splitEnds: [Int] = []
        /// The joined words: word `i` is `joined[i]`.
        private(set) var joined = Flat()

        struct Flat {
            var bytes: [UInt8] = []
            var ends: [Int] = []
            var indices: Range<Int> { 0..<ends.count }
            subscript(_ index: Int) -> ArraySlice<UInt8> { bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]] }
            mutating func removeAll() {
                bytes.removeAll(keepingCapacity: true)
                ends.removeAll(keepingCapacity: true)
            }
        }

        /// Splits `name` (UTF-8) into words and joins the particles.
        mutating func split(_ name: UnsafeBufferPointer<UInt8>) {
            split.removeAll(keepingCapacity: true)
            splitEnds.removeAll(keepingCapacity: true)
            joined.removeAll()
            func endWord() {
                if split.count > (splitEnds.last ?? 0) { splitEnds.append(split.count) }
            }
            var index = 0
            while index < name.count {
                let byte = name[index]
                index += 1
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"):
                    split.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    split.append(byte | 0x20)
                case UInt8(ascii: "'"), 0x60:
                    // Apostrophes inside a name (Sha'ban) are dropped, not split on.
                    continue
                case 0xC3 where index < name.count && (0x80...0xBF).contains(name[index]):
                    // Latin-1 letters with diacritics: à…ÿ to their base letter.
                    let next = name[index]
                    index += 1
                    if let folded = latin1Fold[Int(next - 0x80)] { split.append(folded) } else { endWord() }
                case 0x80...:
                    // Other scripts (Dari, Pashto) are kept as written: compared
                    // byte for byte, never folded.
                    split.append(byte)
                default:
                    endWord()
                }
            }
            endWord()
            joinParticles()
        }

        /// Particles join the word they belong to: a prefix the next word
        /// (`Abdul Rahman`), a suffix the previous one (`Naqib Ulla`).
        private mutating func joinParticles() {
            var pendingPrefix: Range<Int>?
            var start = 0
            for end in splitEnds {
                let word = split[start..<end]
                defer { start = end }
                if let prefix = pendingPrefix {
                    pendingPrefix = nil
                    joined.bytes += split[prefix]
                    joined.bytes += word
                    joined.ends.append(joined.bytes.count)
                    continue
                }
                // Particles are short: longer words skip the comparisons.
                let short = word.count <= 6
                if short && prefixes.contains(where: { $0.elementsEqual(word) }) {
                    pendingPrefix = start..<end
                } else if short && !joined.ends.isEmpty && suffixes.contains(where: { $0.elementsEqual(word) }) {
                    joined.bytes += word
                    joined.ends[joined.ends.count - 1] = joined.bytes.count
                } else {
                    joined.bytes += word
                    joined.ends.append(joined.bytes.count)
                }
            }
            if let prefix = pendingPrefix {
                joined.bytes += split[prefix]
                joined.ends.append(joined.bytes.count)
            }
        }
    }

    /// A canonical token's consonant skeleton (its first letter, then its
    /// consonants, at most 5 letters): `muhamad` and the typo `muhamd` are
    /// both `mhmd`. Blocking keys use it, so a typo in a vowel still meets.
    public static func skeleton(_ token: String) -> String {
        var out: [UInt8] = []
        for (index, byte) in token.utf8.enumerated() {
            if byte >= 0x80 { return String(token.prefix(5)) }
            if index > 0 && (isVowel(byte) || byte == UInt8(ascii: "y")) { continue }
            if out.last != byte { out.append(byte) }
            if out.count == 5 { break }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Prefixes that are written apart or together (`Abdul Rahman`).
    private static let prefixes: [[UInt8]] = ["abdul", "abdel", "abdol", "abdal", "abdur", "abdu", "abd", "abdi"].map { Array($0.utf8) }
    /// Suffixes written apart or together (`Naqib Ulla`, `Nasir ud Din`).
    private static let suffixes: [[UInt8]] = ["ullah", "ulla", "ulah", "ula", "ollah", "olla", "allah", "alla", "uddin", "udin", "uldin", "eddin", "din", "ud", "ul"].map { Array($0.utf8) }

    /// One word to its canonical token.
    static func canonical(_ word: [UInt8]) -> String {
        if word.contains(where: { $0 >= 0x80 }) { return String(decoding: word, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(word.count)
        var index = 0
        while index < word.count {
            var byte = word[index]
            let next: UInt8? = index + 1 < word.count ? word[index + 1] : nil
            switch byte {
            case UInt8(ascii: "o"): byte = UInt8(ascii: "u")
            case UInt8(ascii: "e"): byte = UInt8(ascii: "i")
            // `y` is a vowel but before a vowel at the start (Yusuf).
            case UInt8(ascii: "y") where index > 0 || next.map(isVowel) != true:
                byte = UInt8(ascii: "i")
            case UInt8(ascii: "q"): byte = UInt8(ascii: "k")
            case UInt8(ascii: "w"): byte = UInt8(ascii: "v")
            case UInt8(ascii: "p") where next == UInt8(ascii: "h"):
                byte = UInt8(ascii: "f"); index += 1
            default: break
            }
            // `ai`, `ay`, `ei` are one sound: written `i`.
            if byte == UInt8(ascii: "i"), out.last == UInt8(ascii: "a"), out.count > 1 { out.removeLast() }
            if out.last != byte { out.append(byte) }
            index += 1
        }
        // A final `h` after a vowel is silent (Fatimah, Ullah).
        if out.count > 2, out.last == UInt8(ascii: "h"), isVowel(out[out.count - 2]) { out.removeLast() }
        let token = String(decoding: out, as: UTF8.self)
        return aliases[token] ?? token
    }

    private static func isVowel(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "a") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "i") || byte == UInt8(ascii: "o") || byte == UInt8(ascii: "u")
    }

    /// Abbreviations and spellings the folding does not reach, by their
    /// folded form (`mohammed` folds to `muhamid`, `mohd` to `muhd`).
    static let aliases: [String: String] = [
        "muhd": "muhamad", "md": "muhamad", "mhd": "muhamad", "muhamid": "muhamad", "mahamad": "muhamad",
        "mahmad": "muhamad", "muhammad": "muhamad", "mamad": "muhamad",
        "ahmid": "ahmad",
        "abdulrahim": "abdurahim", "abdurrahim": "abdurahim",
        "abdulrahman": "abdurahman", "abdurrahman": "abdurahman", "abdurahman": "abdurahman",
    ]

    /// à…ÿ (U+00E0–U+00FF) and À…Þ (U+00C0–U+00DE) to ASCII letters, indexed
    /// by the second UTF-8 byte minus 0x80.
    private static let latin1Fold: [UInt8?] = {
        var table = [UInt8?](repeating: nil, count: 64)
        let upper = "AAAAAAACEEEEIIIIDNOOOOO OUUUUY  "
        let lower = "aaaaaaaceeeeiiiidnooooo ouuuuy y"
        for (offset, letter) in upper.utf8.enumerated() where letter != UInt8(ascii: " ") { table[offset] = letter | 0x20 }
        for (offset, letter) in lower.utf8.enumerated() where letter != UInt8(ascii: " ") { table[32 + offset] = letter }
        return table
    }()
}
