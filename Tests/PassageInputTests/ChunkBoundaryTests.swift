import PassageInput
import Testing

/// Every input read with tiny chunks (so tokens, CRLFs, escapes and the BOM straddle chunk edges)
/// must give exactly what one large chunk gives.
@Suite("Chunk boundaries")
struct ChunkBoundaryTests {
    static let samples: [(InputFormat, String)] = [
        (.csv, "\u{FEFF}id,name,notes\r\n1,\"a, \"\"b\"\"\r\nc\",x\r\n\r\n2,,\"\"\r\n3,plain,\"q\"z\r\n4,a\"b,c\n5,x,y"),
        (.csv, "a,b\n\"unterminated,\nstill\n"),
        (.tsv, "a\tb\n\"x\ty\"\t5\" gate\n\n1\t2\r\n"),
        (.json, "\u{FEFF}[\n {\"s\": \"\\ud83d\\ude00 \\u00e9 \\\"q\\\" \\n\", \"n\": -12.5e+3, \"t\": true, \"f\": false, \"z\": null},\n"
            + " {\"nested\": [1, {\"a\": \"]\"}], \"ok\": 1},\n {\"bad\": 01, \"s\": \"\\ud800\"}, 7,\n {\"d\": 1, \"d\": 2}\n] \n"),
        (.json, "[{\"a\": 1}] trailing"),
        (.ndjson, "{\"a\": \"x\\u0041\"}\r\n\n{oops}\n{\"b\": [[[]]], \"c\": 1}\n{\"c\": 2} x\n{\"e\": 1e5}"),
    ]

    @Test(arguments: [1, 2, 3, 5, 7, 16])
    func smallChunksGiveTheSameResult(chunkSize: Int) {
        for (format, text) in Self.samples {
            let bytes = Array(text.utf8)
            let reference = readBytes(bytes, as: format)
            let chunked = readBytes(bytes, as: format, chunkSize: chunkSize)
            #expect(chunked.outcomes == reference.outcomes, "\(format) chunk \(chunkSize)")
            #expect(chunked.openError == reference.openError)
            #expect(chunked.header == reference.header)
            #expect(chunked.sha256 == sha256Hex(bytes))
        }
    }

    @Test func referenceResultsAreWhatTheRulesSay() {
        let csv = readBytes(Array(Self.samples[0].1.utf8), as: .csv)
        let columns = ["id", "name", "notes"]
        #expect(csv.outcomes == [
            .record(textRecord(2, columns, ["1", "a, \"b\"\r\nc", "x"])),
            .record(textRecord(5, columns, ["2", nil, nil])),
            .error(InputError(line: 6, column: "notes",
                              message: "unexpected text after a closing quote (write \"\" for a quote inside a quoted field)")),
            .error(InputError(line: 7, column: "name",
                              message: "a \" inside an unquoted field (quote the whole field and double the quote)")),
            .record(textRecord(8, columns, ["5", "x", "y"])),
        ])
        let json = readBytes(Array(Self.samples[3].1.utf8), as: .json)
        #expect(json.outcomes == [
            .record(record(2, ["s": .text("😀 é \"q\" \n"), "n": .number("-12.5e+3"), "t": .bool(true),
                               "f": .bool(false), "z": .null])),
            .error(InputError(line: 3, column: "nested", message: "nested objects and arrays are not allowed")),
            .error(InputError(line: 4, column: "bad", message: "invalid number 01")),
            .error(InputError(line: 4, message: "expected an object, found a number")),
            .error(InputError(line: 5, column: "d", message: "duplicate key")),
        ])
        let ndjson = readBytes(Array(Self.samples[5].1.utf8), as: .ndjson)
        #expect(ndjson.outcomes == [
            .record(record(1, ["a": .text("xA")])),
            .error(InputError(line: 3, message: "expected a key in double quotes, found 'o'")),
            .error(InputError(line: 4, column: "b", message: "nested objects and arrays are not allowed")),
            .error(InputError(line: 5, message: "unexpected 'x' after the object (one object per line)")),
            .record(record(6, ["e": .number("1e5")])),
        ])
    }
}
