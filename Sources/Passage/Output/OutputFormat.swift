import PassageInput
import PassageSQLite

/// How rows are printed: `table` for a person, the others for programs.
package enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, tsv, json, ndjson, markdown
}

/// Writes a result table in one of the output formats (each a `RowWriter`
/// in `Formats/`): times as stored (ISO 8601 in the event zone, date-only
/// as `YYYY-MM-DD`), JSON numbers as numbers, unknown as `null`, booleans
/// as `true`/`false`. Every row, however it comes (a table, a statement,
/// streamed or not), passes through the formatter's `codec` first.
package struct RowFormatter {
    package let format: OutputFormat
    package let codec: ValueCodec

    package init(format: OutputFormat, codec: ValueCodec = .stored) {
        self.format = format
        self.codec = codec
    }

    package func render(_ table: ResultTable) -> String {
        var out = ""
        write(table) { out += $0 }
        return out
    }

    /// Writes the rendering piece by piece to `emit`.
    package func write(_ table: ResultTable, to emit: (String) -> Void) {
        var rows = table.rows.makeIterator()
        try? write(columns: table.columns, booleanColumns: table.booleanColumns, rows: { rows.next() }, to: emit)
    }

    /// Writes a statement's rows as it steps through them: memory stays flat
    /// for every format but `table`, which must see all rows to align them.
    package func write(_ statement: Statement, booleanColumns: Set<String>, to emit: (String) -> Void) throws {
        try write(columns: statement.columnNames, booleanColumns: booleanColumns,
                  rows: { try statement.step() ? statement.row : nil }, to: emit)
    }

    private func write(columns: [String], booleanColumns: Set<String>, rows next: () throws -> [SQLiteValue]?, to emit: (String) -> Void) throws {
        let codec = codec.columns(columns)
        try format.writer.write(columns: columns, booleans: columns.map { booleanColumns.contains($0) },
                                rows: { try next().map(codec.row) }, to: emit)
    }

    /// A value as text: integers and decimals as written, NULL as empty.
    static func plain(_ value: SQLiteValue, boolean: Bool) -> String {
        switch value {
        case .null: ""
        case .integer(let integer): boolean ? (integer != 0 ? "true" : "false") : String(integer)
        case .real(let real): real.description
        case .text(let text): text
        // Full hex, two digits a byte: x'0102' is 0102, not 12.
        case .blob(let bytes): Hex.lowercase(bytes)
        }
    }

    static func json(_ value: SQLiteValue, boolean: Bool) -> String {
        switch value {
        case .null: "null"
        case .integer(let integer): boolean ? (integer != 0 ? "true" : "false") : String(integer)
        case .real(let real): real.isFinite ? real.description : "null"
        case .text(let text): JSONText.quote(text)
        case .blob: JSONText.quote(plain(value, boolean: false))
        }
    }

    /// The text's bytes with every `byte` replaced by `replacement`, between
    /// two `around` bytes if one is given.
    static func replacingEvery(_ byte: UInt8, in text: String, with replacement: [UInt8], around: UInt8? = nil) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 4)
        if let around { bytes.append(around) }
        for current in text.utf8 {
            if current == byte { bytes.append(contentsOf: replacement) } else { bytes.append(current) }
        }
        if let around { bytes.append(around) }
        return bytes
    }
}
