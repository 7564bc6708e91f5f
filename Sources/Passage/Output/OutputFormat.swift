import PassageSQLite

/// How rows are printed: `table` for a person, the others for programs.
package enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, tsv, json, ndjson, markdown
}

/// Writes a result table in one of the output formats: times as
/// stored (ISO 8601 in the event zone, date-only as `YYYY-MM-DD`), JSON
/// numbers as numbers, unknown as `null`, booleans as `true`/`false`.
package struct RowFormatter {
    package let format: OutputFormat

    package init(format: OutputFormat) {
        self.format = format
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
        let booleans = columns.map { booleanColumns.contains($0) }
        switch format {
        case .csv, .tsv:
            let separator: Character = format == .csv ? "," : "\t"
            let isCSV = format == .csv
            let escape = { (text: String) -> String in isCSV ? Self.csvField(text) : Self.tsvField(text) }
            emit(columns.map(escape).joined(separator: String(separator)) + "\n")
            // One string a row, appended in place: this loop runs for every output row.
            var line = ""
            while let row = try next() {
                line.removeAll(keepingCapacity: true)
                for (index, value) in row.enumerated() {
                    if index > 0 { line.append(separator) }
                    switch value {
                    case .null: break
                    case .integer(let integer) where !booleans[index]: line.append(String(integer))
                    case .text(let text): line.append(escape(text))
                    default: line.append(escape(Self.plain(value, boolean: booleans[index])))
                    }
                }
                line.append("\n")
                emit(line)
            }
        case .json:
            emit("[")
            var first = true
            while let row = try next() {
                emit((first ? "\n  " : ",\n  ") + Self.jsonObject(row, columns, booleans))
                first = false
            }
            emit(first ? "]\n" : "\n]\n")
        case .ndjson:
            while let row = try next() { emit(Self.jsonObject(row, columns, booleans) + "\n") }
        case .markdown:
            // Most values hold neither: skip the two replacements for them.
            // (The pipe is escaped byte by byte, as a pipe followed by a
            // combining mark is one character `replacing` would miss.)
            let escape = { (text: String) in
                text.utf8.contains { $0 == UInt8(ascii: "|") || $0 == 0x0A }
                    ? String(decoding: Self.replacingEvery(UInt8(ascii: "|"), in: text, with: Array("\\|".utf8)), as: UTF8.self).replacing("\n", with: " ")
                    : text
            }
            emit("| " + columns.map(escape).joined(separator: " | ") + " |\n")
            emit("|" + columns.map { _ in " --- |" }.joined() + "\n")
            while let row = try next() {
                emit("| " + row.enumerated().map { escape(Self.plain($0.element, boolean: booleans[$0.offset])) }.joined(separator: " | ") + " |\n")
            }
        case .table:
            try Self.writeAligned(columns: columns, booleans: booleans, rows: next, to: emit)
        }
    }

    /// A value as text: integers and decimals as written, NULL as empty.
    static func plain(_ value: SQLiteValue, boolean: Bool) -> String {
        switch value {
        case .null: ""
        case .integer(let integer): boolean ? (integer != 0 ? "true" : "false") : String(integer)
        case .real(let real): real.description
        case .text(let text): text
        case .blob(let bytes): bytes.map { String($0, radix: 16) }.joined()
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

    static func jsonObject(_ row: [SQLiteValue], _ columns: [String], _ booleans: [Bool]) -> String {
        "{" + row.enumerated().map { JSONText.quote(columns[$0.offset]) + ":" + json($0.element, boolean: booleans[$0.offset]) }
            .joined(separator: ",") + "}"
    }

    /// RFC 4180: quoted only when it holds a comma, quote or line break.
    /// Scans UTF-8 bytes: iterating Characters costs grapheme breaking per row.
    /// Quotes are doubled byte by byte: a quote followed by a combining mark
    /// is one character, which `replacing` would not see as a quote.
    static func csvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return String(decoding: replacingEvery(UInt8(ascii: "\""), in: text, with: [UInt8(ascii: "\""), UInt8(ascii: "\"")], around: UInt8(ascii: "\"")), as: UTF8.self)
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

    static func tsvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }
}
