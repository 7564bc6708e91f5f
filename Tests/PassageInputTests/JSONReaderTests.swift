import PassageInput
import Testing

@Suite("JSON")
struct JSONReaderTests {
    @Test func arrayOfObjectsWithAllScalarKinds() throws {
        let text = """
            [{"id": "c1", "size": 3, "ratio": -1.5e3, "ok": true, "bad": false, "notes": null}]
            """
        let result = try readFile(text, as: .json)
        #expect(result.header == nil)
        #expect(result.outcomes == [.record(record(1, [
            "id": .text("c1"), "size": .number("3"), "ratio": .number("-1.5e3"),
            "ok": .bool(true), "bad": .bool(false), "notes": .null,
        ]))])
    }

    @Test func multiLineObjectsReportTheLineOfTheirBrace() throws {
        let text = "[\n  {\n    \"id\": \"a\"\n  },\n\n  {\"id\": \"b\",\n   \"n\": 2}, {\"id\": \"c\"}\n]\n"
        let result = try readFile(text, as: .json)
        #expect(result.outcomes == [
            .record(record(2, ["id": .text("a")])),
            .record(record(6, ["id": .text("b"), "n": .number("2")])),
            .record(record(7, ["id": .text("c")])),
        ])
    }

    @Test func keyOrderIsFileOrder() throws {
        let result = try readFile(#"[{"z": 1, "a": 2, "m": 3}]"#, as: .json)
        #expect(result.records.first?.fields.map(\.column) == ["z", "a", "m"])
    }

    @Test func emptyArrayAndEmptyObject() throws {
        #expect(try readFile(" [ ] ", as: .json).outcomes.isEmpty)
        #expect(try readFile("[{}]", as: .json).outcomes == [.record(RawRecord(line: 1, fields: []))])
    }

    @Test func topLevelObjectIsFatal() throws {
        let result = try readFile("\n{\"id\": 1}\n", as: .json)
        #expect(result.openError == InputError(
            line: 2, message: "expected a JSON array of objects (for one object per line use .ndjson)", isFatal: true))
    }

    @Test func otherTopLevelValuesAreFatal() throws {
        let result = try readFile("id,name\n1,2\n", as: .json)
        #expect(result.openError == InputError(line: 1, message: "expected a JSON array of objects, found 'i'", isFatal: true))
        let empty = try readFile("  \n", as: .json)
        #expect(empty.openError == InputError(line: 2, message: "the file is empty: expected a JSON array of objects", isFatal: true))
    }

    @Test func nestedValuesAreNonFatalErrorsForTheirRecord() throws {
        let text = """
            [
            {"id": "a", "tags": ["x", {"y": "]}"}], "n": 1},
            {"id": "b", "where": {"lat": 1}},
            {"id": "c"}
            ]
            """
        let result = try readFile(text, as: .json)
        #expect(result.outcomes == [
            .error(InputError(line: 2, column: "tags", message: "nested objects and arrays are not allowed")),
            .error(InputError(line: 3, column: "where", message: "nested objects and arrays are not allowed")),
            .record(record(4, ["id": .text("c")])),
        ])
    }

    @Test func deepNestingIsFatalWithoutRecursion() throws {
        let deep = "[" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "]"
        let result = try readFile(deep, as: .json)
        #expect(result.outcomes == [.error(InputError(line: 1, message: "nesting deeper than 64 levels", isFatal: true))])
        let inObject = "[{\"a\": " + String(repeating: "{\"b\": ", count: 100_000) + "1"
        let second = try readFile(inObject, as: .json)
        #expect(second.outcomes == [.error(InputError(line: 1, message: "nesting deeper than 64 levels", isFatal: true))])
    }

    @Test func nestingUpToTheLimitIsSkipped() throws {
        // The array is level 1, the object level 2, so 62 more levels fit.
        let value = String(repeating: "[", count: 62) + String(repeating: "]", count: 62)
        let result = try readFile("[{\"a\": \(value)}, {\"b\": 1}]", as: .json)
        #expect(result.outcomes == [
            .error(InputError(line: 1, column: "a", message: "nested objects and arrays are not allowed")),
            .record(record(1, ["b": .number("1")])),
        ])
    }

    @Test func nonObjectElementsAreNonFatal() throws {
        let result = try readFile("[1, \"x\", [2, 3], null, {\"a\": true}]", as: .json)
        #expect(result.outcomes == [
            .error(InputError(line: 1, message: "expected an object, found a number")),
            .error(InputError(line: 1, message: "expected an object, found a string")),
            .error(InputError(line: 1, message: "expected an object, found an array")),
            .error(InputError(line: 1, message: "expected an object, found null")),
            .record(record(1, ["a": .bool(true)])),
        ])
    }

    @Test func duplicateKeyIsNonFatal() throws {
        let result = try readFile("[{\"id\": 1, \"id\": 2},\n{\"id\": 3}]", as: .json)
        #expect(result.outcomes == [
            .error(InputError(line: 1, column: "id", message: "duplicate key")),
            .record(record(2, ["id": .number("3")])),
        ])
    }

    @Test func duplicateKeyAmongManyKeys() throws {
        let keys = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        let result = try readFile("[{\(keys), \"k7\": 0}]", as: .json)
        #expect(result.outcomes == [.error(InputError(line: 1, column: "k7", message: "duplicate key"))])
        let fine = try readFile("[{\(keys)}]", as: .json)
        #expect(fine.records.first?.fields.count == 40)
    }

    @Test func escapesAreDecoded() throws {
        let text = #"[{"s": "q\" b\\ s\/ \b\f\n\r\t é \u00e9 \u20AC \ud83d\ude00 \u0041"}]"#
        let result = try readFile(text, as: .json)
        #expect(result.outcomes == [.record(record(1, ["s": .text("q\" b\\ s/ \u{8}\u{C}\n\r\t é é € 😀 A")]))])
    }

    @Test func emptyStringIsTextNotNull() throws {
        let result = try readFile(#"[{"s": ""}]"#, as: .json)
        #expect(result.outcomes == [.record(record(1, ["s": .text("")]))])
    }

    @Test func badEscapesAreNonFatal() throws {
        let cases: [(String, String)] = [
            (#"\ud83d"#, "invalid \\u escape: lone surrogate"),
            (#"\ude00x"#, "invalid \\u escape: lone surrogate"),
            (#"\ud83d\n"#, "invalid \\u escape: lone surrogate"),
            (#"\ud83d\u0041"#, "invalid \\u escape: lone surrogate"),
            (#"\u12"#, "invalid \\u escape (it needs 4 hex digits)"),
            (#"\x"#, "invalid escape sequence \\x"),
            (#"\u0000"#, "contains a NUL byte"),
        ]
        for (escape, message) in cases {
            let result = try readFile("[{\"s\": \"a\(escape)\"}, {\"t\": 1}]", as: .json)
            #expect(result.outcomes == [
                .error(InputError(line: 1, column: "s", message: message)),
                .record(record(1, ["t": .number("1")])),
            ], "escape \(escape)")
        }
    }

    @Test func controlCharacterInStringIsNonFatal() throws {
        let result = try readFile("[{\"s\": \"a\tb\"},\n{\"s\": \"line\nbreak\"},\n{\"t\": 1}]", as: .json)
        #expect(result.outcomes == [
            .error(InputError(line: 1, column: "s", message: "control character in a string (write it as an escape such as \\n)")),
            .error(InputError(line: 2, column: "s", message: "control character in a string (write it as an escape such as \\n)")),
            .record(record(4, ["t": .number("1")])),
        ])
    }

    @Test func numberGrammarIsValidated() throws {
        let good = ["0", "-0", "12", "-1.5e3", "1E+2", "1e-2", "0.25", "123456789012345678901234567890"]
        for literal in good {
            let result = try readFile("[{\"n\": \(literal)}]", as: .json)
            #expect(result.outcomes == [.record(record(1, ["n": .number(literal)]))], "\(literal)")
        }
        let bad = ["01", "-", "1.", ".5", "+1", "1e", "1e+", "--1", "1.2.3", "0x1F", "1-2"]
        for literal in bad {
            let result = try readFile("[{\"n\": \(literal)}, {\"m\": 1}]", as: .json)
            #expect(result.outcomes == [
                .error(InputError(line: 1, column: "n", message: "invalid number \(literal)")),
                .record(record(1, ["m": .number("1")])),
            ], "\(literal)")
        }
    }

    @Test func badLiteralsAreNonFatal() throws {
        for word in ["True", "NaN", "nul", "Infinity", "undefined"] {
            let result = try readFile("[{\"v\": \(word)}]", as: .json)
            #expect(result.errors.map(\.column) == ["v"], "\(word)")
            #expect(result.errors.first?.isFatal == false)
            #expect(result.errors.first?.message.hasPrefix("invalid value \(word)") == true)
        }
    }

    @Test func trailingGarbageAfterTheArrayIsFatal() throws {
        let result = try readFile("[{\"a\": 1}]\n\nx", as: .json)
        #expect(result.outcomes == [
            .record(record(1, ["a": .number("1")])),
            .error(InputError(line: 3, message: "unexpected 'x' after the end of the array", isFatal: true)),
        ])
        let second = try readFile("[{\"a\": 1}] [{\"a\": 2}]", as: .json)
        #expect(second.errors.map(\.isFatal) == [true])
        #expect(try readFile("[{\"a\": 1}]  \n\t\r\n", as: .json).errors.isEmpty)
    }

    @Test func syntaxErrorsAreFatal() throws {
        let cases: [(String, InputError)] = [
            ("[{\"a\" 1}]", InputError(line: 1, message: "expected ':' after a key, found '1'", isFatal: true)),
            ("[{\"a\": 1 \"b\": 2}]", InputError(line: 1, message: "expected ',' or '}' after a value, found '\"'", isFatal: true)),
            ("[{a: 1}]", InputError(line: 1, message: "expected a key in double quotes, found 'a'", isFatal: true)),
            ("[{\"a\": 1}\n{\"b\": 2}]", InputError(line: 2, message: "expected ',' or ']' after an object, found '{'", isFatal: true)),
            ("[{\"a\": 1},]", InputError(line: 1, message: "expected an object after ',', found ']'", isFatal: true)),
            ("[{\"a\": 1}", InputError(line: 1, message: "unexpected end of file: the array is not closed with ']'", isFatal: true)),
            ("[\n{\"a\":\n 1", InputError(line: 2, message: "unexpected end of file inside this object", isFatal: true)),
            ("[{\"a\": \"open", InputError(line: 1, message: "unterminated string", isFatal: true)),
        ]
        for (text, error) in cases {
            let result = try readFile(text, as: .json)
            #expect(result.errors == [error], "\(text)")
        }
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let result = try readFile([0xEF, 0xBB, 0xBF] + Array("[{\"a\": 1}]".utf8), as: .json)
        #expect(result.outcomes == [.record(record(1, ["a": .number("1")]))])
    }
}
