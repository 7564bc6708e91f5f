import PassageSQLite

/// `markdown`: a pipe table, for a person (no streamed path).
struct MarkdownWriter: RowWriter {
    func write(columns: [String], booleans: [Bool], rows next: () throws -> [SQLiteValue]?, to emit: (String) -> Void) throws {
        // Most values hold neither: skip the two replacements for them.
        // (The pipe is escaped byte by byte, as a pipe followed by a
        // combining mark is one character `replacing` would miss.)
        let escape = { (text: String) in
            text.utf8.contains { $0 == UInt8(ascii: "|") || $0 == 0x0A }
                ? String(decoding: RowFormatter.replacingEvery(UInt8(ascii: "|"), in: text, with: Array("\\|".utf8)), as: UTF8.self).replacing("\n", with: " ")
                : text
        }
        emit("| " + columns.map(escape).joined(separator: " | ") + " |\n")
        emit("|" + columns.map { _ in " --- |" }.joined() + "\n")
        while let row = try next() {
            emit("| " + row.enumerated().map { escape(RowFormatter.plain($0.element, boolean: booleans[$0.offset])) }.joined(separator: " | ") + " |\n")
        }
    }
}
