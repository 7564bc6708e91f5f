import Testing
@testable import Passage
import PassageSQLite

/// Each kind of noise real lists have: a pair of reports of one party that
/// must be listed at the default threshold, and a hard negative that must
/// not. The pairs sit among a background of unrelated families whose common
/// names (Mohammad, Ahmadi…) make those names weak evidence, as they are.
@Suite struct DuplicateScoringTests {
    let folder = TemporaryDirectory()

    static let given = ["Mohammad", "Ahmad", "Ali", "Hussain", "Fatima", "Maryam", "Zainab", "Omar", "Laila", "Nasir"]
    static let family = ["Ahmadi", "Mohammadi", "Karimi", "Hakimi", "Noori", "Sadat", "Amiri", "Azizi"]

    /// A database with 300 unrelated families, each of the principal and spouse.
    func background() throws -> Store {
        let store = try makeStore(folder)
        var generator = SeededGenerator(seed: 42)
        var records: [any Record] = [Source(id: "s-a", kind: .network), Source(id: "s-b", kind: .family)]
        for number in 0..<300 {
            let id = "bg-\(number)"
            let surname = Self.family.randomElement(using: &generator)!
            records.append(Case(id: id, category: .siv, size: 2, sourceID: "s-a"))
            for (member, year) in [(0, 1960), (1, 1970)] {
                records.append(Member(id: "\(id)-\(member)", caseID: id,
                                      name: "\(Self.given.randomElement(using: &generator)!) \(surname)",
                                      birthDate: String(year + Int.random(in: 0..<30, using: &generator)),
                                      phone: "07\(Int.random(in: 10_000_000..<99_999_999, using: &generator))"))
            }
        }
        try store.save(records)
        return store
    }

    /// Adds two cases (one per list) and returns the score of their pair, 0 when not compared.
    func score(_ store: Store, _ a: [Member], _ b: [Member], sizes: (Int, Int)? = nil, categories: (Case.Category, Case.Category) = (.lpr, .lpr),
               extra: [any Record] = []) throws -> Double {
        let caseA = a.first?.caseID ?? "x-a", caseB = b.first?.caseID ?? "x-b"
        try store.save([Case(id: caseA, category: categories.0, size: sizes?.0 ?? max(1, a.count), sourceID: "s-a"),
                        Case(id: caseB, category: categories.1, size: sizes?.1 ?? max(1, b.count), sourceID: "s-b")] + a + b + extra)
        let pairs = try store.duplicates(all: true)
        return pairs.first { $0.caseA == min(caseA, caseB) && $0.caseB == max(caseA, caseB) }?.score ?? 0
    }

    func family(_ caseID: String, _ people: [(String, String?)], phone: String? = nil, document: String? = nil) -> [Member] {
        people.enumerated().map { offset, person in
            Member(id: "\(caseID)-m\(offset)", caseID: caseID, name: person.0, birthDate: person.1,
                   relationship: offset == 0 ? .principal : .child, documentNumber: offset == 0 ? document : nil, phone: offset == 0 ? phone : nil)
        }
    }

    let threshold = DuplicateFinder.defaultMinimumScore

    @Test func transliteratedNamesMatchAndOtherNamesOfTheFamilyDoNot() throws {
        let store = try background()
        let match = try score(store,
            family("a1", [("Mohammad Hussain Rahimi", "1979-04-12"), ("Fatima Rahimi", "1984-09-03"), ("Abdul Rahman Rahimi", "2008-01-20")]),
            family("b1", [("Muhammad Hossein Rahimi", "1979-04-12"), ("Fatimah Rahimi", "1984-09-03"), ("Abdulrahman Rahimi", "2008-01-20")]))
        #expect(match >= threshold)
        // Brothers' families: one family name, other people.
        let brothers = try score(store,
            family("a2", [("Nasir Stanikzai", "1975-02-11"), ("Laila Stanikzai", "1980-06-01"), ("Omar Stanikzai", "2005-03-03")]),
            family("b2", [("Jawad Stanikzai", "1978-10-30"), ("Sima Stanikzai", "1983-01-17"), ("Bilal Stanikzai", "2009-12-12")]))
        #expect(brothers < threshold)
    }

    @Test func swappedOrderCommasUpperCaseAndAMissingFamilyNameMatch() throws {
        let store = try background()
        let match = try score(store,
            family("a1", [("Naqibullah Wardak", "1971-05-05"), ("Shukria Wardak", "1976-07-07"), ("Maryam Wardak", "2010-01-01")]),
            family("b1", [("WARDAK, NAQIB ULLA", "1971"), ("Wardak Shukria", "1976-07-07"), ("Maryam", "2010")]))
        #expect(match >= threshold)
        let other = try score(store,
            family("a2", [("Naqibullah Wardak", "1971-05-05"), ("Shukria Wardak", "1976-07-07")]),
            family("b2", [("WARDAK, NASRULLAH", "1990"), ("Wardak Sharifa", "1995-02-02")]))
        #expect(other < threshold)
    }

    @Test func typosAreForgivenButNotAnotherPerson() throws {
        let store = try background()
        let match = try score(store,
            family("a1", [("Zabihullah Popalzai", "1969-03-03"), ("Zainab Popalzai", "1972-08-08"), ("Habiba Popalzai", "2001-04-04")]),
            family("b1", [("Zabihulah Popalzay", "1969-03-03"), ("Zainap Popalzai", "1972-08-08"), ("Habiba Poplazai", "2001-04-04")]))
        #expect(match >= threshold)
        let other = try score(store,
            family("a2", [("Zabihullah Popalzai", "1969-03-03")]),
            family("b2", [("Zabihullah Popalzai", "1988-11-20")]))
        #expect(other < threshold)
    }

    @Test func birthDatesCompareAtThePrecisionBothGive() throws {
        let store = try background()
        // A year where the other list has the date; a day off.
        let match = try score(store,
            family("a1", [("Tamim Barakzai", "1981-06-15"), ("Nilofar Barakzai", "1985-01-20")]),
            family("b1", [("Tamim Barakzai", "1981"), ("Nilofar Barakzai", "1985-01-21")]))
        #expect(match >= threshold)
        // Same names, births years apart: another family.
        let other = try score(store,
            family("a2", [("Tamim Barakzai", "1981-06-15"), ("Nilofar Barakzai", "1985-01-20")]),
            family("b2", [("Tamim Barakzai", "1961"), ("Nilofar Barakzai", "1992-03-03")]))
        #expect(other < threshold)
        #expect(PairScorer.birthWeight(.init(year: 1981, month: 6, day: 15, dayNumber: 100), .init(year: 1981, month: 0, day: 0, dayNumber: 0))! > 0)
    }

    @Test func aCommonNameAloneIsWeakAndARareOneStrong() throws {
        let store = try background()
        // Two men called Mohammad Ahmadi born the same year: not enough.
        let common = try score(store, family("a1", [("Mohammad Ahmadi", "1982")]), family("b1", [("Mohammed Ahmadi", "1982")]))
        #expect(common < threshold)
        let rare = try score(store, family("a2", [("Gulbuddin Sherzad", "1964-09-09")]), family("b2", [("Gulbudin Sherzad", "1964-09-09")]))
        #expect(rare >= threshold)
        #expect(rare > common)
    }

    @Test func phonesInAnyFormMatchButAnIntermediarysPhoneIsWeak() throws {
        let store = try background()
        let match = try score(store, family("a1", [("Mohammad Karimi", "1980")], phone: "+93 70 123 4567"),
                              family("b1", [("Muhammad Karimi", nil)], phone: "0093701234567"))
        #expect(match >= threshold)
        // One phone given by twelve unrelated families (an NGO's hotline).
        let hotline = (0..<12).flatMap { number -> [any Record] in
            [Case(id: "h-\(number)", category: .siv, size: 1, sourceID: "s-a"),
             Member(id: "h-\(number)-m", caseID: "h-\(number)", name: "Person\(number) Hotline\(number)", phone: "0799001000")]
        }
        let weak = try score(store, family("a2", [("Ali Karimi", nil)], phone: "+93 79 900 1000"),
                             family("b2", [("Ali Karimi", nil)], phone: "0799001000"), extra: hotline)
        #expect(weak < threshold)
    }

    @Test func documentNumbersMatchWhateverTheirDashesSpacesAndCase() throws {
        let store = try background()
        let match = try score(store, family("a1", [("Ahmad Noori", nil)], document: "ioe-091 234-5678"),
                              family("b1", [("Ahmad Noori", nil)], document: "IOE0912345678"))
        #expect(match >= threshold)
        let other = try score(store, family("a2", [("Ahmad Noori", nil)], document: "IOE0912345670"),
                              family("b2", [("Ahmad Noori", nil)], document: "P44556677"))
        #expect(other < threshold)
    }

    @Test func twoCasesOfOneSourceAreComparedToo() throws {
        let store = try background()
        let people: [(String, String?)] = [("Sohrab Durrani", "1966-06-06"), ("Mina Durrani", "1970-07-07")]
        try store.save([Case(id: "one-a", category: .lpr, size: 2, sourceID: "s-a"), Case(id: "one-b", category: .lpr, size: 2, sourceID: "s-a")]
                       + family("one-a", people) + family("one-b", people))
        let pair = try #require(try store.duplicates().first { $0.caseA == "one-a" && $0.caseB == "one-b" })
        #expect(pair.sourceA == "s-a" && pair.sourceB == "s-a")
    }

    @Test func aMissingMemberStillMatchesAndTheCasesCount() throws {
        let store = try background()
        let people: [(String, String?)] = [("Farid Haidari", "1977-01-01"), ("Roya Haidari", "1980-02-02"), ("Sahar Haidari", "2006-03-03"),
                                          ("Idris Haidari", "2009-04-04")]
        let match = try score(store, family("a1", people), family("b1", Array(people.dropLast())), sizes: (4, 4))
        #expect(match >= threshold)
        let site = try #require(try store.duplicates(all: true).first { $0.caseA == "a1" && $0.caseB == "b1" })
        #expect(site.evidence.split(separator: ";").contains("size"))
        #expect(site.evidence.split(separator: ";").contains("name+birth"))
        #expect(site.sourceA == "s-a" && site.sourceB == "s-b" && site.status == "open")
    }
}
