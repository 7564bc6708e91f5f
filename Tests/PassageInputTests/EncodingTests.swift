import PassageInput
import Testing

@Suite("Encoding")
struct EncodingTests {
    let invalidSequences: [[UInt8]] = [
        [0xFF],                    // never valid
        [0xC3],                    // truncated two-byte sequence
        [0xC0, 0xAF],              // overlong '/'
        [0xE0, 0x80, 0xAF],        // overlong
        [0xED, 0xA0, 0x80],        // encoded surrogate
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0x80],                    // lone continuation byte
    ]

    @Test func invalidUTF8InCSVValueNamesTheColumn() throws {
        for bad in invalidSequences {
            let bytes = Array("id,name\n1,".utf8) + bad + Array("x\n2,ok\n".utf8)
            let result = try readFile(bytes, as: .csv)
            #expect(result.outcomes == [
                .error(InputError(line: 2, column: "name", message: "invalid UTF-8")),
                .record(textRecord(3, ["id", "name"], ["2", "ok"])),
            ], "\(bad)")
        }
    }

    @Test func invalidUTF8InsideLongValues() throws {
        // Long runs are scanned eight bytes at a time; a bad byte anywhere in them must still be caught.
        for offset in 0..<17 {
            for quoted in [false, true] {
                let prefix = Array(String(repeating: "k", count: offset).utf8)
                let body = prefix + [0xFF] + Array(String(repeating: "z", count: 30).utf8)
                let cell = quoted ? [0x22] + body + [0x22] : body
                let bytes = Array("id,notes\n1,".utf8) + cell + Array("\n2,ok\n".utf8)
                let result = try readFile(bytes, as: .csv)
                #expect(result.outcomes == [
                    .error(InputError(line: 2, column: "notes", message: "invalid UTF-8")),
                    .record(textRecord(3, ["id", "notes"], ["2", "ok"])),
                ], "offset \(offset) quoted \(quoted)")
            }
        }
        let long = String(repeating: "Kābul – ", count: 20)
        let valid = try readFile("id,notes\n1,\(long)\n", as: .csv)
        #expect(valid.outcomes == [.record(textRecord(2, ["id", "notes"], ["1", long]))])
    }

    @Test func invalidUTF8InHeaderIsFatal() throws {
        let result = try readFile(Array("id,".utf8) + [0xFF] + Array("\n1,2\n".utf8), as: .csv)
        #expect(result.openError == InputError(line: 1, message: "invalid UTF-8 in header column 2", isFatal: true))
    }

    @Test func nulInCSVAndTSVValue() throws {
        for format in [InputFormat.csv, .tsv] {
            let separator: UInt8 = format == .csv ? 0x2C : 0x09
            let bytes = Array("a".utf8) + [separator] + Array("b\nx".utf8) + [0] + Array("y".utf8) + [separator]
                + Array("z\n1".utf8) + [separator] + Array("2\n".utf8)
            let result = try readFile(bytes, as: format)
            #expect(result.outcomes == [
                .error(InputError(line: 2, column: "a", message: "contains a NUL byte")),
                .record(textRecord(3, ["a", "b"], ["1", "2"])),
            ])
        }
    }

    @Test func nulInHeaderIsFatal() throws {
        let result = try readFile(Array("a".utf8) + [0] + Array(",b\n".utf8), as: .csv)
        #expect(result.openError == InputError(line: 1, message: "contains a NUL byte in header column 1", isFatal: true))
    }

    @Test func invalidUTF8InJSONValueAndKey() throws {
        let value = Array("[{\"a\": \"x".utf8) + [0xC3, 0x28] + Array("\"}, {\"b\": 1}]".utf8)
        let result = try readFile(value, as: .json)
        #expect(result.outcomes == [
            .error(InputError(line: 1, column: "a", message: "invalid UTF-8")),
            .record(record(1, ["b": .number("1")])),
        ])
        let key = Array("{\"".utf8) + [0xFF] + Array("\": 1}\n{\"b\": 1}\n".utf8)
        let lines = try readFile(key, as: .ndjson)
        #expect(lines.outcomes == [
            .error(InputError(line: 1, message: "invalid UTF-8 in a key")),
            .record(record(2, ["b": .number("1")])),
        ])
    }

    @Test func rawNulInJSONStringIsAControlCharacter() throws {
        let bytes = Array("{\"a\": \"x".utf8) + [0] + Array("\"}\n".utf8)
        let result = try readFile(bytes, as: .ndjson)
        #expect(result.outcomes == [
            .error(InputError(line: 1, column: "a", message: "control character in a string (write it as an escape such as \\n)")),
        ])
    }

    @Test func nulOutsideStringsInJSON() throws {
        let result = try readFile(Array("{\"a\": 1".utf8) + [0] + Array("}\n{\"b\": 2}\n".utf8), as: .ndjson)
        #expect(result.outcomes == [
            .error(InputError(line: 1, message: "expected ',' or '}' after a value, found byte 0x00")),
            .record(record(2, ["b": .number("2")])),
        ])
    }

    @Test func validMultiByteTextSurvives() throws {
        let text = "a,b\n\"Ministry of Interior – وزارت داخله\",😀 ok\n"
        let result = try readFile(text, as: .csv)
        #expect(result.outcomes == [.record(textRecord(2, ["a", "b"], ["Ministry of Interior – وزارت داخله", "😀 ok"]))])
    }
}
