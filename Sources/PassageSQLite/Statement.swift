internal import CSQLite

/// SQLite copies bound text and blobs when given this destructor; the macro
/// does not import into Swift.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
/// SQLite uses bound bytes where they are, trusting them to outlive their use.
let SQLITE_STATIC = unsafeBitCast(0, to: sqlite3_destructor_type.self)

/// A prepared statement, reusable for bulk work: `reset()`, bind, `step()`.
///
/// It holds its connection strongly, so the connection cannot be closed
/// under it, and finalizes in `deinit` (or earlier with `finalize()`).
public final class Statement {
    public let connection: Connection
    public let sql: String
    var handle: OpaquePointer?
    /// How many parameters the SQL declares (`?`, `?NNN`, `:name`, `@name`, `$name`).
    public let parameterCount: Int

    init(connection: Connection, sql: String) throws {
        self.connection = connection
        self.sql = sql
        let db = try connection.openHandle()
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let code = sql.withCString { text in
            let code = sqlite3_prepare_v3(db, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
            if code == SQLITE_OK, let tail, tail.pointee != 0, !Statement.isBlank(tail) {
                sqlite3_finalize(statement)
                statement = nil
                return SQLITE_MISUSE
            }
            return code
        }
        if code == SQLITE_MISUSE && statement == nil {
            throw SQLiteError.misuse("only one statement may be prepared at a time", sql: sql)
        }
        guard code == SQLITE_OK else { throw connection.error(code: code, sql: sql) }
        guard let statement else {
            throw SQLiteError.misuse("no statement in the SQL text", sql: sql)
        }
        handle = statement
        parameterCount = Int(sqlite3_bind_parameter_count(statement))
    }

    /// Whether the rest of the SQL text holds only white space, comments and semicolons.
    private static func isBlank(_ text: UnsafePointer<CChar>) -> Bool {
        var rest = String(cString: text)[...]
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == ";" }
            if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
            } else if rest.hasPrefix("/*") {
                guard let end = rest.firstRange(of: "*/") else { return false }
                rest = rest[end.upperBound...]
            } else {
                return rest.isEmpty
            }
        }
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Releases the statement now. Later use throws.
    public func finalize() {
        sqlite3_finalize(handle)
        handle = nil
    }

    func liveHandle() throws -> OpaquePointer {
        guard let handle else { throw SQLiteError.misuse("the statement is finalized", sql: sql) }
        guard !connection.isClosed else { throw SQLiteError.misuse("the connection is closed", sql: sql) }
        return handle
    }

    /// Whether the statement leaves the database unchanged (SQLite's own judgement).
    public var isReadOnly: Bool { handle.map { sqlite3_stmt_readonly($0) != 0 } ?? true }

    // MARK: Binding

    /// Binds every parameter by position. The count must match exactly.
    public func bind(_ arguments: [any SQLiteBindable]) throws {
        _ = try liveHandle()
        guard arguments.count == parameterCount else {
            throw SQLiteError.misuse("the statement takes \(parameterCount) arguments, got \(arguments.count)", sql: sql)
        }
        for (offset, argument) in arguments.enumerated() {
            try bind(argument.sqliteValue, at: offset + 1)
        }
    }

    /// Binds parameters by name (`:name`, `@name` or `$name`; give the name
    /// without its prefix). Every parameter the SQL names must be given, and
    /// every name given must be one the SQL uses.
    public func bind(named arguments: [String: any SQLiteBindable]) throws {
        let handle = try liveHandle()
        var unused = Set(arguments.keys)
        for index in 1...max(parameterCount, 1) where index <= parameterCount {
            guard let cName = sqlite3_bind_parameter_name(handle, Int32(index)) else {
                throw SQLiteError.misuse("parameter \(index) has no name", sql: sql)
            }
            let name = String(String(cString: cName).dropFirst())
            guard let value = arguments[name] else {
                throw SQLiteError.misuse("no value for parameter :\(name)", sql: sql)
            }
            unused.remove(name)
            try bind(value.sqliteValue, at: index)
        }
        if let name = unused.sorted().first {
            throw SQLiteError.misuse("the statement has no parameter :\(name)", sql: sql)
        }
    }

    /// The names of the statement's named parameters, without their prefix, in order.
    public var parameterNames: [String] {
        guard let handle else { return [] }
        return (0..<parameterCount).compactMap { offset in
            sqlite3_bind_parameter_name(handle, Int32(offset + 1)).map { String(String(cString: $0).dropFirst()) }
        }
    }

    /// Binds one value at a 1-based index.
    public func bind(_ value: SQLiteValue, at index: Int) throws {
        let handle = try liveHandle()
        guard (1...max(parameterCount, 1)).contains(index), index <= parameterCount else {
            throw SQLiteError.misuse("parameter index \(index) is out of range 1...\(parameterCount)", sql: sql)
        }
        let code = Statement.bind(handle, Int32(index), value)
        guard code == SQLITE_OK else { throw connection.error(code: code, sql: sql) }
    }

    /// Binds `values` to the parameters from `index` on and runs the
    /// statement once, for statements that return no row (an INSERT, an
    /// upsert): the loader's hot path. Text is bound where it lies
    /// (SQLITE_STATIC), not copied, because each string's bytes stay valid
    /// until the step is done. Every parameter (these and any others) is
    /// NULL again when it returns, and a row the statement returns anyway is
    /// dropped (the statement is reset), so nothing can read those bytes
    /// after they are gone.
    public func run(binding values: [SQLiteValue], from index: Int) throws {
        let handle = try liveHandle()
        guard index >= 1, index + values.count - 1 <= parameterCount else {
            throw SQLiteError.misuse("parameters \(index)...\(index + values.count - 1) are out of range 1...\(parameterCount)", sql: sql)
        }
        defer { sqlite3_clear_bindings(handle) }
        try values.withUnsafeBufferPointer { buffer in
            try bindInPlace(handle, buffer, from: 0, firstPosition: Int32(index))
        }
    }

    /// Binds `values[offset...]`, each text inside the closure that lends
    /// its bytes, then steps inside the innermost one.
    private func bindInPlace(_ handle: OpaquePointer, _ values: UnsafeBufferPointer<SQLiteValue>, from offset: Int, firstPosition: Int32) throws {
        var offset = offset
        while offset < values.count {
            let position = firstPosition + Int32(offset)
            if case .text(var text) = values[offset] {
                return try text.withUTF8 { bytes in
                    let code = Statement.bindText(handle, position, UnsafeRawBufferPointer(bytes), destructor: SQLITE_STATIC)
                    guard code == SQLITE_OK else { throw connection.error(code: code, sql: sql) }
                    return try bindInPlace(handle, values, from: offset + 1, firstPosition: firstPosition)
                }
            }
            let code = Statement.bind(handle, position, values[offset])
            guard code == SQLITE_OK else { throw connection.error(code: code, sql: sql) }
            offset += 1
        }
        // A row's text may point into the strings: drop it while they live.
        if try step() { sqlite3_reset(handle) }
    }

    private static func bind(_ handle: OpaquePointer, _ position: Int32, _ value: SQLiteValue) -> Int32 {
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(handle, position)
        case .integer(let integer): code = sqlite3_bind_int64(handle, position, integer)
        case .real(let real): code = sqlite3_bind_double(handle, position, real)
        case .text(let text):
            // Native strings are contiguous UTF-8: no copy on the way in.
            code = text.utf8.withContiguousStorageIfAvailable { bytes in
                Statement.bindText(handle, position, UnsafeRawBufferPointer(bytes))
            } ?? {
                var copy = text
                return copy.withUTF8 { Statement.bindText(handle, position, UnsafeRawBufferPointer($0)) }
            }()
        case .blob(let bytes):
            code = bytes.withUnsafeBytes { raw in
                sqlite3_bind_blob64(handle, position, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), UInt64(raw.count), SQLITE_TRANSIENT)
            }
        }
        return code
    }

    /// Binds UTF-8 bytes as text without making a Swift string first (the loader's hot path).
    public func bindText(_ bytes: UnsafeRawBufferPointer, at index: Int) throws {
        let handle = try liveHandle()
        let code = Statement.bindText(handle, Int32(index), bytes)
        guard code == SQLITE_OK else { throw connection.error(code: code, sql: sql) }
    }

    static func bindText(_ handle: OpaquePointer, _ position: Int32, _ bytes: UnsafeRawBufferPointer,
                         destructor: sqlite3_destructor_type = SQLITE_TRANSIENT) -> Int32 {
        // A NULL pointer would bind SQL NULL; empty text needs a real pointer.
        guard let start = bytes.baseAddress?.assumingMemoryBound(to: CChar.self), !bytes.isEmpty else {
            return sqlite3_bind_text64(handle, position, "", 0, SQLITE_TRANSIENT, UInt8(SQLITE_UTF8))
        }
        return sqlite3_bind_text64(handle, position, start, UInt64(bytes.count), destructor, UInt8(SQLITE_UTF8))
    }

    /// Binds bytes as a blob without copying them: they must stay alive and
    /// unchanged until the statement has run and its bindings are cleared
    /// (for blobs of megabytes, which a copy would double in memory).
    public func bindBlobWithoutCopy(_ bytes: UnsafeRawBufferPointer, at index: Int) throws {
        let handle = try liveHandle()
        let code = sqlite3_bind_blob64(handle, Int32(index), bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                       UInt64(bytes.count), SQLITE_STATIC)
        guard code == SQLITE_OK else { throw connection.error(code: code, sql: sql) }
    }

    /// Sets every parameter back to NULL.
    public func clearBindings() throws {
        sqlite3_clear_bindings(try liveHandle())
    }

    // MARK: Stepping

    /// Advances to the next row: true when a row is ready, false when done.
    @discardableResult
    public func step() throws -> Bool {
        let handle = try liveHandle()
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = connection.error(code: code, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Rewinds the statement so it can run again; bindings stay.
    public func reset() throws {
        let handle = try liveHandle()
        sqlite3_reset(handle)
    }

    /// Resets, binds `arguments` and steps to the end.
    public func run(_ arguments: [any SQLiteBindable] = []) throws {
        try reset()
        try bind(arguments)
        while try step() {}
        try reset()
    }

    /// Resets, binds by name and steps to the end.
    public func run(named arguments: [String: any SQLiteBindable]) throws {
        try reset()
        try bind(named: arguments)
        while try step() {}
        try reset()
    }

    // MARK: Columns

    public var columnCount: Int { handle.map { Int(sqlite3_column_count($0)) } ?? 0 }

    public func columnName(at index: Int) -> String {
        guard let handle, let name = sqlite3_column_name(handle, Int32(index)) else { return "" }
        return String(cString: name)
    }

    public var columnNames: [String] { (0..<columnCount).map(columnName(at:)) }

    public func isNull(at index: Int) -> Bool {
        guard let handle else { return true }
        return sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL
    }

    public func int(at index: Int) -> Int64 {
        guard let handle else { return 0 }
        return sqlite3_column_int64(handle, Int32(index))
    }

    public func optionalInt(at index: Int) -> Int64? {
        isNull(at: index) ? nil : int(at: index)
    }

    public func double(at index: Int) -> Double {
        guard let handle else { return 0 }
        return sqlite3_column_double(handle, Int32(index))
    }

    public func text(at index: Int) -> String {
        guard let handle, let bytes = sqlite3_column_text(handle, Int32(index)) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    public func optionalText(at index: Int) -> String? {
        isNull(at: index) ? nil : text(at: index)
    }

    public func blob(at index: Int) -> [UInt8] {
        guard let handle, let bytes = sqlite3_column_blob(handle, Int32(index)) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// A blob column of the current row, read in place: the bytes belong
    /// to SQLite and stay valid only inside `body`.
    public func withBlob<Result>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        guard let handle, let bytes = sqlite3_column_blob(handle, Int32(index)) else {
            return try body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, Int32(index)))))
    }

    /// The storage class of a column of the current row.
    public enum ColumnType: Sendable {
        case integer, real, text, blob, null
    }

    /// One column of the current row through its `sqlite3_value`: its type,
    /// integer and text each cost one call, where the `sqlite3_column_*`
    /// functions each look the column up again. For row-by-row output of
    /// large results. Valid until the next step; the connection is opened
    /// NOMUTEX, so the value needs no mutex to be read.
    public func cell(at index: Int) -> Cell {
        Cell(value: handle.flatMap { sqlite3_column_value($0, Int32(index)) })
    }

    public struct Cell {
        let value: OpaquePointer?

        public var type: ColumnType {
            guard let value else { return .null }
            switch sqlite3_value_type(value) {
            case SQLITE_INTEGER: return .integer
            case SQLITE_FLOAT: return .real
            case SQLITE_TEXT: return .text
            case SQLITE_BLOB: return .blob
            default: return .null
            }
        }

        public var int: Int64 {
            value.map { sqlite3_value_int64($0) } ?? 0
        }

        /// The value as UTF-8 text (SQLite's own conversion for numbers),
        /// without making a Swift string. The bytes belong to SQLite: they
        /// stay valid only until the statement steps, resets or finalizes.
        public var unsafeUTF8: UnsafeRawBufferPointer {
            guard let value, let bytes = sqlite3_value_text(value) else {
                return UnsafeRawBufferPointer(start: nil, count: 0)
            }
            return UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_value_bytes(value)))
        }
    }

    /// The column's value with the type SQLite holds it in.
    public func value(at index: Int) -> SQLiteValue {
        guard let handle else { return .null }
        switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_INTEGER: return .integer(int(at: index))
        case SQLITE_FLOAT: return .real(double(at: index))
        case SQLITE_TEXT: return .text(text(at: index))
        case SQLITE_BLOB: return .blob(blob(at: index))
        default: return .null
        }
    }

    /// The current row as values.
    public var row: [SQLiteValue] { (0..<columnCount).map(value(at:)) }

    /// Steps through every row, collecting them as values.
    public func allRows() throws -> [[SQLiteValue]] {
        var rows: [[SQLiteValue]] = []
        while try step() { rows.append(row) }
        return rows
    }
}

@available(*, unavailable)
extension Statement: Sendable {}
