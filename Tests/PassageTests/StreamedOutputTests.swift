import Testing
@testable import Passage
import PassageSQLite

/// CSV, TSV, JSON and NDJSON written as bytes straight from SQLite print
/// exactly what the value-by-value formatter prints, for every kind of value.
@Suite struct StreamedOutputTests {
    let folder = TemporaryDirectory()

    static let sql = """
        SELECT 'plain' AS t, 'a,b' AS comma, 'say "hi"' AS quote, 'two' || char(10) || 'lines' AS lf,
               'cr' || char(13) || char(10) || 'lf' AS crlf, 'tab' || char(9) || 'bed' AS tab,
               NULL AS unknown_value, 42 AS n, -7 AS negative, 1 AS flag, 0 AS other_flag, 2.5 AS real,
               1e300 AS big, 0.1 AS tenth, 'é ünï' AS accents, '' AS empty
        UNION ALL
        SELECT 'x', '', '"', char(13), char(10), char(9), NULL, 0, 9223372036854775807, 0, 7, -0.0, 3.0, 1e-7, '✓', 'z'
        UNION ALL
        SELECT 'y', ',', '""', ' ', '-', ' ', NULL, -9223372036854775808, -1, -3, 1, 1e15, -2.5, 123456789012, '-', ' '
        UNION ALL
        SELECT 'back\\slash', char(1) || char(31) || char(127), 'é"' || char(8), CAST(x'ff41' AS TEXT), x'00ff10',
               'ok ' || CAST(x'c3' AS TEXT), NULL, 3, 0, 2, 0, 1e-300, 1e308 * 10, 0.0, '日本', char(12)
        """

    @Test(arguments: [OutputFormat.csv, .tsv, .json, .ndjson])
    func bytesMatchTheFormatter(format: OutputFormat) throws {
        let connection = try Connection(path: folder.file("out.db"))
        let booleans: Set<String> = ["flag", "other_flag"]
        let formatter = RowFormatter(format: format)

        var expected = ""
        try formatter.write(connection.prepare(Self.sql), booleanColumns: booleans) { expected += $0 }
        var bytes: [UInt8] = []
        let handled = try formatter.writeStreamed(connection.prepare(Self.sql), booleanColumns: booleans) { bytes.append(contentsOf: $0) }

        #expect(handled != nil)
        #expect(bytes == Array(expected.utf8))
    }

    /// Output larger than the 64 KiB block, with values of every length
    /// falling across its edges, and two longer than the block: one to
    /// quote, one plain.
    @Test(arguments: [OutputFormat.csv, .tsv, .json, .ndjson])
    func largeOutputCrossesBlocks(format: OutputFormat) throws {
        let connection = try Connection(path: folder.file("large.db"))
        let sql = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
            SELECT 'case-' || i AS id, substr(hex(zeroblob(60)), 1, i % 97) AS varying,
                   CASE WHEN i % 7 = 0 THEN 'a,"b"' || char(10) || i END AS odd,
                   CASE WHEN i = 3000 THEN replace(hex(zeroblob(50000)), '00', 'x,"' || char(9))
                        WHEN i = 4000 THEN hex(zeroblob(40000)) ELSE '' END AS long,
                   i, i % 2 AS flag
            FROM n
            """
        let formatter = RowFormatter(format: format)
        var expected = ""
        try formatter.write(connection.prepare(sql), booleanColumns: ["flag"]) { expected += $0 }
        var bytes: [UInt8] = []
        var blocks = 0
        let handled = try formatter.writeStreamed(connection.prepare(sql), booleanColumns: ["flag"]) {
            bytes.append(contentsOf: $0)
            blocks += 1
        }
        #expect(handled != nil)
        #expect(blocks > 3)
        #expect(bytes == Array(expected.utf8))
    }

    @Test func formatsForPeopleAreLeftToTheFormatter() throws {
        let connection = try Connection(path: folder.file("out.db"))
        for format in [OutputFormat.table, .markdown] {
            var written = 0
            let handled = try RowFormatter(format: format).writeStreamed(connection.prepare("SELECT 1"), booleanColumns: []) { written += $0.count }
            #expect(handled == nil && written == 0)
        }
    }
}
