import PassageSQLite

/// A typed record of one of the nine kinds. `storedValues` are the kind's
/// columns in order, as the database holds them (times in canonical text).
public protocol Record: Sendable, Equatable {
    static var kind: RecordKind { get }
    var id: String { get }
    var storedValues: [SQLiteValue] { get }
    init(storedValues: [SQLiteValue]) throws
}

/// A stored value that does not fit the typed record.
public struct RecordDecodingError: Error, CustomStringConvertible {
    public let description: String
}

/// Reads typed values out of a stored row, by column name.
struct StoredRow {
    let values: [SQLiteValue]
    let kind: RecordKind

    init(_ values: [SQLiteValue], _ kind: RecordKind) throws {
        guard values.count == kind.columns.count else {
            throw RecordDecodingError(description: "\(kind.table) has \(kind.columns.count) columns, got \(values.count)")
        }
        self.values = values
        self.kind = kind
    }

    private func value(_ name: String) -> SQLiteValue {
        values[ColumnIndex.position(kind, name)]
    }

    func text(_ name: String) -> String? {
        if case .text(let text) = value(name) { text } else { nil }
    }

    func requiredText(_ name: String) throws -> String {
        guard let text = text(name) else {
            throw RecordDecodingError(description: "\(kind.table).\(name) is missing")
        }
        return text
    }

    func integer(_ name: String) -> Int? {
        if case .integer(let value) = value(name) { Int(value) } else { nil }
    }

    func real(_ name: String) -> Double? {
        switch value(name) {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    func choice<E: RawRepresentable<String>>(_ name: String) throws -> E {
        guard let raw = text(name) else { throw RecordDecodingError(description: "\(kind.table).\(name) is missing") }
        guard let value = E(rawValue: raw) else { throw RecordDecodingError(description: "'\(raw)' is not a valid \(name)") }
        return value
    }

    func optionalChoice<E: RawRepresentable<String>>(_ name: String) throws -> E? {
        guard value(name) != .null else { return nil }
        return try choice(name) as E
    }
}

extension RecordKind {
    /// A row of values in column order, from the values named by column:
    /// every column named once (a name that is not a column, or a column
    /// left out, stops the program at its first use, and every test with it).
    func row(_ named: KeyValuePairs<String, SQLiteValue>) -> [SQLiteValue] {
        precondition(named.count == columns.count, "\(table) has \(columns.count) columns, \(named.count) named")
        var values = [SQLiteValue](repeating: .null, count: columns.count)
        for (name, value) in named { values[ColumnIndex.position(self, name)] = value }
        return values
    }
}

extension Optional where Wrapped == String {
    var stored: SQLiteValue { map { .text($0) } ?? .null }
}
extension Optional where Wrapped == Int {
    var stored: SQLiteValue { map { .integer(Int64($0)) } ?? .null }
}
extension Optional where Wrapped == Double {
    var stored: SQLiteValue { map { .real($0) } ?? .null }
}
extension RawRepresentable where RawValue == String {
    var stored: SQLiteValue { .text(rawValue) }
}
