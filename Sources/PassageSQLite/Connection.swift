internal import CSQLite

/// One SQLite connection.
///
/// Opening turns on extended result codes, foreign keys, a busy timeout and,
/// for writers, WAL; it fails with a clear error on a file that is not a
/// database. Closing is explicit (`close()`) and checked; `deinit` only
/// releases what an unclosed connection still holds.
public final class Connection {
    /// How to open the file.
    public enum Mode: Sendable {
        /// Read and write; create the file when `create` is true.
        case readWrite(create: Bool)
        /// Read only: SQLite refuses every write, `ATTACH` of a new file included.
        case readOnly
    }

    var handle: OpaquePointer?
    public let path: String
    public let mode: Mode

    /// Opens `path`.
    ///
    /// - Parameter busyTimeout: how long a statement waits for another
    ///   process's lock before failing with `SQLITE_BUSY`.
    /// - Parameter pageSize: the page size of a database that has no pages
    ///   yet (a power of two from 512 to 65536); a file that already holds a
    ///   database keeps its own, as SQLite fixes it at creation. Writers only.
    public init(path: String, mode: Mode = .readWrite(create: true), busyTimeout: Duration = .seconds(30), pageSize: Int? = nil) throws {
        self.path = path
        self.mode = mode
        // Checked before opening, which may create the file.
        if let pageSize, !(512...65536).contains(pageSize) || pageSize & (pageSize - 1) != 0 {
            throw SQLiteError.misuse("page size \(pageSize) is not a power of two from 512 to 65536")
        }
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readWrite(let create):
            flags |= SQLITE_OPEN_READWRITE
            if create { flags |= SQLITE_OPEN_CREATE }
        case .readOnly:
            flags |= SQLITE_OPEN_READONLY
        }
        _ = Connection.configureLibraryOnce
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            // A failed open still allocates a handle that must be closed.
            sqlite3_close_v2(opened)
            throw SQLiteError(extendedCode: code, message: "cannot open \(path): \(message)")
        }
        handle = opened
        do {
            try setUp(busyTimeout: busyTimeout, pageSize: pageSize)
        } catch {
            sqlite3_close_v2(opened)
            handle = nil
            throw error
        }
    }

    deinit {
        if let handle { sqlite3_close_v2(handle) }
    }

    /// Library-wide settings, made once before the first connection opens:
    /// no memory statistics (a global mutex on every allocation, for
    /// numbers Passage never reads).
    private static let configureLibraryOnce: Void = {
        _ = passage_sqlite3_disable_memory_statistics()
    }()

    private func setUp(busyTimeout: Duration, pageSize: Int?) throws {
        let handle = try openHandle()
        sqlite3_extended_result_codes(handle, 1)
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        // Reading the schema is the first moment SQLite looks at the file:
        // a file that is not a database fails here with SQLITE_NOTADB.
        do {
            _ = try scalarInt("SELECT count(*) FROM sqlite_schema")
        } catch let error as SQLiteError where error.code == .notADatabase {
            throw SQLiteError(extendedCode: error.extendedCode, message: "\(path) is not a SQLite database", sql: error.sql)
        }
        try execute("PRAGMA foreign_keys = ON")
        // fts3_tokenizer() returns a function pointer and its two-argument
        // form registers one (a known exploit primitive); Debian's SQLite
        // enables it. No connection of ours needs it.
        try configure(option: DatabaseOption.fts3Tokenizer, enabled: false)
        if case .readWrite = mode {
            // Before WAL: switching to WAL writes the first page, and with it
            // the page size for good.
            if let pageSize { try execute("PRAGMA page_size = \(pageSize)") }
            // WAL lets reports read while a load writes; FULL sync makes a
            // committed load survive power loss, at one fsync per commit.
            let journal = try scalarText("PRAGMA journal_mode = WAL")
            guard journal?.lowercased() == "wal" else {
                throw SQLiteError(extendedCode: SQLITE_ERROR, message: "cannot switch \(path) to WAL (journal mode stays \(journal ?? "unknown"))")
            }
            try execute("PRAGMA synchronous = FULL")
            // Deleted personal data is overwritten, not left in free pages.
            try execute("PRAGMA secure_delete = ON")
        }
    }

    func openHandle() throws -> OpaquePointer {
        guard let handle else { throw SQLiteError.misuse("the connection to \(path) is closed") }
        return handle
    }

    /// Whether `close()` has succeeded.
    public var isClosed: Bool { handle == nil }

    /// Closes the connection. Throws, and stays open, while statements made
    /// from it are still alive.
    public func close() throws {
        guard let handle else { return }
        let code = sqlite3_close(handle)
        guard code == SQLITE_OK else { throw error(code: code, sql: nil) }
        self.handle = nil
    }

    /// Builds the error for a failing call, reading SQLite's message at once.
    func error(code: Int32, sql: String?, arguments: [SQLiteValue]? = nil) -> SQLiteError {
        guard let handle else { return SQLiteError(extendedCode: code, message: String(cString: sqlite3_errstr(code)), sql: sql) }
        let extended = sqlite3_extended_errcode(handle)
        // The connection's last error may be older than this call; trust the
        // call's own code when the two disagree on the primary code.
        let best = (extended & 0xFF) == (code & 0xFF) ? extended : code
        return SQLiteError(extendedCode: best, message: String(cString: sqlite3_errmsg(handle)), sql: sql, arguments: arguments)
    }

    /// Runs one or more statements that take no arguments (schema, pragmas).
    public func execute(_ sql: String) throws {
        let handle = try openHandle()
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(message)
            throw SQLiteError(extendedCode: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// Prepares one statement. Trailing text after the first statement is an
    /// error: it would otherwise be silently ignored.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// Runs a statement with arguments and steps it to the end.
    public func run(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws {
        let statement = try prepare(sql)
        try statement.run(arguments)
    }

    /// The first column of the first row, as an integer (nil when NULL or no row).
    public func scalarInt(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws -> Int64? {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        return try statement.step() ? statement.optionalInt(at: 0) : nil
    }

    /// The first column of the first row, as text (nil when NULL or no row).
    public func scalarText(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws -> String? {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        return try statement.step() ? statement.optionalText(at: 0) : nil
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE (not counting triggers).
    public var changes: Int { handle.map { Int(sqlite3_changes64($0)) } ?? 0 }

    /// Rows changed since the connection opened, by every statement and the
    /// triggers they fired.
    public var totalChanges: Int { handle.map { Int(sqlite3_total_changes64($0)) } ?? 0 }

    /// The rowid of the last successful INSERT.
    public var lastInsertRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    /// Whether a transaction is open (SQLite is not in autocommit mode).
    public var isInTransaction: Bool { handle.map { sqlite3_get_autocommit($0) == 0 } ?? false }

    /// Turns a `sqlite3_db_config` on/off option on or off.
    public func configure(option: Int32, enabled: Bool) throws {
        let handle = try openHandle()
        var result: Int32 = 0
        let code = passage_sqlite3_db_config_int(handle, option, enabled ? 1 : 0, &result)
        guard code == SQLITE_OK else { throw error(code: code, sql: nil) }
        guard (result != 0) == enabled else {
            throw SQLiteError(extendedCode: SQLITE_ERROR, message: "SQLite did not turn option \(option) \(enabled ? "on" : "off")")
        }
    }

    /// Interrupts a running statement from another thread (used on SIGINT).
    public func interrupt() {
        if let handle { sqlite3_interrupt(handle) }
    }

    /// The version of the SQLite library in use.
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

// A connection and its statements must stay on one thread at a time: the
// handle is opened NOMUTEX, so SQLite does no locking of its own for it.
@available(*, unavailable)
extension Connection: Sendable {}

/// Options of `Connection.configure(option:enabled:)`.
public enum DatabaseOption {
    /// Refuses writes to the schema through `PRAGMA writable_schema` and other
    /// ways to corrupt the file on purpose.
    public static let defensive: Int32 = SQLITE_DBCONFIG_DEFENSIVE
    /// The SQL function `fts3_tokenizer()`, which reveals and registers pointers.
    public static let fts3Tokenizer: Int32 = SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER
    /// Whether SQL functions and virtual tables named in the schema (views,
    /// triggers) run without SQLITE_DIRECTONLY checks (`trusted_schema`).
    public static let trustedSchema: Int32 = SQLITE_DBCONFIG_TRUSTED_SCHEMA
}

extension Connection {
    /// Caps how many databases `ATTACH` may add; 0 refuses every `ATTACH`.
    public func limitAttachedDatabases(to count: Int32) throws {
        let handle = try openHandle()
        sqlite3_limit(handle, SQLITE_LIMIT_ATTACHED, count)
    }
}
