import Foundation
import Testing

/// What reaches a coordinator's terminal: no raw control characters, no
/// text that reorders its neighbours, columns aligned by display width;
/// and a query connection that reveals no pointers.
@Suite struct TerminalSafetyTests: PassageSuite {
    let folder = TemporaryDirectory()

    @Test func controlCharactersAreRefusedOutsideFreeText() throws {
        let cases = folder.write("in/cases.csv", "id,category,size\ncase-x,lpr\u{1B}[2K,1\n")
        let result = try passage(["load", cases])
        #expect(result.status == 1)
        #expect(result.standardError.contains("control character \\u{1B}"), "\(result.standardError)")
        #expect(!result.standardError.contains("\u{1B}"))
        // A document number is not free text; a member's name and notes are.
        folder.write("m/cases.csv", "id,category,size\nc-1,lpr,2\n")
        folder.write("m/members.csv", "id,case_id,name,document_number,notes\nm-1,c-1,A\u{7}B,P\u{1B}123,n\u{7}\n")
        let members = try passage(["load", folder.file("m")])
        #expect(members.status == 1)
        #expect(members.standardError.contains("document_number: 'P\\u{1B}123' holds the control character \\u{1B}"), "\(members.standardError)")
        #expect(!members.standardError.contains(": name:") && !members.standardError.contains(": notes:"))
    }

    @Test func tableAndMarkdownShowControlsEscapedAndIsolateRightToLeftText() throws {
        folder.write("in/outcomes.csv", "id,case_id,status,occurred_at,location\no-1,c-1,arrived,2021-08-27,\"Dulles\u{1B}[1A\u{1B}[2K\"\no-2,c-1,arrived,2021-08-28,\u{202E}abc\no-3,c-1,arrived,2021-08-29,کابل 12\n")
        folder.write("in/cases.csv", "id,category,size\nc-1,lpr,1\n")
        #expect(try passage(["load", folder.file("in")]).status == 0)
        for format in ["table", "markdown"] {
            let shown = try passage(["query", "SELECT id, location FROM outcomes ORDER BY id", "--format", format]).standardOutput
            #expect(shown.contains("Dulles\\u{1B}[1A\\u{1B}[2K"), "\(shown)")
            #expect(shown.contains("\\u{202E}abc"))
            #expect(!shown.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
            #expect(shown.contains("\u{2068}کابل 12\u{2069}"))
        }
        // Machine formats keep the value as stored.
        let csv = try passage(["query", "SELECT location FROM outcomes WHERE id = 'o-1'", "--format", "csv"]).standardOutput
        #expect(csv == "location\nDulles\u{1B}[1A\u{1B}[2K\n")
    }

    @Test func columnsAlignByDisplayWidth() throws {
        #expect(try passage(["init"]).status == 0)
        let wide = try passage(["query", "SELECT '漢字' AS a, 1 AS b UNION ALL SELECT 'abcd', 2 UNION ALL SELECT '🙂🙂', 3"]).standardOutput
        #expect(wide == "a     b\n----  -\n\u{2068}漢字\u{2069}  1\nabcd  2\n\u{2068}🙂🙂\u{2069}  3\n", "\(wide)")
    }

    @Test func theQueryConnectionRevealsNoPointersAndTrustsNoSchema() throws {
        #expect(try passage(["init"]).status == 0)
        let tokenizer = try passage(["query", "SELECT fts3_tokenizer('simple') IS NULL AS hidden", "--format", "csv"])
        #expect(tokenizer.standardOutput == "hidden\n1\n", "\(tokenizer.standardError)")
        let trusted = try passage(["query", "PRAGMA trusted_schema", "--format", "csv"])
        #expect(trusted.standardOutput == "trusted_schema\n0\n")
    }

    @Test func blobsPrintAsFullHex() throws {
        #expect(try passage(["init"]).status == 0)
        #expect(try passage(["query", "SELECT x'000102ff' AS b", "--format", "csv"]).standardOutput == "b\n000102ff\n")
        #expect(try passage(["query", "SELECT x'0102' AS b"]).standardOutput == "b\n----\n0102\n")
    }
}
