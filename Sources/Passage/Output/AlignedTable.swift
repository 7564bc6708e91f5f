import PassageSQLite

extension RowFormatter {
    /// The `table` format: columns padded to their widest value (in the
    /// columns a terminal gives it: CJK and emoji count two), numbers right-aligned, two spaces between columns,
    /// no trailing blanks, a row of dashes under the header.
    ///
    /// Every row must be seen before the first is printed, so the cells are
    /// kept as the bytes of their text in one array (about the size of the
    /// output), not as values and strings: 200,000 rows print in well under
    /// a second. A row whose text is all printable ASCII is padded byte by
    /// byte; any other row (accents, line breaks, control characters) goes
    /// through Swift strings, which count characters as a person sees them.
    static func writeAligned(columns: [String], booleans: [Bool], rows next: () throws -> [SQLiteValue]?, to emit: (String) -> Void) throws {
        var cells = TableCells(columns: columns)
        var hasValue = [Bool](repeating: false, count: columns.count)
        var allNumbers = [Bool](repeating: true, count: columns.count)
        while let row = try next() {
            for (index, value) in row.enumerated() {
                switch value {
                case .null: break
                case .integer, .real: hasValue[index] = true
                case .text, .blob: hasValue[index] = true; allNumbers[index] = false
                }
                cells.append(plain(value, boolean: booleans[index]), column: index)
            }
            cells.endRow()
        }
        let numeric = columns.indices.map { !booleans[$0] && hasValue[$0] && allNumbers[$0] }

        func stringLine(_ values: [String]) -> String {
            values.enumerated().map { index, value in
                let padding = String(repeating: " ", count: max(0, cells.widths[index] - TerminalText.displayWidth(value)))
                return numeric[index] ? padding + value : value + padding
            }.joined(separator: "  ").replacing(/\s+$/, with: "") + "\n"
        }
        emit(stringLine(columns.map(TerminalText.cell)))
        emit(stringLine(cells.widths.map { String(repeating: "-", count: $0) }))

        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 16)
        for row in 0..<cells.rowCount {
            if cells.isPlainASCII(row: row) {
                let lineStart = chunk.count
                for column in columns.indices {
                    if column > 0 { chunk.append(contentsOf: [0x20, 0x20]) }
                    let text = cells.bytes(row: row, column: column)
                    let padding = cells.widths[column] - text.count
                    if numeric[column] { chunk.append(contentsOf: repeatElement(0x20, count: padding)) }
                    chunk.append(contentsOf: text)
                    if !numeric[column] { chunk.append(contentsOf: repeatElement(0x20, count: padding)) }
                }
                while chunk.count > lineStart, chunk.last == 0x20 { chunk.removeLast() }
                chunk.append(0x0A)
            } else {
                let values = columns.indices.map { String(decoding: cells.bytes(row: row, column: $0), as: UTF8.self) }
                chunk.append(contentsOf: stringLine(values).utf8)
            }
            if chunk.count >= 1 << 16 {
                emit(String(decoding: chunk, as: UTF8.self))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if cells.rowCount == 0 { chunk.append(contentsOf: "(no rows)\n".utf8) }
        if !chunk.isEmpty { emit(String(decoding: chunk, as: UTF8.self)) }
    }
}

/// The cells of a table being aligned: their text in one byte array, where
/// each cell ends, each column's width, and which rows are plain ASCII.
private struct TableCells {
    private var text: [UInt8] = []
    private var ends: [Int] = []
    private var plainRows: [Bool] = []
    private var rowIsPlain = true
    private let columnCount: Int
    private(set) var widths: [Int]

    init(columns: [String]) {
        columnCount = columns.count
        widths = columns.map { TerminalText.displayWidth(TerminalText.cell($0)) }
    }

    var rowCount: Int { plainRows.count }

    /// Adds the next cell of the current row: line breaks become spaces, as
    /// a person's table needs one line per row, and any other control
    /// character is escaped (`TerminalText.cell`).
    mutating func append(_ value: String, column: Int) {
        // Printable ASCII: one byte is one column, and no byte is blank but the space.
        let plain = value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        let shown = plain ? value : TerminalText.cell(value)
        if !plain { rowIsPlain = false }
        text.append(contentsOf: shown.utf8)
        ends.append(text.count)
        widths[column] = max(widths[column], plain ? value.utf8.count : TerminalText.displayWidth(shown))
    }

    mutating func endRow() {
        plainRows.append(rowIsPlain)
        rowIsPlain = true
    }

    func isPlainASCII(row: Int) -> Bool { plainRows[row] }

    func bytes(row: Int, column: Int) -> ArraySlice<UInt8> {
        let index = row * columnCount + column
        return text[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }
}
