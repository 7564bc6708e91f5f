internal import CSQLite

/// An error reported by SQLite, or a misuse of the wrapper caught before it
/// reached SQLite.
///
/// It carries the extended result code, SQLite's message and the SQL. The
/// bound arguments are kept too, but they may hold personal data, so the
/// description leaves them out unless asked (`description(withArguments:)`).
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended result code, e.g. 787 (`SQLITE_CONSTRAINT_FOREIGNKEY`).
    public let extendedCode: Int32
    /// SQLite's message, read right after the failing call.
    public let message: String
    /// The SQL that failed, when there was one.
    public let sql: String?
    /// The bound arguments, when known. Not part of `description`.
    public let arguments: [SQLiteValue]?

    public init(extendedCode: Int32, message: String, sql: String? = nil, arguments: [SQLiteValue]? = nil) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
        self.arguments = arguments
    }

    /// The primary result code, derived from the extended one.
    public var code: ResultCode { ResultCode(rawValue: extendedCode & 0xFF) }

    public var description: String { description(withArguments: false) }

    public func description(withArguments: Bool) -> String {
        var text = "SQLite error \(extendedCode) (\(code.name)): \(message)"
        if let sql { text += " — SQL: \(sql)" }
        if withArguments, let arguments { text += " — arguments: \(arguments)" }
        return text
    }

    static func misuse(_ message: String, sql: String? = nil) -> SQLiteError {
        SQLiteError(extendedCode: SQLITE_MISUSE, message: message, sql: sql)
    }
}

/// A primary SQLite result code. `catch ResultCode.constraint` style matching
/// works for every extended code of that primary code.
public struct ResultCode: RawRepresentable, Hashable, Sendable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let error = ResultCode(rawValue: SQLITE_ERROR)
    public static let permission = ResultCode(rawValue: SQLITE_PERM)
    public static let abort = ResultCode(rawValue: SQLITE_ABORT)
    public static let busy = ResultCode(rawValue: SQLITE_BUSY)
    public static let locked = ResultCode(rawValue: SQLITE_LOCKED)
    public static let readonly = ResultCode(rawValue: SQLITE_READONLY)
    public static let interrupt = ResultCode(rawValue: SQLITE_INTERRUPT)
    public static let ioError = ResultCode(rawValue: SQLITE_IOERR)
    public static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
    public static let cantOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
    public static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
    public static let mismatch = ResultCode(rawValue: SQLITE_MISMATCH)
    public static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
    public static let auth = ResultCode(rawValue: SQLITE_AUTH)
    public static let range = ResultCode(rawValue: SQLITE_RANGE)
    public static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)

    /// SQLite's own short English name for the code.
    public var name: String { String(cString: sqlite3_errstr(rawValue)) }

    /// Lets `catch let error as SQLiteError where ResultCode.busy ~= error` read naturally.
    public static func ~= (code: ResultCode, error: any Error) -> Bool {
        guard let error = error as? SQLiteError else { return false }
        return error.code == code
    }
}

/// Extended result codes that do not import into Swift (they are macros built
/// with a shift).
public enum ExtendedCode {
    public static let constraintCheck: Int32 = SQLITE_CONSTRAINT | (1 << 8)
    public static let constraintForeignKey: Int32 = SQLITE_CONSTRAINT | (3 << 8)
    public static let constraintNotNull: Int32 = SQLITE_CONSTRAINT | (5 << 8)
    public static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
    public static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
    public static let readonlyDatabase: Int32 = SQLITE_READONLY
}
