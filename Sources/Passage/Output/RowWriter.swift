import PassageSQLite

/// One output format, in one type: a new format (HTML, GeoJSON, …) is one
/// new file with its writer, and a case of `OutputFormat` naming it.
///
/// `write` prints any rows: a report's table, or a statement stepped
/// through, each row already through the codec. `writeStreamed` is a
/// format's fast path, where it has one: a statement's rows as bytes
/// straight from SQLite's column text into a 64 KiB block, printing exactly
/// what `write` prints; a column the codec converts goes through the codec
/// and the format's value path instead.
protocol RowWriter: Sendable {
    func write(columns: [String], booleans: [Bool], rows next: () throws -> [SQLiteValue]?, to emit: (String) -> Void) throws

    /// Returns how many rows it wrote, or nil, having written nothing, when
    /// the format has no fast path (its rows then go through `write`).
    func writeStreamed(_ statement: Statement, columns: [String], booleans: [Bool], codec: ValueCodec.ColumnCodec, _ byteClasses: ByteClasses,
                       to out: inout OutputBuffer) throws -> Int?
}

extension RowWriter {
    func writeStreamed(_ statement: Statement, columns: [String], booleans: [Bool], codec: ValueCodec.ColumnCodec, _ byteClasses: ByteClasses,
                       to out: inout OutputBuffer) throws -> Int? {
        nil
    }
}

extension OutputFormat {
    /// The writer of each format.
    var writer: any RowWriter {
        switch self {
        case .table: TableWriter()
        case .csv: DelimitedWriter(isCSV: true)
        case .tsv: DelimitedWriter(isCSV: false)
        case .json: JSONWriter(asArray: true)
        case .ndjson: JSONWriter(asArray: false)
        case .markdown: MarkdownWriter()
        }
    }
}
