import Foundation
import PassageTestSupport
import Testing
@testable import PassageSQLite

@Suite struct ConnectionTests {
    let folder = TemporaryDirectory()

    @Test func opensWithForeignKeysWALAndExtendedCodes() throws {
        let connection = try Connection(path: folder.file("a.db"))
        #expect(try connection.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(try connection.scalarText("PRAGMA journal_mode") == "wal")
        #expect(try connection.scalarInt("PRAGMA secure_delete") == 1)
        #expect(try connection.scalarInt("PRAGMA busy_timeout") == 30_000)
        try connection.close()
    }

    @Test func aPageSizeHoldsForANewFileOnly() throws {
        let path = folder.file("pages.db")
        let created = try Connection(path: path, pageSize: 16384)
        #expect(try created.scalarInt("PRAGMA page_size") == 16384)
        try created.execute("CREATE TABLE t (x INTEGER)")
        try created.close()
        let reopened = try Connection(path: path, pageSize: 1024)
        #expect(try reopened.scalarInt("PRAGMA page_size") == 16384)
        #expect(try reopened.scalarText("PRAGMA journal_mode") == "wal")
        try reopened.close()
        #expect(try Connection(path: folder.file("default.db")).scalarInt("PRAGMA page_size") == 4096)
        let error = #expect(throws: SQLiteError.self) { try Connection(path: folder.file("odd.db"), pageSize: 3000) }
        #expect(error?.code == .misuse)
        #expect(!FileManager.default.fileExists(atPath: folder.file("odd.db")))
    }

    @Test func aFileThatIsNotADatabaseFailsClearly() throws {
        let path = folder.file("notes.txt")
        try String(repeating: "this is not a database\n", count: 200).write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: SQLiteError.self) { try Connection(path: path) }
        #expect(error?.code == .notADatabase)
        #expect(error?.message.contains("is not a SQLite database") == true)
    }

    @Test func readOnlyConnectionsRefuseWrites() throws {
        let path = folder.file("ro.db")
        let writer = try Connection(path: path)
        try writer.execute("CREATE TABLE t (x INTEGER)")
        try writer.close()
        let reader = try Connection(path: path, mode: .readOnly)
        let error = #expect(throws: SQLiteError.self) { try reader.execute("INSERT INTO t VALUES (1)") }
        #expect(error?.code == .readonly)
        #expect(error?.sql == "INSERT INTO t VALUES (1)")
    }

    @Test func aMissingFileIsNotCreatedWithoutCreate() {
        let path = folder.file("missing.db")
        let error = #expect(throws: SQLiteError.self) { try Connection(path: path, mode: .readWrite(create: false)) }
        #expect(error?.code == .cantOpen)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func closeIsCheckedAndUseAfterCloseThrows() throws {
        let connection = try Connection(path: folder.file("c.db"))
        var statement: Statement? = try connection.prepare("SELECT 1")
        // A live statement keeps the connection open.
        let busy = #expect(throws: SQLiteError.self) { try connection.close() }
        #expect(busy?.code == .busy)
        statement = nil
        _ = statement
        try connection.close()
        #expect(connection.isClosed)
        let misuse = #expect(throws: SQLiteError.self) { try connection.execute("SELECT 1") }
        #expect(misuse?.code == .misuse)
    }

    @Test func constraintErrorsCarryCodeMessageAndSQL() throws {
        let connection = try Connection(path: folder.file("e.db"))
        try connection.execute("CREATE TABLE parent (id TEXT PRIMARY KEY); CREATE TABLE child (parent_id TEXT REFERENCES parent (id))")
        let sql = "INSERT INTO child (parent_id) VALUES (?)"
        let error = #expect(throws: SQLiteError.self) { try connection.run(sql, ["nobody"]) }
        #expect(error?.code == .constraint)
        #expect(error?.extendedCode == ExtendedCode.constraintForeignKey)
        #expect(error?.message == "FOREIGN KEY constraint failed")
        #expect(error?.sql == sql)
        #expect(error.map { ResultCode.constraint ~= $0 } == true)
        #expect(error?.description.contains(sql) == true)
    }

    @Test func argumentsStayOutOfTheDescriptionUnlessAsked() {
        let error = SQLiteError(extendedCode: 19, message: "boom", sql: "INSERT", arguments: [.text("Jane Doe")])
        #expect(!error.description.contains("Jane Doe"))
        #expect(error.description(withArguments: true).contains("Jane Doe"))
    }
}
