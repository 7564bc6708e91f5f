/// One record read from a file, before any validation against a record kind.
///
/// Readers hand these to the loader one at a time, so the loader never holds
/// more than one record of a file in memory.
public struct RawRecord: Sendable, Equatable {
    /// Equal when the line and fields are: where in an array, or on which
    /// line a value sat, is for messages only.
    public static func == (lhs: RawRecord, rhs: RawRecord) -> Bool {
        lhs.line == rhs.line && lhs.fields == rhs.fields
    }

    /// The 1-based physical line where the record starts (a CSV record may span lines).
    public var line: Int
    /// The fields in file order: header order for CSV/TSV, key order for JSON.
    public var fields: [RawField]
    /// In a JSON array, the element's place in it, counting from 1.
    public var element: Int?

    public init(line: Int, fields: [RawField], element: Int? = nil) {
        self.line = line
        self.fields = fields
        self.element = element
    }
}

/// One column of a record: its name (header cell or JSON key) and what was written.
public struct RawField: Sendable, Equatable {
    /// Equal when the name and value are (the line is for messages only).
    public static func == (lhs: RawField, rhs: RawField) -> Bool {
        lhs.column == rhs.column && lhs.value == rhs.value
    }

    public var column: String
    public var value: RawValue
    /// The line of the value (JSON; 0 when it is the record's line).
    public var line: Int

    public init(column: String, value: RawValue, line: Int = 0) {
        self.column = column
        self.value = value
        self.line = line
    }
}

/// A value as it appeared in the file; typing is the loader's job, so numbers keep their literal text.
public enum RawValue: Sendable, Equatable {
    /// CSV: an empty cell (also `""`); JSON: `null`.
    case null
    /// CSV: any non-empty cell, exactly as written; JSON: a string.
    case text(String)
    /// A JSON number, its literal text exactly as written (e.g. "3", "-1.5e3").
    case number(String)
    /// JSON `true` / `false`.
    case bool(Bool)
}
