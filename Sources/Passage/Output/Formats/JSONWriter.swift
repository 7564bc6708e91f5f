import PassageSQLite

/// `json` (one array of objects) and `ndjson` (one object a line): each row
/// an object keyed by column name, numbers as numbers, unknown as `null`,
/// booleans as `true`/`false`. Streamed: text is copied as it is unless it
/// needs escaping.
struct JSONWriter: RowWriter {
    let asArray: Bool

    func write(columns: [String], booleans: [Bool], rows next: () throws -> [SQLiteValue]?, to emit: (String) -> Void) throws {
        if asArray {
            emit("[")
            var first = true
            while let row = try next() {
                emit((first ? "\n  " : ",\n  ") + Self.jsonObject(row, columns, booleans))
                first = false
            }
            emit(first ? "]\n" : "\n]\n")
        } else {
            while let row = try next() { emit(Self.jsonObject(row, columns, booleans) + "\n") }
        }
    }

    func writeStreamed(_ statement: Statement, columns: [String], booleans: [Bool], codec: ValueCodec.ColumnCodec, _ byteClasses: ByteClasses,
                       to out: inout OutputBuffer) throws -> Int? {
        let converts = codec.convertsNothing ? nil : codec.converts
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
                if let converts, converts[index], codec.converts(statement, at: index) {
                    // What the codec converts goes by the path of `write`.
                    out.append(string: RowFormatter.json(try codec.value(of: statement, at: index), boolean: booleans[index]))
                    continue
                }
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
                    out.append(string: RowFormatter.json(statement.value(at: index), boolean: booleans[index]))
                }
            }
            out.append(UInt8(ascii: "}"))
            if !asArray { out.append(UInt8(ascii: "\n")) }
        }
        if asArray { out.append(rows == 0 ? "]\n" : "\n]\n") }
        return rows
    }

    static func jsonObject(_ row: [SQLiteValue], _ columns: [String], _ booleans: [Bool]) -> String {
        "{" + row.enumerated().map { JSONText.quote(columns[$0.offset]) + ":" + RowFormatter.json($0.element, boolean: booleans[$0.offset]) }
            .joined(separator: ",") + "}"
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
