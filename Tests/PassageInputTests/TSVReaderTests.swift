import PassageInput
import Testing

@Suite("TSV")
struct TSVReaderTests {
    @Test func tabSeparatedRows() throws {
        let result = try readFile("id\tname\tnotes\n1\ta, b\t\n2\tx\ty z\n", as: .tsv)
        #expect(result.header == ["id", "name", "notes"])
        #expect(result.outcomes == [
            .record(record(2, ["id": .text("1"), "name": .text("a, b"), "notes": .null])),
            .record(record(3, ["id": .text("2"), "name": .text("x"), "notes": .text("y z")])),
        ])
    }

    @Test func quoteInsideUnquotedFieldIsLiteral() throws {
        let result = try readFile("a\tb\n5\" gate\tsaid \"no\"\n", as: .tsv)
        #expect(result.outcomes == [.record(textRecord(2, ["a", "b"], ["5\" gate", "said \"no\""]))])
    }

    @Test func quotesHonouredAtFieldStart() throws {
        let result = try readFile("a\tb\n\"x\ty\"\t\"two\nlines\"\n3\t4\n", as: .tsv)
        #expect(result.outcomes == [
            .record(textRecord(2, ["a", "b"], ["x\ty", "two\nlines"])),
            .record(textRecord(4, ["a", "b"], ["3", "4"])),
        ])
    }

    @Test func commasAreData() throws {
        let result = try readFile("a\n1,2,3\n", as: .tsv)
        #expect(result.outcomes == [.record(textRecord(2, ["a"], ["1,2,3"]))])
    }

    @Test func raggedAndCRLF() throws {
        let result = try readFile("a\tb\r\n1\r\n1\t2\r\n", as: .tsv)
        #expect(result.outcomes == [
            .error(InputError(line: 2, message: "row has 1 field, the header has 2")),
            .record(textRecord(3, ["a", "b"], ["1", "2"])),
        ])
    }

    @Test func unterminatedQuoteIsFatal() throws {
        let result = try readFile("a\tb\n1\t\"open\n", as: .tsv)
        #expect(result.outcomes == [
            .error(InputError(line: 2, column: "b", message: "unterminated quoted field (opened here)", isFatal: true)),
        ])
    }
}
