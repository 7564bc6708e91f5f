import Foundation
import Testing
@testable import Passage
import PassageSQLite

/// Swift steps of migrations, the derived version, and the one SQL list of
/// resolved statuses.
@Suite struct MigrationStepTests {
    let folder = TemporaryDirectory()

    @Test func aSwiftStepRunsAfterItsSQLInTheSameTransaction() throws {
        let connection = try Connection(path: folder.file("m.db"))
        try Migrator.migrate(connection, upTo: 1)
        let step = Migrator.Migration(version: 98, name: "0098_step", sql: "CREATE TABLE made_by_sql (x INTEGER)") { connection in
            // The SQL has run: its table is there to fill.
            try connection.run("INSERT INTO made_by_sql (x) VALUES (?)", [42])
        }
        #expect(try Migrator.migrate(connection, [step]) == ["0098_step"])
        #expect(try Migrator.version(of: connection) == 98)
        #expect(try connection.scalarInt("SELECT x FROM made_by_sql") == 42)
    }

    @Test func aFailingSwiftStepRollsItsMigrationBack() throws {
        struct StepFailed: Error {}
        let connection = try Connection(path: folder.file("m.db"))
        try Migrator.migrate(connection, upTo: 1)
        let step = Migrator.Migration(version: 98, name: "0098_step", sql: "CREATE TABLE made_by_sql (x INTEGER)") { _ in
            throw StepFailed()
        }
        #expect(throws: StepFailed.self) { try Migrator.migrate(connection, [step]) }
        #expect(try Migrator.version(of: connection) == 1)
        #expect(try connection.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'made_by_sql'") == 0)
    }

    /// Every derived row, table by table, in key order.
    static func derivedRows(_ connection: Connection) throws -> [[[SQLiteValue]]] {
        try DerivedTables.tables.map { try connection.prepare("SELECT * FROM \($0) ORDER BY 1, 2").allRows() }
    }

    @Test func aStaleDerivedVersionRebuildsEveryDerivedRowFromTheRecords() throws {
        let store = try makeStore(folder)
        _ = try load(store, [World.write(into: folder)])
        folder.write("more/attempts.csv", """
            id,case_id,route_id,attempted_at,result,escort_run_id,people,source_id,notes
            a-1,c-1,rt-moi,2021-08-24T22:50,turned_away,run-1,6,,
            a-2,c-1,rt-fuel,2021-08-26,admitted,,,,
            a-3,c-2,rt-direct,2021-08-26T03:00,admitted,,,,

            """)
        folder.write("more/outcomes.csv", """
            id,case_id,status,occurred_at,location,source_id,notes
            o-1,c-1,arrived,2021-09-03,Dulles,,
            o-2,c-2,still_in_country,2021-08-27,,,

            """)
        _ = try load(store, [folder.file("more")])
        let expected = try Self.derivedRows(store.connection)
        #expect(expected.contains { !$0.isEmpty })
        #expect(try DerivedTables.isCurrent(store.connection))
        // Figures made by another definition: wrong rows, another version.
        try store.connection.execute("DELETE FROM derived_cases; DELETE FROM derived_admitted")
        try store.connection.execute("UPDATE derived_routes SET muster_point_id = 'elsewhere'")
        try store.connection.run("UPDATE settings SET value = '0' WHERE key = ?", [DerivedTables.versionKey])
        try store.close()

        #expect(throws: PassageError.self) { try Store.openForReading(at: folder.file("passage.db")) }
        let reopened = try makeStore(folder)
        #expect(try Self.derivedRows(reopened.connection) == expected)
        #expect(try DerivedTables.isCurrent(reopened.connection))
        try reopened.close()
        _ = try Store.openForReading(at: folder.file("passage.db"))
    }

    @Test func theSQLsResolvedStatusesAreSwiftsIsResolved() throws {
        let store = try makeStore(folder)
        let statement = try store.connection.prepare("SELECT status FROM resolved_statuses ORDER BY status")
        let inSQL = try statement.allRows().map { row -> String in
            guard case .text(let text) = row[0] else { return "" }
            return text
        }
        #expect(inSQL == Outcome.Status.allCases.filter(\.isResolved).map(\.rawValue).sorted())
        #expect(try store.connection.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'case_status'") == 0)
    }
}
