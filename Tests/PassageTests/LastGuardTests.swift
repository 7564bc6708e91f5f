import Testing
@testable import Passage
import PassageSQLite

/// The SQL CHECKs are the last guard: the one-row rules SQLite can state
/// refuse, on a write around the store, exactly the rows `RowRules`
/// refuses on the way in (docs/architecture.md#where-each-rule-lives).
@Suite struct LastGuardTests {
    let folder = TemporaryDirectory()

    func loadedStore() throws -> Store {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        folder.write("more/incidents.csv", "id,kind,occurred_at,gate_id\ninc-1,security,2021-08-26,gate-abbey\n")
        #expect(try load(store, [world, folder.file("more")]).succeeded)
        return store
    }

    func rowProblems(_ kind: RecordKind, _ sql: String, in store: Store) throws -> [Problem] {
        let statement = try store.connection.prepare(sql)
        #expect(try statement.step())
        var problems: [Problem] = []
        RowRules.check(kind, statement.row, zone: store.zone, into: &problems)
        return problems
    }

    /// Both refuse `children` > `size`, and both accept `children` = `size`.
    @Test func childrenAtMostSize() throws {
        let store = try loadedStore()
        let columns = RecordKind.cases.columns.map(\.name)
        let fullColumns = columns.map { $0 == "children" ? "size" : $0 }
        #expect(try rowProblems(.cases, "SELECT \(fullColumns.joined(separator: ", ")) FROM cases WHERE id = 'c-1'", in: store).isEmpty)
        let overColumns = columns.map { $0 == "children" ? "size + 1" : $0 }
        let over = try rowProblems(.cases, "SELECT \(overColumns.joined(separator: ", ")) FROM cases WHERE id = 'c-1'", in: store)
        #expect(over.map(\.column) == ["children"])
        #expect(throws: SQLiteError.self) { try store.connection.run("UPDATE cases SET children = size + 1 WHERE id = 'c-1'") }
        try store.connection.run("UPDATE cases SET children = size WHERE id = 'c-1'")
    }

    /// Both refuse an incident with neither a muster point nor a gate.
    @Test func anIncidentHasAPlace() throws {
        let store = try loadedStore()
        let columns = RecordKind.incidents.columns.map { ["muster_point_id", "gate_id"].contains($0.name) ? "NULL" : $0.name }
        let placeless = try rowProblems(.incidents, "SELECT \(columns.joined(separator: ", ")) FROM incidents WHERE id = 'inc-1'", in: store)
        #expect(placeless.map(\.column) == ["muster_point_id"])
        #expect(throws: SQLiteError.self) { try store.connection.run("UPDATE incidents SET gate_id = NULL WHERE id = 'inc-1'") }
    }
}
