import PassageSQLite

/// `csv` (RFC 4180) and `tsv`: a header row, then one line a row, for
/// programs and spreadsheets. Streamed: values go from SQLite's column text
/// to the output as bytes, quoted or blanked only when they need it.
struct DelimitedWriter: RowWriter {
    let isCSV: Bool

    func write(columns: [String], booleans: [Bool], rows next: () throws -> [SQLiteValue]?, to emit: (String) -> Void) throws {
        let separator: Character = isCSV ? "," : "\t"
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
                default: line.append(escape(RowFormatter.plain(value, boolean: booleans[index])))
                }
            }
            line.append("\n")
            emit(line)
        }
    }

    func writeStreamed(_ statement: Statement, columns: [String], booleans: [Bool], codec: ValueCodec.ColumnCodec, _ byteClasses: ByteClasses,
                       to out: inout OutputBuffer) throws -> Int? {
        let converts = codec.convertsNothing ? nil : codec.converts
        let separator = isCSV ? UInt8(ascii: ",") : UInt8(ascii: "\t")
        let header = columns.map { isCSV ? Self.csvField($0) : Self.tsvField($0) }.joined(separator: isCSV ? "," : "\t") + "\n"
        out.append(string: header)
        var rows = 0
        while try statement.step() {
            if let error = out.error { throw error }
            rows += 1
            for index in columns.indices {
                if index > 0 { out.append(separator) }
                if let converts, converts[index], codec.converts(statement, at: index) {
                    appendValue(try codec.value(of: statement, at: index), boolean: booleans[index], to: &out)
                    continue
                }
                let cell = statement.cell(at: index)
                switch cell.type {
                case .null:
                    break
                case .integer:
                    out.append(integer: cell.int, boolean: booleans[index])
                case .text:
                    let bytes = cell.unsafeUTF8
                    let classes = byteClasses.of(bytes)
                    if !ByteClasses.isValidText(bytes, classes) {
                        out.append(string: isCSV ? Self.csvField(statement.text(at: index)) : Self.tsvField(statement.text(at: index)))
                    } else if isCSV {
                        Self.appendCSVField(bytes, quoted: classes & ByteClasses.csvQuote != 0, to: &out)
                    } else if classes & ByteClasses.tsvBlank != 0 {
                        Self.appendTSVField(bytes, to: &out)
                    } else {
                        out.append(bytes)
                    }
                case .real, .blob:
                    appendValue(statement.value(at: index), boolean: booleans[index], to: &out)
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return rows
    }

    /// A value as `write` prints it: for the cells the fast path leaves
    /// to it (decimals, BLOBs, what the codec converts).
    private func appendValue(_ value: SQLiteValue, boolean: Bool, to out: inout OutputBuffer) {
        switch value {
        case .null:
            break
        case .integer(let integer):
            out.append(integer: integer, boolean: boolean)
        case .real, .text, .blob:
            let text = RowFormatter.plain(value, boolean: boolean)
            out.append(string: isCSV ? Self.csvField(text) : Self.tsvField(text))
        }
    }

    /// RFC 4180: quoted only when it holds a comma, quote or line break.
    /// Scans UTF-8 bytes: iterating Characters costs grapheme breaking per row.
    /// Quotes are doubled byte by byte: a quote followed by a combining mark
    /// is one character, which `replacing` would not see as a quote.
    static func csvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return String(decoding: RowFormatter.replacingEvery(UInt8(ascii: "\""), in: text, with: [UInt8(ascii: "\""), UInt8(ascii: "\"")], around: UInt8(ascii: "\"")), as: UTF8.self)
    }

    static func tsvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }

    /// RFC 4180, as `csvField`: quoted (quotes doubled) only when the value
    /// holds a comma, quote or line break.
    static func appendCSVField(_ bytes: UnsafeRawBufferPointer, quoted: Bool, to out: inout OutputBuffer) {
        guard quoted else {
            out.append(bytes)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            out.append(byte)
            if byte == UInt8(ascii: "\"") { out.append(byte) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// As `tsvField`: tabs and line breaks become spaces (CR LF one space).
    static func appendTSVField(_ bytes: UnsafeRawBufferPointer, to out: inout OutputBuffer) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                out.append(UInt8(ascii: " "))
                index += 2
                continue
            }
            out.append(byte == 0x09 || byte == 0x0A || byte == 0x0D ? UInt8(ascii: " ") : byte)
            index += 1
        }
    }
}
