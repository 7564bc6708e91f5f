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

    /// Odd column names, a boolean column holding text and reals, NUL
    /// inside text, a quote or pipe followed by a combining mark (one
    /// character: `replacing` would not see the quote).
    static let oddSQL = """
        SELECT 'a' || char(0) || ',b' AS "a,b", 'x"' || char(769) || 'y' AS "say ""hi"" now",
               'tab' AS "t\tab", 'z' AS "é", 2.5 AS flag, 'yes' AS other_flag
        UNION ALL SELECT CAST(x'610062' AS TEXT), char(34, 769), '|' || char(769), '', 'text', 1.0
        """

    @Test(arguments: [OutputFormat.csv, .tsv, .json, .ndjson])
    func bytesMatchTheFormatter(format: OutputFormat) throws {
        let connection = try Connection(path: folder.file("out.db"))
        let booleans: Set<String> = ["flag", "other_flag"]
        let formatter = RowFormatter(format: format)
        for sql in [Self.sql, Self.oddSQL, Self.sql + " LIMIT 0"] {
            var expected = ""
            try formatter.write(connection.prepare(sql), booleanColumns: booleans) { expected += $0 }
            var bytes: [UInt8] = []
            let handled = try formatter.writeStreamed(connection.prepare(sql), booleanColumns: booleans) { bytes.append(contentsOf: $0) }

            #expect(handled != nil)
            #expect(bytes == Array(expected.utf8))
        }
    }

    /// A quote followed by a combining mark is still doubled in CSV, so
    /// the value reads back whole.
    @Test func csvDoublesEveryQuoteByte() {
        #expect(DelimitedWriter.csvField("x\"\u{301}y") == "\"x\"\"\u{301}y\"")
    }

    /// A step that fails part way: the rows before it are written, whole,
    /// then the error comes out.
    @Test(arguments: [OutputFormat.csv, .tsv, .json, .ndjson])
    func aFailingStepKeepsTheRowsBeforeIt(format: OutputFormat) throws {
        let connection = try Connection(path: folder.file("fail.db"))
        let sql = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
            SELECT i, 'row ' || i AS label, CASE WHEN i = 2500 THEN abs(-9223372036854775807 - 1) END AS boom FROM n
            """
        var bytes: [UInt8] = []
        #expect(throws: SQLiteError.self) {
            try RowFormatter(format: format).writeStreamed(connection.prepare(sql), booleanColumns: []) { bytes.append(contentsOf: $0) }
        }
        var expected = ""
        try RowFormatter(format: format).write(connection.prepare(sql + " LIMIT 2499"), booleanColumns: []) { expected += $0 }
        if format == .json { expected.removeLast("\n]\n".count) }  // the array is never closed
        #expect(bytes == Array(expected.utf8))
    }

    /// When the destination fails (a full disk), writing stops with its error.
    @Test func aFailingDestinationStopsTheWriting() throws {
        struct Full: Error {}
        let connection = try Connection(path: folder.file("full.db"))
        let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) SELECT i, 'row ' || i FROM n"
        var calls = 0
        #expect(throws: Full.self) {
            try RowFormatter(format: .csv).writeStreamed(connection.prepare(sql), booleanColumns: []) { _ in
                calls += 1
                throw Full()
            }
        }
        #expect(calls == 1)
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
