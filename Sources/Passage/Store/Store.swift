#if canImport(Glibc)
import Glibc
#endif
import PassageSQLite

/// An evacuation database: one SQLite file, migrated to the current schema,
/// with its event zone.
public final class Store {
    /// Internal: a write around it would skip the audit and the derived
    /// figures; callers go through the store's own methods.
    let connection: Connection
    public let path: String
    public let zone: EventZone
    /// Whether personal values are kept sealed (see `ValueSealer`).
    public internal(set) var isSealed: Bool
    /// Where the key of a sealed database comes from, asked the first time
    /// a personal value must be sealed or opened; nil: nowhere.
    public var keySource: (() throws -> KeySource)?
    var unlockedSealer: ValueSealer?
    /// Whether this is a new database under its temporary name, built with
    /// its journal in memory (`withNewDatabase`): while a load writes, no
    /// other connection may read it.
    package internal(set) var isBeingBuilt = false

    init(connection: Connection, path: String) throws {
        self.connection = connection
        self.path = path
        guard let text = try connection.scalarText("SELECT value FROM settings WHERE key = 'event_zone'"),
              let zone = EventZone(text)
        else { throw PassageError.noEventZone(path: path) }
        self.zone = zone
        isSealed = Store.readIsSealed(connection)
    }

    /// The page size of a new database. 16 KiB rather than SQLite's 4 KiB:
    /// a first load of 200,000 cases is 7-8 % faster (fewer b-tree pages to
    /// split and write twice, into the WAL and back), reports no slower
    /// (BENCHMARKS.md). An existing database keeps its own.
    package static let newDatabasePageSize = 16384

    /// Opens the database at `path` for writing, creating it (owner-only
    /// permissions) and migrating it to the current schema as needed. A new
    /// database gets `zone` (default Kabul, +04:30); an existing one keeps
    /// its own unless it holds no records yet.
    public static func openForWriting(at path: String, zone: EventZone? = nil) throws -> Store {
        // Before the file exists: a refused zone must not leave a database
        // behind in the default one.
        if let zone { try checkRange(of: zone) }
        try refuseFolder(path)
        // Checked read-only first: opening for writing already changes the
        // file (WAL mode), which another program's file must not undergo.
        if FilePaths.size(path) > 0 {
            let probe = try Connection(path: path, mode: .readOnly)
            try checkSchemaIsOurs(probe, path: path)
            try probe.close()
        }
        try createPrivateFileIfMissing(path)
        do {
            let connection = try Connection(path: path, mode: .readWrite(create: false), pageSize: Store.newDatabasePageSize)
            try connection.configure(option: DatabaseOption.defensive, enabled: true)
            // Statement journals and temporary b-trees stay in memory, not temp files.
            try connection.execute("PRAGMA temp_store = MEMORY")
            // Again: a new file may have had its first pages only in a WAL.
            try checkSchemaIsOurs(connection, path: path)
            try Migrator.migrate(connection)
            if let zone { try setZone(zone, on: connection, path: path) }
            return try Store(connection: connection, path: path)
        } catch let error as SQLiteError where error.code == .busy {
            throw PassageError.busy(path: path, detail: error.message)
        }
    }

    /// Runs `body` on a new database made under a temporary name beside
    /// `path`, which does not exist yet, and gives the database that name
    /// only when `body` says to keep it (a load that committed): a load that
    /// fails, or a dry run, leaves no file behind. The name is given with
    /// `link`, which never replaces a file another process made meanwhile.
    package static func withNewDatabase<Result>(
        at path: String, zone: EventZone? = nil, _ body: (Store) throws -> (result: Result, keep: Bool)
    ) throws -> Result {
        if let zone { try checkRange(of: zone) }
        let temporary: String
        do {
            let created = try FilePaths.createTemporary(beside: path)
            _ = Glibc.close(created.descriptor)
            temporary = created.path
        } catch {
            throw PassageError.cannotCreate(path: path, reason: "\(error)")
        }
        func removeTemporary() {
            for suffix in ["-wal", "-shm", ""] { FilePaths.remove(temporary + suffix) }
        }
        let store: Store
        do {
            store = try openForWriting(at: temporary, zone: zone)
            try beginBuilding(store.connection)
            store.isBeingBuilt = true
        } catch {
            removeTemporary()
            throw error
        }
        let outcome: (result: Result, keep: Bool)
        do {
            outcome = try body(store)
            if outcome.keep { try endBuilding(store.connection) }
            store.isBeingBuilt = false
        } catch {
            try? store.close()
            removeTemporary()
            throw error
        }
        // The last connection to close checkpoints the WAL into the file
        // and deletes it: the file alone is then the database.
        do {
            try store.close()
            if outcome.keep { try FilePaths.syncFile(temporary) }
        } catch {
            guard outcome.keep else { removeTemporary(); throw error }
            throw PassageError.newDatabaseNotClosed(temporary: temporary, path: path, reason: "\(error)")
        }
        guard outcome.keep else {
            removeTemporary()
            return outcome.result
        }
        guard !FilePaths.exists(temporary + "-wal") else {
            throw PassageError.newDatabaseKeptWAL(temporary: temporary, path: path)
        }
        switch FilePaths.giveName(temporary, to: path) {
        case .given:
            FilePaths.syncDirectory(of: path)
            return outcome.result
        case .taken:
            // Another process made the database meanwhile (its own first
            // load, or `init`): this copy is not merged into it.
            removeTemporary()
            throw PassageError.newDatabaseTakenMeanwhile(path: path)
        case .failed(let error):
            throw PassageError.newDatabaseNotNamed(temporary: temporary, path: path, reason: "\(error)")
        }
    }

    /// A database under its temporary name is built with its rollback
    /// journal in memory and no syncs: nothing else opens it before it takes
    /// its name, and a crash leaves only the temporary file. So every page is
    /// written once, into the file, rather than into the WAL and again by
    /// the checkpoint. (Pages added by a transaction are not journaled at
    /// all, so the journal stays small; a rollback still works.)
    private static func beginBuilding(_ connection: Connection) throws {
        try switchJournal(of: connection, to: "memory")
        try connection.execute("PRAGMA synchronous = OFF")
    }

    /// Makes the built database a WAL database again, as every database
    /// is; with syncs back on, that switch commits and syncs the file.
    private static func endBuilding(_ connection: Connection) throws {
        try connection.execute("PRAGMA synchronous = FULL")
        try switchJournal(of: connection, to: "wal")
    }

    private static func switchJournal(of connection: Connection, to mode: String) throws {
        // The mode is one of ours, not input.
        let now = try connection.scalarText("PRAGMA journal_mode = \(mode)")
        guard now?.lowercased() == mode else {
            throw SQLiteError(extendedCode: 1, message: "cannot switch the new database's journal to \(mode) (it stays \(now ?? "unknown"))")
        }
    }

    /// A folder given as the database: said so, not "disk I/O error".
    static func refuseFolder(_ path: String) throws {
        if FilePaths.isDirectory(path) {
            throw PassageError.databaseIsFolder(path)
        }
    }

    private static func checkRange(of zone: EventZone) throws {
        guard zone.isWithinSQLiteRange else {
            throw PassageError.zoneOutOfRange(zone: zone)
        }
    }

    /// Refuses a database written by a newer passage (whose schema this one
    /// does not know), and an SQLite file of another program (tables, but
    /// no passage schema), rather than writing into either.
    /// Returns the schema version.
    @discardableResult
    static func checkSchemaIsOurs(_ connection: Connection, path: String) throws -> Int {
        let version = try Migrator.version(of: connection)
        if version > Migrator.currentVersion {
            throw PassageError.newerSchema(path: path, version: version, supported: Migrator.currentVersion)
        }
        if version == 0, let tables = try connection.scalarInt("SELECT count(*) FROM sqlite_schema"), tables > 0 {
            throw PassageError.notOurs(path: path)
        }
        return version
    }

    /// Opens an existing, current database read-only: every write, ATTACH
    /// included, fails.
    public static func openForReading(at path: String) throws -> Store {
        guard FilePaths.exists(path) else {
            throw PassageError.noDatabase(path: path)
        }
        try refuseFolder(path)
        let connection = try Connection(path: path, mode: .readOnly)
        try connection.limitAttachedDatabases(to: 0)
        // This connection runs `passage query`'s SQL: defensive (no
        // writable_schema tricks), and what a file's schema names (a view,
        // a trigger) may call only functions marked harmless.
        try connection.configure(option: DatabaseOption.defensive, enabled: true)
        try connection.configure(option: DatabaseOption.trustedSchema, enabled: false)
        let version = try checkSchemaIsOurs(connection, path: path)
        guard version == Migrator.currentVersion else {
            throw PassageError.olderSchema(path: path, version: version, current: Migrator.currentVersion)
        }
        guard try DerivedTables.isCurrent(connection) else {
            throw PassageError.staleDerivedFigures(path: path)
        }
        return try Store(connection: connection, path: path)
    }

    /// Creates the file with mode 0600 before SQLite sees it: SQLite would
    /// create it 0644, and its -wal and -shm files copy the database's mode.
    static func createPrivateFileIfMissing(_ path: String) throws {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            _ = Glibc.close(descriptor)
        } else if errno == EEXIST {
            // An empty file given as the database becomes one: owner-only too.
            if FilePaths.size(path) == 0 { _ = chmod(path, 0o600) }
        } else {
            throw PassageError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
    }

    private static func setZone(_ zone: EventZone, on connection: Connection, path: String) throws {
        try connection.transaction(.immediate) {
            let current = try connection.scalarText("SELECT value FROM settings WHERE key = 'event_zone'")
            if current == zone.description { return .rollback }
            let records = try RecordKind.allCases.reduce(Int64(0)) { total, kind in
                total + (try connection.scalarInt("SELECT count(*) FROM \(kind.table)") ?? 0)
            }
            guard records == 0 else {
                throw PassageError.zoneCannotChange(path: path, current: current ?? "?", requested: zone)
            }
            try connection.run("UPDATE settings SET value = ? WHERE key = 'event_zone'", [zone.description])
            return .commit
        }
    }

    /// Closes the connection; throws when statements are still alive.
    public func close() throws {
        try connection.close()
    }

    /// How many records of `kind` the database holds.
    public func count(_ kind: RecordKind) throws -> Int {
        Int(try connection.scalarInt("SELECT count(*) FROM \(kind.table)") ?? 0)
    }
}
