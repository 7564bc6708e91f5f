import Foundation
import PassageTestSupport
import Testing
@testable import PassageSQLite

@Suite struct StatementTests {
    let folder = TemporaryDirectory()

    func makeConnection() throws -> Connection {
        let connection = try Connection(path: folder.file("s.db"))
        try connection.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n INTEGER, f INTEGER)")
        return connection
    }

    @Test func bindsAndReadsEveryType() throws {
        let connection = try makeConnection()
        try connection.run("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", [Int64(42), 2.5, "héllo", [UInt8]([0, 1, 255]), Optional<Int>.none, true])
        let statement = try connection.prepare("SELECT i, r, s, b, n, f FROM t")
        #expect(try statement.step())
        #expect(statement.int(at: 0) == 42)
        #expect(statement.double(at: 1) == 2.5)
        #expect(statement.text(at: 2) == "héllo")
        #expect(statement.blob(at: 3) == [0, 1, 255])
        #expect(statement.isNull(at: 4))
        #expect(statement.optionalInt(at: 4) == nil)
        #expect(statement.int(at: 5) == 1)
        #expect(statement.columnNames == ["i", "r", "s", "b", "n", "f"])
        #expect(try !statement.step())
    }

    /// The loader's path binds text in place for one step: every value
    /// arrives intact (short strings, long ones, empty, non-ASCII, NUL), the
    /// statement keeps no binding afterwards, and a refused row throws.
    @Test func runBindingInPlace() throws {
        let connection = try makeConnection()
        try connection.execute("CREATE TABLE u (k TEXT PRIMARY KEY, a TEXT, b INTEGER, c REAL, d BLOB, e TEXT)")
        let insert = try connection.prepare("INSERT INTO u (k, a, b, c, d, e) VALUES (?, ?, ?, ?, ?, ?)")
        let long = String(repeating: "lång text ", count: 500)
        let rows: [[SQLiteValue]] = [
            [.text("k1"), .text("short"), .integer(-5), .real(0.25), .blob([9, 0, 9]), .text(long)],
            [.text("k2"), .text(""), .null, .null, .null, .text("nul\u{0}inside")],
            [.text("k3"), .text("é✓"), .integer(Int64.max), .real(-1e300), .blob([]), .null],
        ]
        for row in rows {
            try insert.reset()
            try insert.run(binding: row, from: 1)
        }
        let select = try connection.prepare("SELECT k, a, b, c, d, e FROM u ORDER BY k")
        for row in rows {
            #expect(try select.step())
            #expect((0..<6).map { select.value(at: $0) } == row)
        }
        // Nothing stays bound: stepping again without binding inserts a row
        // of NULLs (with k3 still bound it would break the primary key).
        try insert.reset()
        #expect(try !insert.step())
        #expect(try connection.scalarInt("SELECT count(*) FROM u WHERE coalesce(k, a, b, c, d, e) IS NULL") == 1)
        // A refused row throws, and its bindings are gone too.
        try insert.reset()
        let error = #expect(throws: SQLiteError.self) { try insert.run(binding: rows[0], from: 1) }
        #expect(error?.code == .constraint)
        try insert.reset()
        #expect(try !insert.step())
        #expect(try connection.scalarInt("SELECT count(*) FROM u WHERE coalesce(k, a, b, c, d, e) IS NULL") == 2)
        // Out of range: refused before anything is bound.
        try insert.reset()
        let misuse = #expect(throws: SQLiteError.self) { try insert.run(binding: [.text("x")], from: 7) }
        #expect(misuse?.code == .misuse)
        #expect(try connection.scalarInt("SELECT count(*) FROM u") == 5)
    }

    /// A statement that returns a row anyway is reset before the strings it
    /// was bound to go away: nothing can read the row afterwards.
    @Test func runBindingDropsARow() throws {
        let connection = try makeConnection()
        let select = try connection.prepare("SELECT ? || '!'")
        try select.run(binding: [.text("a string longer than fifteen bytes")], from: 1)
        #expect(select.isNull(at: 0))
        #expect(try select.step())
        #expect(select.isNull(at: 0))
    }

    @Test func emptyTextIsNotNull() throws {
        let connection = try makeConnection()
        try connection.run("INSERT INTO t (s) VALUES (?)", [""])
        #expect(try connection.scalarInt("SELECT count(*) FROM t WHERE s = ''") == 1)
    }

    @Test func namedParameters() throws {
        let connection = try makeConnection()
        let insert = try connection.prepare("INSERT INTO t (i, s) VALUES (:number, :name)")
        #expect(insert.parameterNames == ["number", "name"])
        try insert.run(named: ["number": 7, "name": "seven"])
        #expect(try connection.scalarText("SELECT s FROM t WHERE i = 7") == "seven")
        #expect(throws: SQLiteError.self) { try insert.run(named: ["number": 8]) }
        #expect(throws: SQLiteError.self) { try insert.run(named: ["number": 8, "name": "x", "extra": 1]) }
    }

    @Test func aStatementIsReusedByResetAndRebind() throws {
        let connection = try makeConnection()
        let insert = try connection.prepare("INSERT INTO t (i) VALUES (?)")
        for value in 1...100 { try insert.run([value]) }
        #expect(try connection.scalarInt("SELECT sum(i) FROM t") == 5050)
    }

    @Test func wrongArgumentCountThrowsMisuse() throws {
        let connection = try makeConnection()
        let insert = try connection.prepare("INSERT INTO t (i, s) VALUES (?, ?)")
        let error = #expect(throws: SQLiteError.self) { try insert.run([1]) }
        #expect(error?.code == .misuse)
        #expect(error?.message.contains("takes 2 arguments, got 1") == true)
        #expect(throws: SQLiteError.self) { try insert.bind(.integer(1), at: 3) }
    }

    @Test func moreThanOneStatementIsRefused() throws {
        let connection = try makeConnection()
        let error = #expect(throws: SQLiteError.self) { try connection.prepare("SELECT 1; DROP TABLE t") }
        #expect(error?.code == .misuse)
        _ = try connection.prepare("SELECT 1; -- a comment\n ; /* and another */ ")
        #expect(try connection.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 't'") == 1)
    }

    @Test func finalizedStatementsThrowInsteadOfCrashing() throws {
        let connection = try makeConnection()
        let statement = try connection.prepare("SELECT 1")
        statement.finalize()
        #expect(throws: SQLiteError.self) { try statement.step() }
        #expect(throws: SQLiteError.self) { try statement.bind([]) }
    }

    @Test func syntaxErrorsCarryTheSQL() throws {
        let connection = try makeConnection()
        let error = #expect(throws: SQLiteError.self) { try connection.prepare("SELEC nonsense") }
        #expect(error?.code == .error)
        #expect(error?.sql == "SELEC nonsense")
        #expect(error?.message.contains("syntax error") == true)
    }
}
