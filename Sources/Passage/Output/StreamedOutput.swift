import PassageSQLite

extension RowFormatter {
    /// Writes a statement's rows as CSV, TSV, JSON or NDJSON bytes, straight
    /// from SQLite's column text (integers formatted here rather than by
    /// SQLite, which would allocate their text) to `emit`, in blocks of
    /// 64 KiB: no Swift string per value (but for the columns the codec
    /// converts). Values print exactly as `write(_:booleanColumns:to:)`
    /// prints them. Returns how many rows it
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
            guard let written = try format.writer.writeStreamed(statement, columns: columns, booleans: booleans, codec: codec.columns(columns),
                                                                byteClasses, to: &out) else {
                return nil
            }
            rows = written
        } catch {
            // Only whole rows are buffered when a step fails: write them.
            out.flush()
            throw out.error ?? error
        }
        out.flush()
        if let error = out.error { throw error }
        return rows
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
