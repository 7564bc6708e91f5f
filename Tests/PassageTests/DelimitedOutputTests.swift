import Testing
@testable import Passage
import PassageSQLite

/// CSV and TSV written as bytes straight from SQLite print exactly what the
/// value-by-value formatter prints, for every kind of value.
@Suite struct DelimitedOutputTests {
    let folder = TemporaryDirectory()

    static let sql = """
        SELECT 'plain' AS t, 'a,b' AS comma, 'say "hi"' AS quote, 'two' || char(10) || 'lines' AS lf,
               'cr' || char(13) || char(10) || 'lf' AS crlf, 'tab' || char(9) || 'bed' AS tab,
               NULL AS unknown_value, 42 AS n, -7 AS negative, 1 AS flag, 0 AS other_flag, 2.5 AS real,
               1e300 AS big, 0.1 AS tenth, 'é ünï' AS accents, '' AS empty
        UNION ALL
        SELECT 'x', '', '"', char(13), char(10), char(9), NULL, 0, 9223372036854775807, 0, 7, -0.0, 3.0, 1e-7, '✓', 'z'
        """

    @Test(arguments: [OutputFormat.csv, .tsv])
    func bytesMatchTheFormatter(format: OutputFormat) throws {
        let connection = try Connection(path: folder.file("out.db"))
        let booleans: Set<String> = ["flag", "other_flag"]
        let formatter = RowFormatter(format: format)

        var expected = ""
        try formatter.write(connection.prepare(Self.sql), booleanColumns: booleans) { expected += $0 }
        var bytes: [UInt8] = []
        let handled = try formatter.writeDelimited(connection.prepare(Self.sql), booleanColumns: booleans) { bytes.append(contentsOf: $0) }

        #expect(handled)
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test func otherFormatsAreLeftToTheFormatter() throws {
        let connection = try Connection(path: folder.file("out.db"))
        for format in [OutputFormat.table, .json, .ndjson, .markdown] {
            var written = 0
            let handled = try RowFormatter(format: format).writeDelimited(connection.prepare("SELECT 1"), booleanColumns: []) { written += $0.count }
            #expect(!handled && written == 0)
        }
    }
}
