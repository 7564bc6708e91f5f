import PassageSQLite

extension RowFormatter {
    /// Writes a statement's rows as CSV, TSV, JSON or NDJSON bytes, straight
    /// from SQLite's column text (integers formatted here rather than by
    /// SQLite, which would allocate their text) to `emit`, in blocks of
    /// 64 KiB: no Swift string per value. Values print exactly as
    /// `write(_:booleanColumns:to:)` prints them. Returns how many rows it
    /// wrote, or nil (writing nothing) for `table` and `markdown`, which a
    /// person reads: they go through `write`.
    @discardableResult
    public func writeStreamed(_ statement: Statement, booleanColumns: Set<String>, to emit: @escaping (UnsafeRawBufferPointer) -> Void) throws -> Int? {
        let columns = statement.columnNames
        let booleans = columns.map { booleanColumns.contains($0) }
        var out = OutputBuffer(emit: emit)
        let rows: Int
        switch format {
        case .csv, .tsv:
            rows = try writeDelimited(statement, columns: columns, booleans: booleans, isCSV: format == .csv, to: &out)
        case .json, .ndjson:
            rows = try writeJSON(statement, columns: columns, booleans: booleans, asArray: format == .json, to: &out)
        case .table, .markdown:
            return nil
        }
        out.flush()
        return rows
    }

    private func writeDelimited(_ statement: Statement, columns: [String], booleans: [Bool], isCSV: Bool, to out: inout OutputBuffer) throws -> Int {
        let separator = isCSV ? UInt8(ascii: ",") : UInt8(ascii: "\t")
        let header = columns.map { isCSV ? Self.csvField($0) : Self.tsvField($0) }.joined(separator: isCSV ? "," : "\t") + "\n"
        out.append(string: header)
        var rows = 0
        while try statement.step() {
            rows += 1
            for index in columns.indices {
                if index > 0 { out.append(separator) }
                let cell = statement.cell(at: index)
                switch cell.type {
                case .null:
                    break
                case .integer where booleans[index]:
                    out.append(cell.int != 0 ? "true" : "false")
                case .integer:
                    out.append(decimal: cell.int)
                case .text where Self.isPlainUTF8(cell.unsafeUTF8):
                    if isCSV {
                        Self.appendCSVField(cell.unsafeUTF8, to: &out)
                    } else {
                        Self.appendTSVField(cell.unsafeUTF8, to: &out)
                    }
                case .text, .real, .blob:
                    let text = Self.plain(statement.value(at: index), boolean: booleans[index])
                    out.append(string: isCSV ? Self.csvField(text) : Self.tsvField(text))
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return rows
    }

    private func writeJSON(_ statement: Statement, columns: [String], booleans: [Bool], asArray: Bool, to out: inout OutputBuffer) throws -> Int {
        let keys = columns.map { Array((JSONText.quote($0) + ":").utf8) }
        if asArray { out.append("[") }
        var rows = 0
        while try statement.step() {
            rows += 1
            if asArray { out.append(rows == 1 ? "\n  " : ",\n  ") }
            out.append(UInt8(ascii: "{"))
            for index in columns.indices {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                keys[index].withUnsafeBytes { out.append($0) }
                let cell = statement.cell(at: index)
                switch cell.type {
                case .null:
                    out.append("null")
                case .integer where booleans[index]:
                    out.append(cell.int != 0 ? "true" : "false")
                case .integer:
                    out.append(decimal: cell.int)
                case .text where Self.isPlainUTF8(cell.unsafeUTF8):
                    Self.appendJSONString(cell.unsafeUTF8, to: &out)
                case .text, .real, .blob:
                    out.append(string: Self.json(statement.value(at: index), boolean: booleans[index]))
                }
            }
            out.append(UInt8(ascii: "}"))
            if !asArray { out.append(UInt8(ascii: "\n")) }
        }
        if asArray { out.append(rows == 0 ? "]\n" : "\n]\n") }
        return rows
    }

    /// Whether the bytes can be printed as they are: ASCII, or valid UTF-8.
    /// Anything else goes through a Swift string, which repairs it the way
    /// `write` does.
    static func isPlainUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        for offset in 0..<bytes.count where base[offset] >= 0x80 {
            return String(validating: UnsafeBufferPointer(start: base, count: bytes.count), as: UTF8.self) != nil
        }
        return true
    }

    /// RFC 4180, as `csvField`: quoted (quotes doubled) only when the value
    /// holds a comma, quote or line break.
    static func appendCSVField(_ bytes: UnsafeRawBufferPointer, to out: inout OutputBuffer) {
        guard needsCSVQuotes(bytes) else {
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

    /// Whether the text holds a comma, quote or line break. Values are
    /// short, so a plain loop over the bytes beats `strcspn`'s setup.
    static func needsCSVQuotes(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        for offset in 0..<bytes.count {
            let byte = base[offset]
            // Every byte that needs quotes is at most 0x2C (',').
            if byte <= UInt8(ascii: ","), byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
                return true
            }
        }
        return false
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

    /// As `JSONText.quote`, on valid UTF-8: quote, backslash and control
    /// characters escaped, everything else as it is.
    static func appendJSONString(_ bytes: UnsafeRawBufferPointer, to out: inout OutputBuffer) {
        out.append(UInt8(ascii: "\""))
        var plainStart = 0
        for (offset, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            out.append(UnsafeRawBufferPointer(rebasing: bytes[plainStart..<offset]))
            plainStart = offset + 1
            switch byte {
            case UInt8(ascii: "\""): out.append("\\\"")
            case UInt8(ascii: "\\"): out.append("\\\\")
            case 0x0A: out.append("\\n")
            case 0x0D: out.append("\\r")
            case 0x09: out.append("\\t")
            default:
                let hex = Array("0123456789abcdef".utf8)
                out.append("\\u00")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        out.append(UnsafeRawBufferPointer(rebasing: bytes[plainStart...]))
        out.append(UInt8(ascii: "\""))
    }
}
