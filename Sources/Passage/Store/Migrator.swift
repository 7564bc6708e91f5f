import PassageSQLite

/// Applies `Schema/migrations/NNNN_name.sql` in order of NNNN, each in its
/// own immediate transaction that also records it, so a failing migration
/// leaves the previous version intact and applying them again is a no-op.
/// A migration may also run a Swift step, after its SQL and in the same
/// transaction, for what SQL cannot do alone. Once the schema is current,
/// the derived tables are rebuilt when their definition changed
/// (`DerivedTables.rebuildIfStale`).
package enum Migrator {
    package struct Migration: Sendable {
        package let version: Int
        package let name: String
        package let sql: String
        /// Runs after `sql`, inside the migration's transaction.
        package let step: (@Sendable (Connection) throws -> Void)?

        package init(version: Int, name: String, sql: String, step: (@Sendable (Connection) throws -> Void)? = nil) {
            self.version = version
            self.name = name
            self.sql = sql
            self.step = step
        }
    }

    /// The Swift steps of the embedded migrations, by version. Each needs
    /// its `Schema/migrations/NNNN_name.sql` (which may hold only a comment
    /// saying what the step does).
    static let swiftSteps: [Int: @Sendable (Connection) throws -> Void] = [:]

    /// Every migration embedded in the binary, in order.
    package static let migrations: [Migration] = EmbeddedResources.files
        .compactMap { path, sql -> Migration? in
            guard path.hasPrefix("migrations/"), path.hasSuffix(".sql") else { return nil }
            let name = String(path.dropFirst("migrations/".count).dropLast(4))
            guard let version = Int(name.prefix { $0.isNumber }) else { return nil }
            return Migration(version: version, name: name, sql: sql, step: swiftSteps[version])
        }
        .sorted { $0.version < $1.version }

    /// The version a fully migrated database has.
    package static var currentVersion: Int { migrations.last?.version ?? 0 }

    /// The version the database is at (SQLite's `user_version`).
    package static func version(of connection: Connection) throws -> Int {
        Int(try connection.scalarInt("PRAGMA user_version") ?? 0)
    }

    /// Applies the migrations above the database's version, up to `target`,
    /// then rebuilds the derived tables if their definition changed.
    /// Returns the names applied.
    @discardableResult
    package static func migrate(_ connection: Connection, upTo target: Int = Int.max) throws -> [String] {
        let applied = try migrate(connection, migrations.filter { $0.version <= target })
        try DerivedTables.rebuildIfStale(connection)
        return applied
    }

    static func migrate(_ connection: Connection, _ migrations: [Migration]) throws -> [String] {
        var applied: [String] = []
        guard let highest = migrations.last?.version else { return applied }
        guard try version(of: connection) < highest else { return applied }
        // A migration may rebuild a table that others refer to (drop, then
        // rename a copy into its place): foreign keys are off meanwhile, as
        // SQLite's ALTER TABLE procedure asks, and checked before each commit.
        // The pragma is a no-op inside a transaction, so it is set around them.
        let foreignKeys = try connection.scalarInt("PRAGMA foreign_keys") == 1
        try connection.execute("PRAGMA foreign_keys = OFF")
        defer { if foreignKeys { try? connection.execute("PRAGMA foreign_keys = ON") } }
        for migration in migrations {
            // A current database needs no write lock: check before taking one,
            // so opening it never waits behind another process's load.
            guard try version(of: connection) < migration.version else { continue }
            try connection.transaction(.immediate) {
                // Read inside the transaction: another process may have
                // migrated while this one waited for the lock.
                guard try version(of: connection) < migration.version else { return .rollback }
                try connection.execute("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version    INTEGER PRIMARY KEY,
                        name       TEXT NOT NULL,
                        applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                    ) STRICT
                    """)
                try connection.execute(migration.sql)
                try migration.step?(connection)
                if let table = try connection.scalarText("SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1") {
                    // 787: SQLITE_CONSTRAINT_FOREIGNKEY.
                    throw SQLiteError(extendedCode: 787, message: "migration \(migration.name) leaves a foreign key of \(table) broken", sql: migration.sql)
                }
                try connection.run("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [migration.version, migration.name])
                // PRAGMA takes no bound values; the version is our own integer.
                try connection.execute("PRAGMA user_version = \(migration.version)")
                applied.append(migration.name)
                return .commit
            }
        }
        return applied
    }
}
