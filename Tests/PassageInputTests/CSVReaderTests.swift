import PassageInput
import Testing

@Suite("CSV")
struct CSVReaderTests {
    let cols = ["id", "name", "notes"]

    @Test func simpleRowsWithHeader() throws {
        let result = try readFile("id,name,notes\n1,Kabul,x\n2,Gate,y\n", as: .csv)
        #expect(result.header == cols)
        #expect(result.outcomes == [
            .record(textRecord(2, cols, ["1", "Kabul", "x"])),
            .record(textRecord(3, cols, ["2", "Gate", "y"])),
        ])
    }

    /// What a reload reads as bytes is what `next()` reads: text in other
    /// scripts, quotes and line breaks, blank and ragged rows, and values
    /// that are not UTF-8 or hold a NUL (read as records, with their error).
    @Test(arguments: [1, 5, 64 * 1024])
    func rowsKeptAsBytesAreTheRecords(chunkSize: Int) throws {
        var bytes = Array("id,name,notes\nc-1,Zahra Ahmadi,\"two\nlines, \"\"quoted\"\"\"\r\n,,\nc-2,زهرا احمدی,\n".utf8)
        bytes += Array("c-3,x\nc-4,bad ".utf8) + [0xFF] + Array(",\nc-5,nul ".utf8) + [0] + Array(",y\n,,,\nc-6,,last".utf8)
        let whole = readBytes(bytes, as: .csv)
        #expect(whole.records.count == 4 && whole.errors.count == 4, "\(whole.outcomes)")
        #expect(readRows(bytes, as: .csv, chunkSize: chunkSize) == whole.outcomes)
    }

    @Test func headerOnlyHasNoRecords() throws {
        let result = try readFile("id,name\n", as: .csv)
        #expect(result.header == ["id", "name"])
        #expect(result.outcomes.isEmpty)
    }

    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        let text = "id,name,notes\n"
            + "1,\"a, b\",\"say \"\"hi\"\"\"\n"
            + "2,\"two\nlines\",\"three\r\nlines\nhere\"\n"
            + "3,plain,after\n"
        let result = try readFile(text, as: .csv)
        #expect(result.outcomes == [
            .record(textRecord(2, cols, ["1", "a, b", "say \"hi\""])),
            .record(textRecord(3, cols, ["2", "two\nlines", "three\r\nlines\nhere"])),
            .record(textRecord(7, cols, ["3", "plain", "after"])),
        ])
    }

    @Test func loneCRInsideQuotesIsData() throws {
        let result = try readFile("a,b\n\"x\ry\",z\n1,2\n", as: .csv)
        #expect(result.records.map(\.fields.first?.value) == [.text("x\ry"), .text("1")])
        #expect(result.errors.isEmpty)
    }

    @Test func crlfLineEnds() throws {
        let result = try readFile("id,name,notes\r\n1,a,b\r\n2,c,d\r\n", as: .csv)
        #expect(result.header == cols)
        #expect(result.outcomes == [
            .record(textRecord(2, cols, ["1", "a", "b"])),
            .record(textRecord(3, cols, ["2", "c", "d"])),
        ])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let result = try readFile([0xEF, 0xBB, 0xBF] + Array("id,name\n1,x\n".utf8), as: .csv)
        #expect(result.header == ["id", "name"])
        #expect(result.outcomes == [.record(textRecord(2, ["id", "name"], ["1", "x"]))])
    }

    @Test func lastLineWithoutNewline() throws {
        let result = try readFile("id,name\n1,x\n2,y", as: .csv)
        #expect(result.outcomes == [
            .record(textRecord(2, ["id", "name"], ["1", "x"])),
            .record(textRecord(3, ["id", "name"], ["2", "y"])),
        ])
    }

    @Test func lastLineEndingInQuotedFieldWithoutNewline() throws {
        let result = try readFile("id,name\n1,\"x\"", as: .csv)
        #expect(result.outcomes == [.record(textRecord(2, ["id", "name"], ["1", "x"]))])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let result = try readFile("\n\nid,name\n\n1,x\r\n\r\n\n2,y\n\n", as: .csv)
        #expect(result.header == ["id", "name"])
        #expect(result.outcomes == [
            .record(textRecord(5, ["id", "name"], ["1", "x"])),
            .record(textRecord(8, ["id", "name"], ["2", "y"])),
        ])
    }

    @Test func emptyCellsAndQuotedEmptyAreNullOtherValuesUntouched() throws {
        let result = try readFile("a,b,c,d\n,\"\", x ,\" \"\n", as: .csv)
        #expect(result.outcomes == [.record(record(2, ["a": .null, "b": .null, "c": .text(" x "), "d": .text(" ")]))])
    }

    @Test func headerNamesAreTrimmed() throws {
        let result = try readFile(" id ,\tname\t,\" notes \"\n1,2,3\n", as: .csv)
        #expect(result.header == ["id", "name", "notes"])
        #expect(result.records.first?.fields.map(\.column) == ["id", "name", "notes"])
    }

    @Test func raggedRowsAreNonFatal() throws {
        let result = try readFile("a,b,c,d\n1,2,3,4,5\n1,2\n1\n1,2,3,4\n", as: .csv)
        #expect(result.outcomes == [
            .error(InputError(line: 2, message: "row has 5 fields, the header has 4")),
            .error(InputError(line: 3, message: "row has 2 fields, the header has 4")),
            .error(InputError(line: 4, message: "row has 1 field, the header has 4")),
            .record(textRecord(5, ["a", "b", "c", "d"], ["1", "2", "3", "4"])),
        ])
    }

    @Test func unterminatedQuoteIsFatalAtTheRecordStart() throws {
        let result = try readFile("id,name\n1,ok\n2,\"never\nclosed\n3,x\n", as: .csv)
        #expect(result.outcomes == [
            .record(textRecord(2, ["id", "name"], ["1", "ok"])),
            .error(InputError(line: 3, column: "name", message: "unterminated quoted field (opened here)", isFatal: true)),
        ])
    }

    @Test func unterminatedQuoteOpenedOnALaterLineSaysWhere() throws {
        let result = try readFile("a,b\n\"x\ny\",\"open\n", as: .csv)
        #expect(result.outcomes == [
            .error(InputError(line: 2, column: "b", message: "unterminated quoted field (opened on line 3)", isFatal: true)),
        ])
    }

    @Test func textAfterClosingQuoteSkipsToTheEndOfTheRecord() throws {
        let result = try readFile("a,b\n\"x\"y,z\n\"ok\",2\n", as: .csv)
        #expect(result.outcomes == [
            .error(InputError(line: 2, column: "a",
                              message: "unexpected text after a closing quote (write \"\" for a quote inside a quoted field)")),
            .record(textRecord(3, ["a", "b"], ["ok", "2"])),
        ])
    }

    @Test func quoteInsideUnquotedFieldIsAnError() throws {
        let result = try readFile("a,b\n1,ab\"c\n2,d\n", as: .csv)
        #expect(result.outcomes == [
            .error(InputError(line: 2, column: "b",
                              message: "a \" inside an unquoted field (quote the whole field and double the quote)")),
            .record(textRecord(3, ["a", "b"], ["2", "d"])),
        ])
    }

    @Test func emptyFileIsFatal() throws {
        for text in ["", "\n\n", "\u{FEFF}"] {
            let result = try readFile(text, as: .csv)
            #expect(result.openError == InputError(line: 1, message: "the file is empty: a header row is required", isFatal: true))
        }
    }

    @Test func emptyColumnNameIsFatal() throws {
        let result = try readFile("id,,name\n1,2,3\n", as: .csv)
        #expect(result.openError == InputError(line: 1, message: "header column 2 has an empty name", isFatal: true))
        let quoted = try readFile("id,\" \"\n", as: .csv)
        #expect(quoted.openError == InputError(line: 1, message: "header column 2 has an empty name", isFatal: true))
    }

    @Test func duplicateColumnNameIsFatal() throws {
        let result = try readFile("id,name, id\n1,2,3\n", as: .csv)
        #expect(result.openError == InputError(line: 1, column: "id", message: "duplicate column name", isFatal: true))
    }

    @Test func headerAfterBlankLinesKeepsItsLine() throws {
        let result = try readFile("\n\nid,id\n", as: .csv)
        #expect(result.openError == InputError(line: 3, column: "id", message: "duplicate column name", isFatal: true))
    }

    @Test func brokenHeaderQuoteIsFatal() throws {
        let result = try readFile("\"id\"x,name\n", as: .csv)
        #expect(result.openError?.isFatal == true)
        #expect(result.openError?.line == 1)
    }

    @Test func oneColumnFileKeepsQuotedEmptyAsNull() throws {
        let result = try readFile("id\n\"\"\nx\n", as: .csv)
        #expect(result.outcomes == [
            .record(record(2, ["id": .null])),
            .record(record(3, ["id": .text("x")])),
        ])
    }

    @Test func loneCROutsideQuotesEndsALine() throws {
        let result = try readFile("a,b\r1,2\r3,4", as: .csv)
        #expect(result.outcomes == [
            .record(textRecord(2, ["a", "b"], ["1", "2"])),
            .record(textRecord(3, ["a", "b"], ["3", "4"])),
        ])
    }

    @Test func valuesAreNotTrimmedAndKeepUnicode() throws {
        let result = try readFile("a,b\n  Kābul  ,\"عبدالله\"\n", as: .csv)
        #expect(result.outcomes == [.record(textRecord(2, ["a", "b"], ["  Kābul  ", "عبدالله"]))])
    }

    @Test func sqlInAValueIsJustText() throws {
        let result = try readFile("a\n\"x'); DROP TABLE cases; --\"\n", as: .csv)
        #expect(result.records.first?.fields.first?.value == .text("x'); DROP TABLE cases; --"))
    }
}
