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
    var caseIndex: [String: Int32] = [:]
    var sizes: [Int32] = []
    var categories: [String] = []
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
        while try cases.step() {
            let id = cases.text(at: 0)
            caseIndex[id] = Int32(caseIDs.count)
            caseIDs.append(id)
            sizes.append(Int32(clamping: cases.int(at: 1)))
            categories.append(cases.text(at: 2))
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
            guard let index = caseIndex[statement.text(at: 0)], let date = PartialDate(statement.text(at: 2)), let day = date.dayNumber else { continue }
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

    private mutating func readMembers(_ store: Store) throws {
        var tokens: [String: Int32] = [:]
        var skeletons: [String: Int32] = [:]
        var documents: [String: Int32] = [:]
        var phones: [String: Int32] = [:]
        var documentLastCase: [Int32] = []
        var phoneLastCase: [Int32] = []
        var rows: [(caseIndex: Int32, member: Member)] = []
        var flatTokens: [Int32] = []
        /// Counts a case once per document or phone (members are read in case order).
        func intern(_ value: String?, _ table: inout [String: Int32], _ cases: inout [Int32], _ lastCase: inout [Int32], _ caseIndex: Int32) -> Int32 {
            guard let value else { return -1 }
            let id: Int32
            if let known = table[value] {
                id = known
            } else {
                id = Int32(table.count)
                table[value] = id
                cases.append(0)
                lastCase.append(-1)
            }
            if lastCase[Int(id)] != caseIndex {
                lastCase[Int(id)] = caseIndex
                cases[Int(id)] += 1
            }
            return id
        }
        try store.readMemberValues { caseID, name, birthDate, documentNumber, phone in
            guard let index = caseIndex[caseID] else { return }
            let start = Int32(flatTokens.count)
            var seen: Set<Int32> = []
            for token in name.map(NameNormalizer.tokens) ?? [] {
                let id = tokens[token] ?? {
                    let next = Int32(tokenMembers.count)
                    tokens[token] = next
                    tokenText += token.utf8
                    tokenOffset.append(Int32(tokenText.count))
                    tokenMembers.append(0)
                    let skeleton = NameNormalizer.skeleton(token)
                    let skeletonID = skeletons[skeleton] ?? Int32(skeletons.count)
                    skeletons[skeleton] = skeletonID
                    tokenSkeleton.append(skeletonID)
                    return next
                }()
                // A name that repeats a word (Mohammad Mohammadi folds apart; Ali Ali does not) counts it once.
                guard seen.insert(id).inserted else { continue }
                flatTokens.append(id)
                tokenMembers[Int(id)] += 1
            }
            let member = Member(
                tokenStart: start, tokenCount: Int32(flatTokens.count) - start,
                birth: birthDate.flatMap(PartialDate.init).map(Self.birth) ?? .unknown,
                document: intern(documentNumber.flatMap(IdentifierNormalizer.document), &documents, &documentCases, &documentLastCase, index),
                phone: intern(phone.flatMap(IdentifierNormalizer.phone), &phones, &phoneCases, &phoneLastCase, index))
            rows.append((index, member))
        }
        memberTokens = flatTokens
        // Stable: a case's members keep the order they were read in.
        let order = rows.indices.sorted { (rows[$0].caseIndex, $0) < (rows[$1].caseIndex, $1) }
        members = order.map { rows[$0].member }
        memberStart = Self.starts(of: order.map { rows[$0].caseIndex }, count: caseIDs.count)
    }

    private static func birth(_ date: PartialDate) -> Birth {
        Birth(year: Int16(clamping: date.year), month: Int8(clamping: date.month ?? 0), day: Int8(clamping: date.day ?? 0),
              dayNumber: Int32(clamping: date.dayNumber ?? 0))
    }

    /// For rows sorted by case, where each case's rows start (count + 1 entries).
    private static func starts(of sortedCases: [Int32], count: Int) -> [Int32] {
        var starts = [Int32](repeating: 0, count: count + 1)
        for caseIndex in sortedCases { starts[Int(caseIndex) + 1] += 1 }
        for index in 0..<count { starts[index + 1] += starts[index] }
        return starts
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

extension Store {
    /// The one place `passage duplicates` reads members' personal values:
    /// each member's case id, name, birth date, document number and phone,
    /// in case order. (A sealed database opens them here, with its key.)
    func readMemberValues(_ visit: (_ caseID: String, _ name: String?, _ birthDate: String?, _ documentNumber: String?, _ phone: String?) throws -> Void) throws {
        if isSealed { _ = try sealer() }
        let columns = ["name", "birth_date", "document_number", "phone"].map { personalValueSQL(.members, column: $0) }
        let statement = try connection.prepare("SELECT case_id, \(columns.joined(separator: ", ")) FROM members ORDER BY case_id")
        defer { statement.finalize() }
        while try statement.step() {
            try visit(statement.text(at: 0), statement.optionalText(at: 1), statement.optionalText(at: 2),
                      statement.optionalText(at: 3), statement.optionalText(at: 4))
        }
    }
}
