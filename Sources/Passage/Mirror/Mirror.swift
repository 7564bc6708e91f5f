import PassagePostgres
import PassageSQLite

/// How `passage mirror` runs.
public struct MirrorOptions: Sendable {
    /// The PostgreSQL schema that holds the mirror.
    public var schema: String
    /// Mirror the personal columns of an unsealed database in clear. A
    /// sealed database's are mirrored sealed, with or without it.
    public var includePersonal: Bool

    public init(schema: String = "passage", includePersonal: Bool = false) {
        self.schema = schema
        self.includePersonal = includePersonal
    }
}

/// What one mirror run did.
public struct MirrorSummary: Sendable {
    public struct TableChange: Sendable {
        public let table: String
        public let inserted: Int
        public let updated: Int
        public let deleted: Int
    }

    /// `postgresql://user@host:port/database`, never a password.
    public let target: String
    public let schema: String
    /// Whether this run created the schema.
    public let created: Bool
    public let usesTLS: Bool
    /// Tables where rows were inserted, updated or deleted, in the order sent.
    public let changes: [TableChange]
    /// Whether the run wrote the schema's passage_mirror row.
    public let wroteState: Bool
    public let lastLoadID: Int64
    public let lastAuditID: Int64
    /// What the mirror's personal columns hold after this run.
    public let personal: MirroredPersonalValues

    /// A run that found nothing new changed no row of the mirror.
    public var changedNothing: Bool { !wroteState }
}

/// What the mirror's personal columns hold: a sealed database's sealed
/// texts; an unsealed database's values left empty, or in clear with
/// `--include-personal`.
public enum MirroredPersonalValues: String, Sendable {
    case omitted, clear, sealed

    /// A sealed database is mirrored sealed whatever was asked: it holds no
    /// clear value to send, and opening them is never the mirror's job.
    init(databaseIsSealed: Bool, includePersonal: Bool) {
        self = databaseIsSealed ? .sealed : includePersonal ? .clear : .omitted
    }
}

/// The mirror's own bookkeeping on the PostgreSQL side (one row), written in
/// the transaction that sends the rows it describes.
struct MirrorState {
    /// Bumped when the mirror's tables, views or function change shape.
    static let formatVersion = 1

    var formatVersion: Int
    var databaseID: String
    var sqlitePath: String
    var eventZone: String
    var personal: String
    var lastLoadID: Int64
    var lastAuditID: Int64

    static let createStatement = """
        CREATE TABLE passage_mirror (
            singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
            format_version integer NOT NULL,
            database_id    text NOT NULL,
            sqlite_path    text NOT NULL,
            event_zone     text NOT NULL,
            personal       text NOT NULL CHECK (personal IN ('omitted', 'clear', 'sealed')),
            last_load_id   bigint NOT NULL,
            last_audit_id  bigint NOT NULL,
            mirrored_at    timestamptz NOT NULL
        )
        """

    static func read(_ connection: PostgresConnection) throws -> MirrorState? {
        guard let row = try connection.query("""
            SELECT format_version, database_id, sqlite_path, event_zone, personal, last_load_id, last_audit_id
            FROM passage_mirror
            """).first else { return nil }
        return MirrorState(formatVersion: Int(row[0] ?? "") ?? 0, databaseID: row[1] ?? "", sqlitePath: row[2] ?? "",
                           eventZone: row[3] ?? "", personal: row[4] ?? "",
                           lastLoadID: Int64(row[5] ?? "") ?? 0, lastAuditID: Int64(row[6] ?? "") ?? 0)
    }

    func write(_ connection: PostgresConnection, isNew: Bool) throws {
        let values: [String?] = [String(formatVersion), databaseID, sqlitePath, eventZone, personal,
                                 String(lastLoadID), String(lastAuditID)]
        if isNew {
            try connection.query("""
                INSERT INTO passage_mirror (format_version, database_id, sqlite_path, event_zone, personal,
                                            last_load_id, last_audit_id, mirrored_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, now())
                """, values)
        } else {
            try connection.query("""
                UPDATE passage_mirror
                SET format_version = $1, database_id = $2, sqlite_path = $3, event_zone = $4, personal = $5,
                    last_load_id = $6, last_audit_id = $7, mirrored_at = now()
                """, values)
        }
    }
}

extension Store {
    /// Brings the PostgreSQL schema `options.schema` at `url` up to date with
    /// this database, in one PostgreSQL transaction: the first run creates
    /// the schema, later runs send what changed since the last one (records
    /// written by later loads or updated since, deletions the audit
    /// records, new loads and audit rows). Then records the run in this
    /// database's `mirrors` table.
    public func mirror(to url: ConnectionURL, options: MirrorOptions = MirrorOptions()) throws -> MirrorSummary {
        guard Store.isValidSchemaName(options.schema) else {
            throw PassageError.invalidMirrorSchema(options.schema)
        }
        try ensureMirrorBookkeeping()
        guard let databaseID = try connection.scalarText("SELECT value FROM settings WHERE key = 'database_id'") else {
            throw PassageError.noDatabaseID(path: path)
        }
        let postgres = try PostgresConnection(url: url, applicationName: "passage mirror")
        defer { postgres.close() }
        let run = MirrorRun(store: self, postgres: postgres, options: options, databaseID: databaseID,
                            sqlitePath: FilePaths.realPath(path) ?? path)
        let summary = try run.perform()
        try recordMirror(summary)
        return summary
    }

    /// Migration 8 is skipped by a database that took a higher migration
    /// before it landed (the migrator applies only versions above the
    /// database's): its statements may run again, so they run here when its
    /// table is missing.
    private func ensureMirrorBookkeeping() throws {
        guard try connection.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'mirrors'") == 0 else { return }
        guard let sql = EmbeddedResources.files["migrations/0008_mirror.sql"] else {
            throw PassageError.missingSchemaFile("migrations/0008_mirror.sql")
        }
        try connection.transaction(.immediate) {
            try connection.execute(sql)
            return .commit
        }
    }

    /// Lowercase, so it needs no quoting for users either.
    static func isValidSchemaName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count), let first = bytes.first,
              first == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return bytes.allSatisfy { $0 == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Writes the run into `mirrors`, unless it is already there as is.
    private func recordMirror(_ summary: MirrorSummary) throws {
        try connection.transaction(.immediate) {
            let current = try connection.prepare("SELECT last_load_id, last_audit_id FROM mirrors WHERE target = ? AND schema_name = ?")
            try current.bind([summary.target, summary.schema])
            if try current.step(), current.int(at: 0) == summary.lastLoadID, current.int(at: 1) == summary.lastAuditID {
                return .rollback
            }
            current.finalize()
            try connection.run("""
                INSERT INTO mirrors (target, schema_name, last_load_id, last_audit_id, mirrored_at)
                VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                ON CONFLICT (target, schema_name) DO UPDATE
                SET last_load_id = excluded.last_load_id, last_audit_id = excluded.last_audit_id,
                    mirrored_at = excluded.mirrored_at
                """, [summary.target, summary.schema, summary.lastLoadID, summary.lastAuditID])
            return .commit
        }
    }
}
