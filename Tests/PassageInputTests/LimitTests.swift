import PassageInput
import Testing

@Suite("Limits")
struct LimitTests {
    let small = InputLimits(maxFieldBytes: 8, maxColumns: 3)

    @Test func overLongCSVFieldIsNonFatalAndTheNextRecordIsRead() throws {
        let result = try readFile("a,b\n1,123456789\n2,12345678\n3,\"123456789\n0\"\n4,x\n", as: .csv, limits: small)
        #expect(result.outcomes == [
            .error(InputError(line: 2, column: "b", message: "value is longer than 8 bytes")),
            .record(textRecord(3, ["a", "b"], ["2", "12345678"])),
            .error(InputError(line: 4, column: "b", message: "value is longer than 8 bytes")),
            .record(textRecord(6, ["a", "b"], ["4", "x"])),
        ])
    }

    @Test func overLongJSONValueAndKey() throws {
        let text = "[{\"a\": \"123456789\"}, {\"123456789\": 1}, {\"n\": 1234567890}, {\"a\": \"12345678\"}]"
        let result = try readFile(text, as: .json, limits: small)
        #expect(result.outcomes == [
            .error(InputError(line: 1, column: "a", message: "value is longer than 8 bytes")),
            .error(InputError(line: 1, message: "key is longer than 8 bytes")),
            .error(InputError(line: 1, column: "n", message: "value is longer than 8 bytes")),
            .record(record(1, ["a": .text("12345678")])),
        ])
    }

    @Test func tooManyColumnsInHeaderIsFatal() throws {
        let result = try readFile("a,b,c,d\n1,2,3,4\n", as: .csv, limits: small)
        #expect(result.openError == InputError(line: 1, message: "more than 3 columns", isFatal: true))
        let atLimit = try readFile("a,b,c\n1,2,3\n", as: .csv, limits: small)
        #expect(atLimit.records.count == 1)
    }

    @Test func tooManyColumnsInDefaultHeader() throws {
        let header = (0...1000).map { "c\($0)" }.joined(separator: ",")
        let result = try readFile(header + "\n", as: .csv)
        #expect(result.openError == InputError(line: 1, message: "more than 1000 columns", isFatal: true))
    }

    @Test func tooManyKeysInAnObjectIsNonFatal() throws {
        let result = try readFile("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}\n{\"a\":1}\n", as: .ndjson, limits: small)
        #expect(result.outcomes == [
            .error(InputError(line: 1, column: "d", message: "more than 3 columns")),
            .record(record(2, ["a": .number("1")])),
        ])
    }

    @Test func longRowIsCountedNotStored() throws {
        let row = Array(repeating: "x", count: 100_000).joined(separator: ",")
        let result = try readFile("a,b\n\(row)\n1,2\n", as: .csv)
        #expect(result.outcomes == [
            .error(InputError(line: 2, message: "row has 100000 fields, the header has 2")),
            .record(textRecord(3, ["a", "b"], ["1", "2"])),
        ])
    }

    @Test func recordLimit() throws {
        let limits = InputLimits(maxFieldBytes: 10, maxColumns: 10, maxRecordBytes: 12)
        let result = try readFile("a,b\n1234567890,1234567890\n1,2\n", as: .csv, limits: limits)
        #expect(result.outcomes == [
            .error(InputError(line: 2, column: "b", message: "record is longer than 12 bytes")),
            .record(textRecord(3, ["a", "b"], ["1", "2"])),
        ])
    }

    @Test func multiMegabyteFieldWithDefaultLimits() throws {
        let big = String(repeating: "abcdefgh", count: 600_000)  // 4.8 MB
        let csv = try readFile("id,notes\n1,\(big)\n2,\"\(big)\"\n3,ok\n", as: .csv)
        #expect(csv.outcomes == [
            .error(InputError(line: 2, column: "notes", message: "value is longer than 1048576 bytes")),
            .error(InputError(line: 3, column: "notes", message: "value is longer than 1048576 bytes")),
            .record(textRecord(4, ["id", "notes"], ["3", "ok"])),
        ])
        let json = try readFile("[{\"notes\": \"\(big)\"}, {\"n\": \(String(repeating: "1", count: 2_000_000))}, {\"id\": 3}]",
                                as: .json)
        #expect(json.outcomes == [
            .error(InputError(line: 1, column: "notes", message: "value is longer than 1048576 bytes")),
            .error(InputError(line: 1, column: "n", message: "value is longer than 1048576 bytes")),
            .record(record(1, ["id": .number("3")])),
        ])
    }

    @Test func fieldJustUnderTheDefaultLimitIsKept() throws {
        let value = String(repeating: "z", count: 1 << 20)
        let result = try readFile("a\n\(value)\n", as: .csv)
        #expect(result.records.first?.fields.first?.value == .text(value))
    }
}
