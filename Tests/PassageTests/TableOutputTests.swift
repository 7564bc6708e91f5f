import Testing
@testable import Passage
import PassageSQLite

/// The `table` format, written from a byte array of cells, prints exactly
/// what the plain string-by-string alignment (kept here as the reference)
/// prints: accents and wide characters, line breaks, CR LF, tabs, control
/// characters, trailing blanks of every kind, numbers with gaps, booleans.
@Suite struct TableOutputTests {
    let folder = TemporaryDirectory()

    // Each row but the first has one kind of special text, the rest ASCII.
    static let sql = """
        SELECT 'plain' AS name, 42 AS n, 1 AS flag, 2.5 AS r, NULL AS gap, 'a' AS middle, 'x' AS last
        UNION ALL SELECT 'two' || char(10) || 'lines', -7, 0, NULL, NULL, 'b', 'y'
        UNION ALL SELECT 'cr' || char(13) || char(10) || 'lf', NULL, 1, 1e300, NULL, 'c', 'z'
        UNION ALL SELECT 'lone cr' || char(13), 1, 1, 1, NULL, 'd', 'w'
        UNION ALL SELECT 'ctl' || char(1), 123456789, 0, -0.5, NULL, 'e', 'v'
        UNION ALL SELECT 'tab', 3, 0, 0.0, NULL, 'tab' || char(9), 'u'
        UNION ALL SELECT 'ends in tab', 5, 0, 3.0, NULL, 'f', 'tab' || char(9)
        UNION ALL SELECT 'spaces', 6, 1, 3.5, NULL, 'g', 'trailing   '
        UNION ALL SELECT 'nbsp', 7, 0, 4, NULL, 'h', 'nbsp' || char(160)
        UNION ALL SELECT 'ideographic space', 8, 0, 4, NULL, 'i', char(12288)
        UNION ALL SELECT 'accents', 9, 1, 4, NULL, 'é ünï', 'j'
        UNION ALL SELECT 'wide', 10, 1, 4, NULL, '日本語', 'k'
        UNION ALL SELECT 'combining', 11, 0, 4, NULL, 'e' || char(769), 'l'
        UNION ALL SELECT 'bell', 12, 0, 4, NULL, 'm', 'bell' || char(7)
        UNION ALL SELECT 'del', 13, 0, 4, NULL, 'n' || char(127), 'o'
        UNION ALL SELECT '', 0, 1, 0.0, NULL, '', ''
        """

    @Test func tableMatchesTheReference() throws {
        let connection = try Connection(path: folder.file("table.db"))
        for sql in [Self.sql, Self.sql + " LIMIT 0", "SELECT 'only' AS a"] {
            let table = try ResultTable(columns: connection.prepare(sql).columnNames, rows: connection.prepare(sql).allRows(), booleanColumns: ["flag"])
            var written = ""
            try RowFormatter(format: .table).write(connection.prepare(sql), booleanColumns: ["flag"]) { written += $0 }
            #expect(Array(written.utf8) == Array(Self.reference(table).utf8))
        }
    }

    @Test func manyRowsSpanSeveralChunks() throws {
        let connection = try Connection(path: folder.file("table.db"))
        let sql = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
            SELECT i, 'case-' || i AS id, CASE WHEN i % 999 = 0 THEN 'ünï' END AS odd, i % 2 AS flag FROM n
            """
        let table = try ResultTable(columns: connection.prepare(sql).columnNames, rows: connection.prepare(sql).allRows(), booleanColumns: ["flag"])
        var pieces = 0
        var written = ""
        try RowFormatter(format: .table).write(connection.prepare(sql), booleanColumns: ["flag"]) {
            written += $0
            pieces += 1
        }
        #expect(pieces > 3)
        #expect(Array(written.utf8) == Array(Self.reference(table).utf8))
    }

    /// The alignment as it was first written: one Swift string per cell,
    /// shown as `TerminalText.cell` makes it and measured in display columns.
    static func reference(_ table: ResultTable) -> String {
        let booleans = table.columns.map { table.booleanColumns.contains($0) }
        let cells = table.rows.map { row in
            row.enumerated().map { TerminalText.cell(RowFormatter.plain($0.element, boolean: booleans[$0.offset])) }
        }
        var widths = table.columns.map(TerminalText.displayWidth)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], TerminalText.displayWidth(cell)) }
        }
        let numeric = table.columns.indices.map { index in
            !booleans[index] && table.rows.contains { if case .null = $0[index] { false } else { true } }
                && table.rows.allSatisfy { row in
                    switch row[index] {
                    case .integer, .real, .null: true
                    default: false
                    }
                }
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { index, value in
                let padding = String(repeating: " ", count: widths[index] - TerminalText.displayWidth(value))
                return numeric[index] ? padding + value : value + padding
            }.joined(separator: "  ").replacing(/\s+$/, with: "") + "\n"
        }
        var out = line(table.columns)
        out += line(widths.map { String(repeating: "-", count: $0) })
        for row in cells { out += line(row) }
        if table.rows.isEmpty { out += "(no rows)\n" }
        return out
    }
}
