import PassageSQLite

extension RowFormatter {
    /// Writes a statement's rows as CSV, TSV, JSON or NDJSON bytes, straight
    /// from SQLite's column text (integers formatted here rather than by
    /// SQLite, which would allocate their text) to `emit`, in blocks of
    /// 64 KiB: no Swift string per value. Values print exactly as
    /// `write(_:booleanColumns:to:)` prints them. Returns how many rows it
    /// wrote, or nil (writing nothing) for `table` and `markdown`, which a
    /// person reads: they go through `write`.
    ///
    /// If a step fails, the rows before it are still written (whole rows,
    /// the output ends with a complete line) before the error is thrown. If
    /// `emit` throws, writing stops at the end of that row with its error.
    @discardableResult
    package func writeStreamed(_ statement: Statement, booleanColumns: Set<String>, to emit: @escaping (UnsafeRawBufferPointer) throws -> Void) throws -> Int? {
        let columns = statement.columnNames
        let booleans = columns.map { booleanColumns.contains($0) }
        var out = OutputBuffer(emit: emit)
        let byteClasses = ByteClasses.shared
        let rows: Int
        do {
            switch format {
            case .csv, .tsv:
                rows = try writeDelimited(statement, columns: columns, booleans: booleans, isCSV: format == .csv, byteClasses, to: &out)
            case .json, .ndjson:
                rows = try writeJSON(statement, columns: columns, booleans: booleans, asArray: format == .json, byteClasses, to: &out)
            case .table, .markdown:
                return nil
            }
        } catch {
            // Only whole rows are buffered when a step fails: write them.
            out.flush()
            throw out.error ?? error
        }
        out.flush()
        if let error = out.error { throw error }
        return rows
    }

    private func writeDelimited(_ statement: Statement, columns: [String], booleans: [Bool], isCSV: Bool, _ byteClasses: ByteClasses, to out: inout OutputBuffer) throws -> Int {
        let separator = isCSV ? UInt8(ascii: ",") : UInt8(ascii: "\t")
        let header = columns.map { isCSV ? Self.csvField($0) : Self.tsvField($0) }.joined(separator: isCSV ? "," : "\t") + "\n"
        out.append(string: header)
        var rows = 0
        while try statement.step() {
            if let error = out.error { throw error }
            rows += 1
            for index in columns.indices {
                if index > 0 { out.append(separator) }
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
                    let text = Self.plain(statement.value(at: index), boolean: booleans[index])
                    out.append(string: isCSV ? Self.csvField(text) : Self.tsvField(text))
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return rows
    }

    private func writeJSON(_ statement: Statement, columns: [String], booleans: [Bool], asArray: Bool, _ byteClasses: ByteClasses, to out: inout OutputBuffer) throws -> Int {
        let keys = columns.map { Array((JSONText.quote($0) + ":").utf8) }
        if asArray { out.append("[") }
        var rows = 0
        while try statement.step() {
            if let error = out.error { throw error }
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
                case .integer:
                    out.append(integer: cell.int, boolean: booleans[index])
                case .text:
                    let bytes = cell.unsafeUTF8
                    let classes = byteClasses.of(bytes)
                    if ByteClasses.isValidText(bytes, classes) {
                        Self.appendJSONString(bytes, escaped: classes & ByteClasses.jsonEscape != 0, to: &out)
                    } else {
                        out.append(string: JSONText.quote(statement.text(at: index)))
                    }
                case .real, .blob:
                    out.append(string: Self.json(statement.value(at: index), boolean: booleans[index]))
                }
            }
            out.append(UInt8(ascii: "}"))
            if !asArray { out.append(UInt8(ascii: "\n")) }
        }
        if asArray { out.append(rows == 0 ? "]\n" : "\n]\n") }
        return rows
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

    /// As `JSONText.quote`, on valid UTF-8: quote, backslash and control
    /// characters escaped, everything else as it is.
    static func appendJSONString(_ bytes: UnsafeRawBufferPointer, escaped: Bool, to out: inout OutputBuffer) {
        out.append(UInt8(ascii: "\""))
        guard escaped else {
            out.append(bytes)
            out.append(UInt8(ascii: "\""))
            return
        }
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

/// What each byte of a text asks of each streamed format, found in one pass
/// over the text with a table: most values need nothing, and are copied as
/// they are.
struct ByteClasses: @unchecked Sendable {
    /// CSV must quote the value: comma, quote, LF or CR.
    static let csvQuote: UInt8 = 1
    /// TSV turns it into a space: tab, LF or CR.
    static let tsvBlank: UInt8 = 2
    /// JSON escapes it: a control character, quote or backslash.
    static let jsonEscape: UInt8 = 4
    /// Not ASCII: the text must be checked to be valid UTF-8.
    static let nonASCII: UInt8 = 8

    /// The table, made once; a writer takes it once, not per value (a
    /// global's every use checks that it is initialised).
    static let shared = ByteClasses()

    /// The classes of every byte of the text, or-ed together.
    func of(_ bytes: UnsafeRawBufferPointer) -> UInt8 {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        var found: UInt8 = 0
        for offset in 0..<bytes.count { found |= classes[Int(base[offset])] }
        return found
    }

    /// Whether text with these classes prints as its bytes: ASCII, or valid
    /// UTF-8. Anything else goes through a Swift string, which repairs it
    /// the way `write` does.
    static func isValidText(_ bytes: UnsafeRawBufferPointer, _ classes: UInt8) -> Bool {
        guard classes & nonASCII != 0, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        return String(validating: UnsafeBufferPointer(start: base, count: bytes.count), as: UTF8.self) != nil
    }

    /// 256 entries, made once and never changed or freed.
    private let classes: UnsafePointer<UInt8>

    private init() {
        let entries = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0..<256 {
            var classes: UInt8 = 0
            if byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { classes |= Self.csvQuote }
            if byte == 0x09 || byte == 0x0A || byte == 0x0D { classes |= Self.tsvBlank }
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { classes |= Self.jsonEscape }
            if byte >= 0x80 { classes |= Self.nonASCII }
            entries[byte] = classes
        }
        classes = UnsafePointer(entries)
    }
}
