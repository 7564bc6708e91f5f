import Foundation
import PassageTestSupport
import Testing
@testable import PassageSQLite

@Suite struct TransactionTests {
    let folder = TemporaryDirectory()
    struct Boom: Error {}

    func makeConnection() throws -> Connection {
        let connection = try Connection(path: folder.file("t.db"))
        try connection.execute("CREATE TABLE t (x INTEGER NOT NULL)")
        return connection
    }

    func count(_ connection: Connection) throws -> Int64 { try connection.scalarInt("SELECT count(*) FROM t") ?? -1 }

    @Test func commitsOnSuccess() throws {
        let connection = try makeConnection()
        try connection.write { try connection.run("INSERT INTO t VALUES (1)") }
        #expect(try count(connection) == 1)
        #expect(!connection.isInTransaction)
    }

    @Test func aThrowRollsEverythingBack() throws {
        let connection = try makeConnection()
        #expect(throws: Boom.self) {
            try connection.write {
                try connection.run("INSERT INTO t VALUES (1)")
                try connection.run("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        #expect(try count(connection) == 0)
        #expect(!connection.isInTransaction)
    }

    @Test func aSQLiteErrorRollsBackAndIsRethrown() throws {
        let connection = try makeConnection()
        let error = #expect(throws: SQLiteError.self) {
            try connection.write {
                try connection.run("INSERT INTO t VALUES (1)")
                try connection.run("INSERT INTO t VALUES (NULL)")
            }
        }
        #expect(error?.extendedCode == ExtendedCode.constraintNotNull)
        #expect(try count(connection) == 0)
    }

    @Test func rollbackCompletionChangesNothing() throws {
        let connection = try makeConnection()
        try connection.transaction(.immediate) {
            try connection.run("INSERT INTO t VALUES (1)")
            return .rollback
        }
        #expect(try count(connection) == 0)
    }

    @Test func nestedTransactionsAreSavepoints() throws {
        let connection = try makeConnection()
        try connection.write {
            try connection.run("INSERT INTO t VALUES (1)")
            #expect(throws: Boom.self) {
                try connection.write {
                    try connection.run("INSERT INTO t VALUES (2)")
                    throw Boom()
                }
            }
            try connection.transaction {
                try connection.run("INSERT INTO t VALUES (3)")
                return .commit
            }
        }
        #expect(try connection.scalarInt("SELECT sum(x) FROM t") == 4)
    }

    @Test func immediateTransactionsWaitThenFailWithBusy() throws {
        let path = folder.file("busy.db")
        let first = try Connection(path: path)
        try first.execute("CREATE TABLE t (x INTEGER)")
        let second = try Connection(path: path, busyTimeout: .milliseconds(100))
        try first.execute("BEGIN IMMEDIATE")
        let error = #expect(throws: SQLiteError.self) {
            try second.write { try second.run("INSERT INTO t VALUES (1)") }
        }
        #expect(error?.code == .busy)
        try first.execute("COMMIT")
        // A reader is never blocked by the writer in WAL mode.
        try first.execute("BEGIN IMMEDIATE; INSERT INTO t VALUES (5)")
        #expect(try second.scalarInt("SELECT count(*) FROM t") == 0)
        try first.execute("COMMIT")
        #expect(try second.scalarInt("SELECT count(*) FROM t") == 1)
    }

    @Test func backupCopiesAConsistentDatabase() throws {
        let source = try makeConnection()
        try source.run("INSERT INTO t VALUES (42)")
        let destination = try Connection(path: folder.file("copy.db"))
        try source.backup(into: destination)
        #expect(try destination.scalarInt("SELECT x FROM t") == 42)
        #expect(try destination.scalarText("PRAGMA integrity_check") == "ok")
    }
}
