import PassageSQLite

/// What a stored value becomes before a format prints it: the one slot of
/// the output path where a value is changed, shared by reports, `query`,
/// `case` and `export`. A codec turns a stored value into the value shown
/// (a sealed value opened with the key, or shown as `[sealed]`); the format
/// then turns the shown value into text (`RowFormatter.plain` and `json`:
/// BLOBs as hex, booleans as `true`/`false`; the writers: quoting, and in
/// `table` and `markdown` the terminal escaping of `TerminalText`).
package struct ValueCodec: Sendable {
    fileprivate enum Rule: Sendable {
        case stored
        case maskingSealed
        case opening(ValueSealer, table: String, columns: Set<String>)
    }

    fileprivate let rule: Rule

    /// Every value as stored.
    package static let stored = ValueCodec(rule: .stored)

    /// Every sealed value as `[sealed]`, never its ciphertext: a sealed
    /// database read without its key (`passage query`).
    package static let maskingSealed = ValueCodec(rule: .maskingSealed)

    /// What a sealed value is shown as without the key.
    package static let sealedPlaceholder = "[sealed]"

    /// The personal columns of `kind` opened with the key, each value bound
    /// to its table, column and the row's `id` (which the rows must hold).
    static func opening(_ kind: RecordKind, with sealer: ValueSealer) -> ValueCodec {
        ValueCodec(rule: .opening(sealer, table: kind.table, columns: Set(kind.columns.filter(\.isPersonal).map(\.name))))
    }

    /// The codec of one result's columns.
    func columns(_ names: [String]) -> ColumnCodec {
        switch rule {
        case .stored:
            ColumnCodec(rule: rule, names: names, converts: names.map { _ in false }, idIndex: nil)
        case .maskingSealed:
            ColumnCodec(rule: rule, names: names, converts: names.map { _ in true }, idIndex: nil)
        case .opening(_, _, let columns):
            ColumnCodec(rule: rule, names: names, converts: names.map(columns.contains), idIndex: names.firstIndex(of: "id"))
        }
    }

    /// A codec bound to the columns of one result.
    struct ColumnCodec {
        fileprivate let rule: Rule
        fileprivate let names: [String]
        /// Whether each column's values are converted; the others print as
        /// stored (a streamed format's fast path).
        let converts: [Bool]
        fileprivate let idIndex: Int?
        /// No column is converted: rows pass as they are.
        let convertsNothing: Bool

        fileprivate init(rule: Rule, names: [String], converts: [Bool], idIndex: Int?) {
            self.rule = rule
            self.names = names
            self.converts = converts
            self.idIndex = idIndex
            convertsNothing = !converts.contains(true)
        }

        /// The value shown for a stored value of `column`; `id` reads the
        /// row's id when the codec needs it.
        func value(_ stored: SQLiteValue, column: Int, id: () -> String?) throws -> SQLiteValue {
            guard converts[column], case .text(let text) = stored else { return stored }
            switch rule {
            case .stored:
                return stored
            case .maskingSealed:
                return ValueSealer.isSealed(text) ? .text(ValueCodec.sealedPlaceholder) : stored
            case .opening(let sealer, let table, _):
                return .text(try sealer.opened(text, table: table, column: names[column], id: id() ?? ""))
            }
        }

        /// A row with every converted column's value shown.
        func row(_ stored: [SQLiteValue]) throws -> [SQLiteValue] {
            guard !convertsNothing else { return stored }
            let id = idIndex.flatMap { index -> String? in
                if case .text(let text) = stored[index] { return text }
                return nil
            }
            return try stored.indices.map { try value(stored[$0], column: $0, id: { id }) }
        }

        /// Whether the codec changes the value in a converted column of the
        /// statement's current row: a value it leaves as stored keeps the
        /// format's fast path (masking looks at the text's bytes only, so a
        /// sealed database's reports cost no string per value).
        func converts(_ statement: Statement, at column: Int) -> Bool {
            guard case .maskingSealed = rule else { return true }
            let cell = statement.cell(at: column)
            guard case .text = cell.type else { return false }
            return ValueSealer.isSealed(cell.unsafeUTF8)
        }

        /// The value shown for a column of the statement's current row.
        func value(of statement: Statement, at column: Int) throws -> SQLiteValue {
            try value(statement.value(at: column), column: column, id: { idIndex.flatMap(statement.optionalText(at:)) })
        }
    }
}
