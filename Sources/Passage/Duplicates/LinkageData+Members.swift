import PassageSQLite

/// Members as stored, not yet normalised: their values' bytes in one flat
/// buffer (sealed texts as stored, when the database is sealed).
struct RawMembers: Sendable {
    static let fields = 5
    /// The fields of each member, in this order (`id` is read only when sealed: it opens the values).
    static let name = 0, birthDate = 1, documentNumber = 2, phone = 3, id = 4
    static let columns = ["name", "birth_date", "document_number", "phone"]

    var bytes: [UInt8] = []
    /// Per member, per field: where its bytes start and end; a start of -1 is NULL.
    var bounds: [Int32] = []
    /// Per member: its case's index, -1 when there is no such case.
    var caseIndexes: [Int32] = []
    /// Per member: its relationship, numbered in the order met.
    var relationships: [Int32] = []
    var count: Int { caseIndexes.count }

    mutating func append(_ value: UnsafeRawBufferPointer?) {
        guard let value else {
            bounds += [-1, -1]
            return
        }
        bounds.append(Int32(bytes.count))
        bytes += value
        bounds.append(Int32(bytes.count))
    }

    /// Field `field` of member `member`: nil for NULL.
    func withField<T>(_ member: Int, _ field: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> T) rethrows -> T {
        let at = (member * Self.fields + field) * 2
        let start = Int(bounds[at]), end = Int(bounds[at + 1])
        guard start >= 0 else { return try body(nil) }
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }
}

/// One batch of members normalised: tokens, documents and phones numbered
/// in the order first met within the batch (merged into the whole's later).
struct NormalizedMembers: Sendable {
    var members: [LinkageData.Member] = []
    var memberTokens: [Int32] = []
    var tokens = ByteInterner()
    var tokenMembers: [Int32] = []
    var documents = ByteInterner()
    var documentCases: [Int32] = []
    var phones = ByteInterner()
    var phoneCases: [Int32] = []
    /// A sealed value that did not open: nothing is listed.
    var failure: SealError?

    /// Normalises the members `rows` of `raw`, in that order, opening each
    /// value with `sealer` when there is one.
    init(_ raw: RawMembers, rows: ArraySlice<Int32>, sealer: ValueSealer?) {
        var words = NameNormalizer.Words()
        // Each distinct joined word is canonicalised once: its token, or -1 (none).
        var wordCache = ByteInterner(capacity: 1 << 14)
        var wordToken: [Int32] = []
        var births: [UInt64: LinkageData.Birth] = [:]
        var scratch: [UInt8] = []
        var documentLastCase: [Int32] = [], phoneLastCase: [Int32] = []
        var opened: [UInt8] = [], sealedScratch: [UInt8] = [], associatedData: [UInt8] = []
        // What each column's values are bound to, but the record id (appended per value).
        let columnData = RawMembers.columns.map { ValueSealer.associatedData(table: RecordKind.members.table, column: $0, id: "") }
        members.reserveCapacity(rows.count)

        /// A field's clear bytes: as stored, or opened.
        func clear<T>(_ member: Int, _ field: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> T) throws -> T {
            guard let sealer else { return raw.withField(member, field, body) }
            associatedData.removeAll(keepingCapacity: true)
            associatedData += columnData[field]
            raw.withField(member, RawMembers.id) { associatedData += $0! }
            let isOpen = raw.withField(member, field) { stored in
                stored.map { sealer.open($0, associatedData: associatedData, into: &opened, scratch: &sealedScratch) }
            }
            guard let isOpen else { return body(nil) }
            guard isOpen else {
                let id = raw.withField(member, RawMembers.id) { String(decoding: $0!, as: UTF8.self) }
                throw SealError.doesNotOpen(table: RecordKind.members.table, column: RawMembers.columns[field], id: id)
            }
            return opened.withUnsafeBufferPointer { body($0) }
        }
        /// Numbers `value` in `table`, counting each case once (members come in case order).
        func intern(_ value: [UInt8], _ table: inout ByteInterner, _ cases: inout [Int32], _ lastCase: inout [Int32], _ caseIndex: Int32) -> Int32 {
            let (id, isNew) = table.intern(value)
            if isNew {
                cases.append(0)
                lastCase.append(-1)
            }
            if lastCase[Int(id)] != caseIndex {
                lastCase[Int(id)] = caseIndex
                cases[Int(id)] += 1
            }
            return id
        }

        do {
            for row in rows {
                let index = Int(row)
                let caseIndex = raw.caseIndexes[index]
                let start = Int32(memberTokens.count)
                try clear(index, RawMembers.name) { name in
                    guard let name else { return }
                    words.split(name)
                    for word in words.joined.indices {
                        let (wordID, isNew) = words.joined[word].withUnsafeBufferPointer { wordCache.intern($0) }
                        if isNew {
                            let token = NameNormalizer.canonical(Array(words.joined[word]))
                            wordToken.append(token.isEmpty ? -1 : Array(token.utf8).withUnsafeBufferPointer { bytes in
                                let (id, isNewToken) = tokens.intern(bytes)
                                if isNewToken { tokenMembers.append(0) }
                                return id
                            })
                        }
                        let id = wordToken[Int(wordID)]
                        // A name that repeats a word (Mohammad Mohammadi folds apart; Ali Ali does not) counts it once.
                        guard id >= 0, !memberTokens[Int(start)...].contains(id) else { continue }
                        memberTokens.append(id)
                        tokenMembers[Int(id)] += 1
                    }
                }
                let birth = try clear(index, RawMembers.birthDate) { text in text.map { Self.birth($0, cache: &births) } ?? .unknown }
                let hasDocument = try clear(index, RawMembers.documentNumber) { text in
                    text.map { IdentifierNormalizer.document($0, into: &scratch) } ?? false
                }
                let document = hasDocument ? intern(scratch, &documents, &documentCases, &documentLastCase, caseIndex) : -1
                let hasPhone = try clear(index, RawMembers.phone) { text in text.map { IdentifierNormalizer.phone($0, into: &scratch) } ?? false }
                let phone = hasPhone ? intern(scratch, &phones, &phoneCases, &phoneLastCase, caseIndex) : -1
                members.append(LinkageData.Member(tokenStart: start, tokenCount: Int32(memberTokens.count) - start, birth: birth,
                                                  document: document, phone: phone))
            }
        } catch {
            failure = error as? SealError ?? SealError(String(describing: error))
        }
    }

    /// A birth date's precision and day number, worked out once per distinct text.
    private static func birth(_ text: UnsafeBufferPointer<UInt8>, cache: inout [UInt64: LinkageData.Birth]) -> LinkageData.Birth {
        // Up to 10 bytes of digits and dashes, 6 bits each, and the length: the cache key.
        var key = UInt64(text.count)
        let cacheable = text.count <= 10 && text.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-") }
        if cacheable {
            for byte in text { key = key << 6 | UInt64(byte & 0x3F) }
            if let known = cache[key] { return known }
        }
        let birth = PartialDate(String(decoding: text, as: UTF8.self)).map(LinkageData.birth) ?? .unknown
        if cacheable { cache[key] = birth }
        return birth
    }

}

extension LinkageData {
    /// Reads every member and normalises them, half on each of two
    /// threads. The members are read in the order SQLite keeps them (by
    /// id: no index lookup per member), then put in case order (by case,
    /// relationship, id); the halves are merged so that every token,
    /// document and phone has the number it would have had normalised in
    /// one go in that order (first met, first numbered).
    mutating func readMembers(_ store: Store) throws {
        let sealer = store.isSealed ? try store.sealer() : nil
        var raw = RawMembers()
        var relationships = ByteInterner(capacity: 16)
        let statement = try store.connection.prepare(
            "SELECT case_id, relationship, \(RawMembers.columns.joined(separator: ", "))\(sealer == nil ? "" : ", id") FROM members ORDER BY id")
        defer { statement.finalize() }
        while try statement.step() {
            raw.caseIndexes.append(statement.cell(at: 0).unsafeUTF8.withMemoryRebound(to: UInt8.self) { caseIDBytes.find($0) } ?? -1)
            raw.relationships.append(statement.cell(at: 1).unsafeUTF8.withMemoryRebound(to: UInt8.self) { relationships.intern($0).id })
            for field in 0..<RawMembers.fields {
                if field == RawMembers.id && sealer == nil {
                    raw.append(nil)
                } else {
                    let cell = statement.cell(at: field + 2)
                    raw.append(cell.type == .null ? nil : cell.unsafeUTF8)
                }
            }
        }

        // Case order: counted into place by case (id order kept), then by relationship within each case.
        let rank = Self.ranks(relationships)
        memberStart = Self.starts(of: raw.caseIndexes.filter { $0 >= 0 }, count: caseIDs.count)
        var order = [Int32](repeating: 0, count: Int(memberStart.last ?? 0))
        var next = memberStart
        for row in 0..<raw.count where raw.caseIndexes[row] >= 0 {
            let caseIndex = Int(raw.caseIndexes[row])
            order[Int(next[caseIndex])] = Int32(row)
            next[caseIndex] += 1
        }
        for caseIndex in 0..<caseIDs.count {
            // Insertion sort: stable, and a case has a few members.
            let range = Int(memberStart[caseIndex])..<Int(memberStart[caseIndex + 1])
            for position in range.dropFirst() {
                let row = order[position]
                var at = position
                while at > range.lowerBound && rank[Int(raw.relationships[Int(order[at - 1])])] > rank[Int(raw.relationships[Int(row)])] {
                    order[at] = order[at - 1]
                    at -= 1
                }
                order[at] = row
            }
        }

        // Two halves, split between cases.
        let middle = memberStart.first { Int($0) * 2 >= order.count } ?? Int32(order.count)
        let rawMembers = raw, firstRows = order[..<Int(middle)], secondRows = order[Int(middle)...]
        let (first, second) = try inParallel({ NormalizedMembers(rawMembers, rows: firstRows, sealer: sealer) },
                                             { NormalizedMembers(rawMembers, rows: secondRows, sealer: sealer) })
        if let failure = first.failure ?? second.failure { throw failure }
        merge([first, second])
    }

    /// Each interned value's rank in byte order (SQLite's order of text).
    private static func ranks(_ values: ByteInterner) -> [Int32] {
        let sorted = (0..<Int32(values.count)).sorted { values.value($0).lexicographicallyPrecedes(values.value($1)) }
        var rank = [Int32](repeating: 0, count: values.count)
        for (position, id) in sorted.enumerated() { rank[Int(id)] = Int32(position) }
        return rank
    }

    /// Numbers the batches' tokens, documents and phones as one whole, in order.
    private mutating func merge(_ batches: [NormalizedMembers]) {
        var tokens = ByteInterner(capacity: batches.reduce(0) { $0 + $1.tokens.count })
        var skeletons: [String: Int32] = [:]
        var documents = ByteInterner(capacity: batches.reduce(0) { $0 + $1.documents.count })
        var phones = ByteInterner(capacity: batches.reduce(0) { $0 + $1.phones.count })
        members.reserveCapacity(batches.reduce(0) { $0 + $1.members.count })
        for batch in batches {
            var tokenMap: [Int32] = []
            for local in 0..<Int32(batch.tokens.count) {
                let (id, isNew) = Array(batch.tokens.value(local)).withUnsafeBufferPointer { tokens.intern($0) }
                if isNew {
                    tokenMembers.append(0)
                    let skeleton = NameNormalizer.skeleton(String(decoding: batch.tokens.value(local), as: UTF8.self))
                    let skeletonID = skeletons[skeleton] ?? Int32(skeletons.count)
                    skeletons[skeleton] = skeletonID
                    tokenSkeleton.append(skeletonID)
                }
                tokenMembers[Int(id)] += batch.tokenMembers[Int(local)]
                tokenMap.append(id)
            }
            func map(_ table: ByteInterner, _ counts: [Int32], into whole: inout ByteInterner, _ wholeCounts: inout [Int32]) -> [Int32] {
                (0..<Int32(table.count)).map { local in
                    let (id, isNew) = Array(table.value(local)).withUnsafeBufferPointer { whole.intern($0) }
                    if isNew { wholeCounts.append(0) }
                    // The batches split between cases: a case is counted in one batch only.
                    wholeCounts[Int(id)] += counts[Int(local)]
                    return id
                }
            }
            let documentMap = map(batch.documents, batch.documentCases, into: &documents, &documentCases)
            let phoneMap = map(batch.phones, batch.phoneCases, into: &phones, &phoneCases)
            let tokenBase = Int32(memberTokens.count)
            memberTokens += batch.memberTokens.lazy.map { tokenMap[Int($0)] }
            for var member in batch.members {
                member.tokenStart += tokenBase
                if member.document >= 0 { member.document = documentMap[Int(member.document)] }
                if member.phone >= 0 { member.phone = phoneMap[Int(member.phone)] }
                members.append(member)
            }
        }
        tokenText = tokens.bytes
        tokenOffset = tokens.offsets
    }
}
