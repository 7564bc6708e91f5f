import Testing
import PassageInput

/// Spaces and tabs are blanks; a carriage return is one only at the end of
/// a line of text.
@Suite struct BlanksTests {
    @Test func valuesLoseTheirSpacesAndTabsButNotACarriageReturn() {
        #expect(" \tlpr \t".trimmedOfBlanks == "lpr")
        #expect(" lpr\r".trimmedOfBlanks == "lpr\r")
        #expect("lpr\r ".trimmedOfBlanks == "lpr\r")
        #expect("a b".trimmedOfBlanks == "a b")
        #expect(" \t ".trimmedOfBlanks == "")
        #expect(Substring(" Ḥusayn ").trimmedOfBlanks == "Ḥusayn")
    }

    @Test func linesAlsoLoseTheCarriageReturnAtTheirEnd() {
        #expect("-- title: Entries \r".trimmedLine == "-- title: Entries")
        #expect("\rx".trimmedLine == "\rx")
    }

    @Test func aBlankAtAnEndIsSeenInPlace() {
        #expect(" x".hasBlankAtAnEnd && "x\t".hasBlankAtAnEnd)
        #expect(!"x".hasBlankAtAnEnd && !"".hasBlankAtAnEnd && !"x\r".hasBlankAtAnEnd)
    }
}
