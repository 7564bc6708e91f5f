import Testing
@testable import Passage

@Suite struct TerminalTextTests {
    @Test func controlsAndBidiControlsAreEscaped() {
        #expect(TerminalText.escape("a\u{1B}[2Kb") == "a\\u{1B}[2Kb")
        #expect(TerminalText.escape("\u{7F}\u{85}\u{202E}\u{2066}x") == "\\u{7F}\\u{85}\\u{202E}\\u{2066}x")
        #expect(TerminalText.escape("plain text") == "plain text")
        // Line breaks become spaces in a cell; a tab is escaped.
        #expect(TerminalText.cell("one\ntwo\tthree") == "one two\\u{9}three")
    }

    @Test func nonASCIICellsAreIsolated() {
        #expect(TerminalText.cell("کابل 12") == "\u{2068}کابل 12\u{2069}")
        #expect(TerminalText.cell("Dulles 12") == "Dulles 12")
    }

    @Test func displayWidthCountsWideCharactersTwice() {
        #expect(TerminalText.displayWidth("abc") == 3)
        #expect(TerminalText.displayWidth("日本語") == 6)
        #expect(TerminalText.displayWidth("🙂x") == 3)
        #expect(TerminalText.displayWidth("e\u{301}") == 1)
        #expect(TerminalText.displayWidth("\u{2068}ab\u{2069}") == 2)
    }

    @Test func countsAreReadExactly() {
        #expect(ValueParser.wholeNumber("2.9999999999999999") == nil)
        #expect(ValueParser.wholeNumber("3.000") == 3)
        #expect(ValueParser.wholeNumber("-4") == -4)
        #expect(ValueParser.wholeNumber("25e-1") == nil)
        #expect(ValueParser.wholeNumber("250e-2") == nil)
        #expect(ValueParser.wholeNumber("300e-2") == 3)
        #expect(ValueParser.wholeNumber("1e16") == Int.max)
        #expect(ValueParser.wholeNumber("0.0") == 0)
        #expect(ValueParser.wholeNumber("abc") == nil)
    }
}
