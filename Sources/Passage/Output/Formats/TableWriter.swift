import PassageSQLite

/// `table`: aligned columns for a person (`AlignedTable.swift`). It must see
/// every row before the first is printed, so it has no streamed path.
struct TableWriter: RowWriter {
    func write(columns: [String], booleans: [Bool], rows next: () throws -> [SQLiteValue]?, to emit: (String) -> Void) throws {
        try RowFormatter.writeAligned(columns: columns, booleans: booleans, rows: next, to: emit)
    }
}
