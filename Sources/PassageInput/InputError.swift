/// A problem in an input file, located so the loader can print `FILE:LINE: column: message`.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the bad record (or, for a syntax error, the bad token) starts; 1-based.
    public var line: Int
    /// The column (header name or JSON key) when known.
    public var column: String?
    /// Short, lower-case and actionable, e.g. "unterminated quoted field (opened here)".
    public var message: String
    /// True when the reader cannot go on in this file: `next()` returns nil afterwards.
    public var isFatal: Bool
    /// JSON: the line of the offending value, when known (`line` is where its record starts).
    public var valueLine: Int?
    /// In a JSON array: the element's place, counting from 1.
    public var element: Int?

    /// Equal when line, column, message and fatality are (the rest is for messages).
    public static func == (lhs: InputError, rhs: InputError) -> Bool {
        lhs.line == rhs.line && lhs.column == rhs.column && lhs.message == rhs.message && lhs.isFatal == rhs.isFatal
    }

    public init(line: Int, column: String? = nil, message: String, isFatal: Bool = false) {
        self.line = line
        self.column = column
        self.message = message
        self.isFatal = isFatal
    }

    /// "LINE: column: message", or "LINE: message" without a column.
    public var description: String {
        if let column { return "\(line): \(column): \(message)" }
        return "\(line): \(message)"
    }
}

/// A file that cannot be opened at all (missing, unreadable, a directory).
///
/// Separate from `InputError` because there is no line to point at.
public struct SourceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// "cannot read PATH: reason".
    public var description: String { "cannot read \(path): \(message)" }
}
