import Testing
@testable import Passage

/// Names, phones and document numbers as lists write them, reduced to one
/// form: each spelling variant meets its name, and a different name stays apart.
@Suite struct NormalizationTests {
    func same(_ a: String, _ b: String) -> Bool {
        Set(NameNormalizer.tokens(a)) == Set(NameNormalizer.tokens(b))
    }

    @Test func transliterationsOfOneNameMeet() {
        for variant in ["Muhammad", "Mohammed", "Mohd", "Mohd.", "Md", "Mohamad", "Muhammed", "MOHAMMAD"] {
            #expect(same("Mohammad", variant), "\(variant)")
        }
        for variant in ["Hussein", "Hossein", "Husain"] { #expect(same("Hussain", variant), "\(variant)") }
        #expect(same("Abdul Rahman", "Abdulrahman"))
        #expect(same("Abdul-Rahman", "Abdurrahman"))
        #expect(same("Naqibullah", "Naqib Ulla"))
        #expect(same("Naqibullah", "Naqibulla"))
        #expect(same("Naqibullah", "Naqib Ullah"))
        #expect(same("Zainab", "Zaynab"))
        #expect(same("Fatima", "Fatimah"))
        #expect(same("Yusuf", "Yousuf"))
        #expect(same("Qasim", "Kasim"))
        #expect(same("José", "Jose"))
    }

    @Test func differentNamesStayApart() {
        #expect(!same("Hassan", "Hussain"))
        #expect(!same("Ahmad", "Mahmud"))
        #expect(!same("Ali", "Aliya"))
        #expect(!same("Abdul Rahman", "Abdul Rahim"))
        #expect(!same("Mohammad", "Mohammadi"))
        #expect(!same("Naqibullah", "Naqib"))
    }

    @Test func orderCommasAndCaseDoNotMatter() {
        #expect(same("Mohammad Hussain Rahimi", "RAHIMI, Muhammad Hossein"))
        #expect(same("Fatima Rahimi", "rahimi fatima"))
        #expect(NameNormalizer.tokens("") == [])
        #expect(NameNormalizer.tokens(" , . ") == [])
    }

    @Test func otherScriptsAreKeptAsWritten() {
        #expect(NameNormalizer.tokens("محمد رحیمی") == ["محمد", "رحیمی"])
        #expect(!same("محمد", "Mohammad"))
    }

    @Test func skeletonsForgiveAVowelTypo() {
        #expect(NameNormalizer.skeleton("muhamad") == NameNormalizer.skeleton("muhamd"))
        #expect(NameNormalizer.skeleton("rahimi") != NameNormalizer.skeleton("karimi"))
    }

    @Test func jaroWinklerForgivesTyposAndNotOtherNames() {
        #expect(JaroWinkler.similarity("zinab", "zinab") == 1)
        #expect(JaroWinkler.similarity("zinab", "zinap") >= PairScorer.similarWord)
        #expect(JaroWinkler.similarity("rahimi", "rahmi") >= PairScorer.similarWord)
        #expect(JaroWinkler.similarity("rahimi", "karimi") < PairScorer.similarWord)
        #expect(JaroWinkler.similarity("fatima", "farida") < PairScorer.similarWord)
        #expect(JaroWinkler.similarity("", "ali") == 0)
        // The textbook value.
        #expect(abs(JaroWinkler.similarity("martha", "marhta") - 0.9611) < 0.0001)
    }

    @Test func phonesInEveryFormAreOneNumber() {
        let forms = ["+93 70 123 4567", "0093701234567", "0701234567", "701234567", "+93-70-123-4567", "(070) 123 4567"]
        for form in forms { #expect(IdentifierNormalizer.phone(form) == "+93701234567", "\(form)") }
        #expect(IdentifierNormalizer.phone("+1 703 555 0188") == "+17035550188")
        #expect(IdentifierNormalizer.phone("0701234568") != IdentifierNormalizer.phone("0701234567"))
        #expect(IdentifierNormalizer.phone("12345") == nil)
    }

    @Test func documentNumbersWithoutDashesSpacesOrCase() {
        #expect(IdentifierNormalizer.document("ioe-091 234-5678") == "IOE0912345678")
        #expect(IdentifierNormalizer.document("IOE0912345678") == "IOE0912345678")
        #expect(IdentifierNormalizer.document("1400-0101-23456") != IdentifierNormalizer.document("1400-0101-23457"))
        #expect(IdentifierNormalizer.document("--") == nil)
    }
}
