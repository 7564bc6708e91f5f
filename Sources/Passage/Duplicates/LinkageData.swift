import PassageSQLite

/// What `passage duplicates` compares, read once into compact arrays:
/// every case (size, category, source, places and days of its attempts)
/// and every member, reduced to canonical name tokens, birth date, phone
/// and document number (interned as small integers). No member value is
/// kept as written.
struct LinkageData: Sendable {
    struct Member {
        /// Where its tokens are in `memberTokens`.
        var tokenStart: Int32
        var tokenCount: Int32
        var birth: Birth
        /// Index into the document and phone tables, -1 when not known.
        var document: Int32
        var phone: Int32
    }

    /// A birth date at the precision given: year, or 0 when not known.
    struct Birth {
        var year: Int16
        var month: Int8
        var day: Int8
        var dayNumber: Int32
        static let unknown = Birth(year: 0, month: 0, day: 0, dayNumber: 0)
    }

    struct Attempt {
        var place: Int32
        var day: Int32
    }

    var caseIDs: [String] = []
    /// The case ids' bytes: the id of each is its case index.
    var caseIDBytes = ByteInterner()
    var sizes: [Int32] = []
    /// Each case's category, numbered (equal numbers, equal categories).
    var categories: [Int32] = []
    var sources: [String?] = []
    /// Members of case c are `members[memberStart[c]..<memberStart[c + 1]]`.
    var memberStart: [Int32] = []
    var members: [Member] = []
    var memberTokens: [Int32] = []
    /// Attempts of case c are `attempts[attemptStart[c]..<attemptStart[c + 1]]`.
    var attemptStart: [Int32] = []
    var attempts: [Attempt] = []

    /// The canonical tokens: token t is `tokenText[tokenOffset[t]..<tokenOffset[t + 1]]`.
    var tokenText: [UInt8] = []
    var tokenOffset: [Int32] = [0]
    /// Each token's consonant skeleton (`NameNormalizer.skeleton`), interned.
    var tokenSkeleton: [Int32] = []
    /// In how many members each token is.
    var tokenMembers: [Int32] = []
    /// In how many cases each document number or phone is.
    var documentCases: [Int32] = []
    var phoneCases: [Int32] = []
    var memberCount: Int { members.count }
}

extension LinkageData {
    /// Reads the cases, their attempts and their members from `store`.
    init(store: Store) throws {
        let connection = store.connection
        let cases = try connection.prepare("SELECT id, size, category, source_id FROM cases ORDER BY id")
        var categoryNumbers: [String: Int32] = [:]
        while try cases.step() {
            let id = cases.text(at: 0)
            _ = cases.cell(at: 0).unsafeUTF8.withMemoryRebound(to: UInt8.self) { caseIDBytes.intern($0) }
            caseIDs.append(id)
            sizes.append(Int32(clamping: cases.int(at: 1)))
            let category = cases.text(at: 2)
            let number = categoryNumbers[category] ?? Int32(categoryNumbers.count)
            categoryNumbers[category] = number
            categories.append(number)
            sources.append(cases.optionalText(at: 3))
        }
        cases.finalize()
        try readAttempts(connection)
        try readMembers(store)
    }

    private mutating func readAttempts(_ connection: Connection) throws {
        var places: [String: Int32] = [:]
        var rows: [(caseIndex: Int32, attempt: Attempt)] = []
        let statement = try connection.prepare("""
            SELECT a.case_id, coalesce(r.muster_point_id, 'gate:' || r.gate_id), substr(a.attempted_at, 1, 10)
            FROM attempts AS a JOIN routes AS r ON r.id = a.route_id
            """)
        while try statement.step() {
            guard let index = statement.cell(at: 0).unsafeUTF8.withMemoryRebound(to: UInt8.self, { caseIDBytes.find($0) }), let date = PartialDate(statement.text(at: 2)), let day = date.dayNumber else { continue }
            let placeName = statement.text(at: 1)
            let place = places[placeName] ?? {
                let next = Int32(places.count)
                places[placeName] = next
                return next
            }()
            rows.append((index, Attempt(place: place, day: Int32(day))))
        }
        statement.finalize()
        rows.sort { $0.caseIndex < $1.caseIndex }
        attempts = rows.map(\.attempt)
        attemptStart = Self.starts(of: rows.map(\.caseIndex), count: caseIDs.count)
    }

    static func birth(_ date: PartialDate) -> Birth {
        Birth(year: Int16(clamping: date.year), month: Int8(clamping: date.month ?? 0), day: Int8(clamping: date.day ?? 0),
              dayNumber: Int32(clamping: date.dayNumber ?? 0))
    }

    /// For rows sorted by case, where each case's rows start (count + 1 entries).
    static func starts(of sortedCases: [Int32], count: Int) -> [Int32] {
        var starts = [Int32](repeating: 0, count: count + 1)
        for caseIndex in sortedCases { starts[Int(caseIndex) + 1] += 1 }
        for index in 0..<count { starts[index + 1] += starts[index] }
        return starts
    }

    /// The index of the case `id`, nil when there is none.
    func caseIndex(of id: String) -> Int32? {
        Array(id.utf8).withUnsafeBufferPointer { caseIDBytes.find($0) }
    }

    func memberRange(_ caseIndex: Int32) -> Range<Int> {
        Int(memberStart[Int(caseIndex)])..<Int(memberStart[Int(caseIndex) + 1])
    }

    func attemptRange(_ caseIndex: Int32) -> Range<Int> {
        Int(attemptStart[Int(caseIndex)])..<Int(attemptStart[Int(caseIndex) + 1])
    }

    func tokens(of member: Member) -> ArraySlice<Int32> {
        memberTokens[Int(member.tokenStart)..<Int(member.tokenStart + member.tokenCount)]
    }
}
