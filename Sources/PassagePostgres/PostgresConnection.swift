#if canImport(Glibc)
import Glibc
#endif
internal import CLibPQ

/// One connection to a PostgreSQL server through libpq.
///
/// Every message it keeps or throws is redacted of the URL's password and
/// `PGPASSWORD`. Notices are dropped (libpq would print them). Closing is
/// explicit; `deinit` closes a connection left open, which makes the server
/// roll back a transaction still open.
public final class PostgresConnection {
    var handle: OpaquePointer?
    public let url: ConnectionURL

    /// Connects, waiting at most `connectTimeout` seconds per address unless
    /// the URL sets its own `connect_timeout`.
    public init(url: ConnectionURL, applicationName: String = "passage", connectTimeout: Int = 10) throws {
        self.url = url
        try LibPQ.load()
        // Keywords before `dbname` are defaults: with expand_dbname the URL's
        // own settings, expanded from `dbname`, override them.
        let keywords = ["connect_timeout", "application_name", "dbname"]
        let values = [String(connectTimeout), applicationName, url.text]
        let connection = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw PostgresError(message: "libpq could not allocate a connection", context: "connecting to \(url.redacted)")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = url.redact(String(cString: PQerrorMessage(connection)).trimmingTrailingNewlines)
            PQfinish(connection)
            throw PostgresError(message: message, context: "cannot connect to \(url.redacted)")
        }
        passage_pq_silence_notices(connection)
        handle = connection
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Closes the connection; an open transaction is rolled back by the server.
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    func liveHandle() throws -> OpaquePointer {
        guard let handle else { throw PostgresError(message: "the connection is closed") }
        return handle
    }

    /// Where the connection went, as libpq resolved it: `user@host:port/database`.
    public var description: String {
        guard let handle else { return url.redacted }
        func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }
        return url.redact("postgresql://\(text(PQuser(handle)))@\(text(PQhost(handle))):\(text(PQport(handle)))/\(text(PQdb(handle)))")
    }

    /// Whether the connection is encrypted with TLS.
    public var usesTLS: Bool { handle.map { PQsslInUse($0) != 0 } ?? false }

    /// The server's version as a number (150018 for 15.18).
    public var serverVersion: Int { handle.map { Int(PQserverVersion($0)) } ?? 0 }

    // MARK: Queries

    /// Runs one or more statements that take no parameters.
    public func execute(_ sql: String) throws {
        let handle = try liveHandle()
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK], sql: sql)
    }

    /// Runs one statement with text parameters (`$1`, `$2`…; nil is NULL)
    /// and returns its rows as text (nil for NULL).
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let handle = try liveHandle()
        let result = withOptionalCStrings(parameters) { pointers in
            PQexecParams(handle, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
        }
        defer { PQclear(result) }
        try check(result, expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK], sql: sql)
        guard let result else { return [] }
        let rowCount = PQntuples(result), columnCount = PQnfields(result)
        var rows: [[String?]] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            rows.append((0..<columnCount).map { column in
                PQgetisnull(result, row, column) != 0 ? nil : String(cString: PQgetvalue(result, row, column))
            })
        }
        return rows
    }

    /// The first column of the first row, or nil.
    public func scalar(_ sql: String, _ parameters: [String?] = []) throws -> String? {
        try query(sql, parameters).first?.first ?? nil
    }

    /// Runs `COPY … FROM STDIN` (text format) with the rows `body` writes;
    /// returns how many rows the server took. An error thrown by `body`
    /// aborts the COPY (the server discards it) and is rethrown.
    @discardableResult
    public func copyIn(_ sql: String, _ body: (CopyWriter) throws -> Void) throws -> Int {
        let handle = try liveHandle()
        let start = PQexec(handle, sql)
        do {
            try check(start, expecting: [PGRES_COPY_IN], sql: sql)
            PQclear(start)
        } catch {
            PQclear(start)
            throw error
        }
        let writer = CopyWriter(connection: self, handle: handle, sql: sql)
        var bodyError: (any Error)?
        do {
            try body(writer)
            try writer.flush()
        } catch {
            bodyError = error
        }
        let ended = bodyError == nil ? PQputCopyEnd(handle, nil) : PQputCopyEnd(handle, "passage stopped the copy")
        // Read every result, to leave the connection ready for the next command.
        var firstError: (any Error)? = ended == 1 ? nil : connectionError(sql: sql)
        var rows = 0
        while let result = PQgetResult(handle) {
            do {
                try check(result, expecting: [PGRES_COMMAND_OK], sql: sql)
                rows += Int(String(cString: PQcmdTuples(result))) ?? 0
            } catch {
                if firstError == nil { firstError = error }
            }
            PQclear(result)
        }
        if let bodyError { throw bodyError }
        if let firstError { throw firstError }
        return rows
    }

    // MARK: Errors

    func check(_ result: OpaquePointer?, expecting statuses: [ExecStatusType], sql: String) throws {
        guard let result else { throw connectionError(sql: sql) }
        let status = PQresultStatus(result)
        if statuses.contains(status) { return }
        let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            ?? String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines
        let detail = PQresultErrorField(result, Int32(UInt8(ascii: "D"))).map { String(cString: $0) }
        let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let full = detail.map { "\(message) (\($0))" } ?? message
        throw PostgresError(message: url.redact(full.isEmpty ? connectionMessage() : full), sqlState: sqlState)
    }

    func connectionError(sql: String) -> PostgresError {
        PostgresError(message: connectionMessage(), context: "the connection to \(url.redacted) failed")
    }

    func connectionMessage() -> String {
        guard let handle else { return "the connection is closed" }
        let text = String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines
        return url.redact(text.isEmpty ? "the server closed the connection" : text)
    }
}

@available(*, unavailable)
extension PostgresConnection: Sendable {}

/// Calls `body` with a C array of the strings, NULL-terminated.
func withCStrings<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
    withOptionalCStrings(strings.map { Optional($0) }, body)
}

/// Calls `body` with a C array of the strings (nil stays NULL), NULL-terminated.
func withOptionalCStrings<Result>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
