import PassageSQLite

/// A table's secondary indexes set aside for a bulk write: inserting the
/// rows first and sorting each index once afterwards is faster than keeping
/// every index in order row by row. Inside the writer's transaction, so a
/// failed write puts them back with the rest, and readers never see a table
/// without them.
struct SecondaryIndexes {
    private(set) var dropped: [(name: String, sql: String)] = []

    /// Drops the table's secondary indexes (not the key's), remembering how
    /// to build them again.
    mutating func drop(of table: String, _ connection: Connection) throws {
        let statement = try connection.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name")
        try statement.bind([table])
        var indexes: [(name: String, sql: String)] = []
        while try statement.step() { indexes.append((statement.text(at: 0), statement.text(at: 1))) }
        statement.finalize()
        for index in indexes {
            // Names come from the schema, not from input.
            try connection.execute("DROP INDEX \"\(index.name)\"")
        }
        dropped += indexes
    }

    /// Builds the dropped indexes again. Must run before anything that needs
    /// them and before the commit.
    mutating func rebuild(_ connection: Connection) throws {
        for index in dropped { try connection.execute(index.sql) }
        dropped = []
    }
}
