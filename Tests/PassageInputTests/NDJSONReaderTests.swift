import PassageInput
import Testing

@Suite("NDJSON")
struct NDJSONReaderTests {
    @Test func oneObjectPerLineWithBlankLines() throws {
        let text = "{\"id\": \"a\", \"n\": 1}\n\n   \n{\"id\": \"b\", \"ok\": false}\r\n{\"id\": null}"
        let result = try readFile(text, as: .ndjson)
        #expect(result.header == nil)
        #expect(result.outcomes == [
            .record(record(1, ["id": .text("a"), "n": .number("1")])),
            .record(record(4, ["id": .text("b"), "ok": .bool(false)])),
            .record(record(5, ["id": .null])),
        ])
    }

    @Test func badLineInTheMiddleIsNonFatal() throws {
        let text = "{\"id\": \"a\"}\n{\"id\": \"b\", oops}\n{\"id\": \"c\"}\n"
        let result = try readFile(text, as: .ndjson)
        #expect(result.outcomes == [
            .record(record(1, ["id": .text("a")])),
            .error(InputError(line: 2, message: "expected a key in double quotes, found 'o'")),
            .record(record(3, ["id": .text("c")])),
        ])
    }

    @Test func csvInAnNDJSONFileIsOneErrorPerLine() throws {
        let result = try readFile("id,name\n1,\"x\"\n2,y\n", as: .ndjson)
        #expect(result.outcomes == [
            .error(InputError(line: 1, message: "expected one JSON object on this line, found 'i'")),
            .error(InputError(line: 2, message: "expected one JSON object on this line, found '1'")),
            .error(InputError(line: 3, message: "expected one JSON object on this line, found '2'")),
        ])
    }

    @Test func objectSpanningLinesIsAnErrorForEachLine() throws {
        let result = try readFile("{\"a\":\n1}\n{\"b\": 2}\n", as: .ndjson)
        #expect(result.outcomes == [
            .error(InputError(line: 1, message: "expected a value, found the end of the line")),
            .error(InputError(line: 2, message: "expected one JSON object on this line, found '1'")),
            .record(record(3, ["b": .number("2")])),
        ])
    }

    @Test func stringCannotSpanLines() throws {
        let result = try readFile("{\"a\": \"x\ny\"}\n{\"b\": 2}\n", as: .ndjson)
        #expect(result.outcomes.first == .error(InputError(line: 1, message: "unterminated string (a string cannot span lines)")))
        #expect(result.outcomes.last == .record(record(3, ["b": .number("2")])))
    }

    @Test func dataAfterTheObjectIsAnError() throws {
        let result = try readFile("{\"a\": 1} {\"b\": 2}\n{\"c\": 3}\n", as: .ndjson)
        #expect(result.outcomes == [
            .error(InputError(line: 1, message: "unexpected '{' after the object (one object per line)")),
            .record(record(2, ["c": .number("3")])),
        ])
    }

    @Test func arrayOnALineIsAnError() throws {
        let result = try readFile("[{\"a\": 1}]\n{\"a\": 2}\n", as: .ndjson)
        #expect(result.outcomes == [
            .error(InputError(line: 1, message: "expected one JSON object on this line, found '['")),
            .record(record(2, ["a": .number("2")])),
        ])
    }

    @Test func valueProblemsAreNonFatal() throws {
        let text = "{\"a\": [1]}\n{\"a\": 1, \"a\": 2}\n{\"n\": 01}\n{\"ok\": 1}\n"
        let result = try readFile(text, as: .ndjson)
        #expect(result.outcomes == [
            .error(InputError(line: 1, column: "a", message: "nested objects and arrays are not allowed")),
            .error(InputError(line: 2, column: "a", message: "duplicate key")),
            .error(InputError(line: 3, column: "n", message: "invalid number 01")),
            .record(record(4, ["ok": .number("1")])),
        ])
    }

    @Test func deepNestingOnALineIsSkipped() throws {
        let deep = "{\"a\": " + String(repeating: "[", count: 100_000) + "}\n{\"b\": 1}\n"
        let result = try readFile(deep, as: .ndjson)
        #expect(result.outcomes == [
            .error(InputError(line: 1, message: "nesting deeper than 64 levels")),
            .record(record(2, ["b": .number("1")])),
        ])
    }

    @Test func incompleteLastLine() throws {
        let result = try readFile("{\"a\": 1}\n{\"a\": ", as: .ndjson)
        #expect(result.outcomes == [
            .record(record(1, ["a": .number("1")])),
            .error(InputError(line: 2, message: "incomplete object: the file ends in the middle of it")),
        ])
    }

    @Test func emptyFileHasNoRecords() throws {
        #expect(try readFile("", as: .ndjson).outcomes.isEmpty)
        #expect(try readFile("\n \n", as: .ndjson).outcomes.isEmpty)
    }
}
