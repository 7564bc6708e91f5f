import PassageSQLite

/// What each kind's rows of the last load that wrote them were, kept as
/// digests so that a reload knows a row unchanged without typing or
/// writing it: coordinators reload the same spreadsheets, a few rows
/// edited, many times a day.
///
/// A row's digest covers its text as read (`RowDigester`). A load keeps the
/// digest of every row it wrote or found unchanged, per kind, in
/// `row_digests` with the audit's last id. A later load trusts a kind's
/// digests only while no audit row of that kind came after them (nothing
/// updated or deleted one of its records since; what changes records
/// without an audit row, sealing, deletes the digests) and the schema,
/// passage and digest form are the same: then a row whose digest is among
/// them (`LastLoadDigests`, on the reading thread) would be written
/// unchanged, and is counted so.
///
/// On a sealed database the kinds with personal columns keep none: a
/// digest of clear values would let anyone holding the file test guesses.
///
/// This class is the writer's side: it stores this load's digests in the
/// order of its rows, in parts of at most 65,536, so that neither writing
/// nor reading them needs a second copy of them all.
final class RowDigests {
    static let saltKey = "row_digest_salt"
    static let partSize = 65_536
    /// Bytes a stored digest takes.
    static let digestSize = MemoryLayout<RowDigest>.size
    /// What a digest covers and how it is stored: a change to either makes
    /// the stored ones untrusted (they are in `context`).
    static let format = 3

    private let connection: Connection
    private let loadID: Int64
    /// Digests rows under the database's salt (on the reading thread).
    let digester: RowDigester
    /// The kind whose rows come now; the digests of its rows kept since
    /// the last part, in the order of the rows (written as a part when
    /// full); the number of its next part.
    private var kind: RecordKind?
    private var fresh: [RowDigest] = []
    private var nextPart = 0

    init(connection: Connection, loadID: Int64, sealed: Bool, zone: EventZone) throws {
        self.connection = connection
        self.loadID = loadID
        // Drawn once per database, as its database_id is.
        try connection.run("INSERT OR IGNORE INTO settings (key, value) VALUES (?, lower(hex(randomblob(16))))", [Self.saltKey])
        let salt = try connection.scalarText("SELECT value FROM settings WHERE key = ?", [Self.saltKey]) ?? ""
        let context = "digests=\(Self.format) schema=\(try Migrator.version(of: connection)) passage=\(PassageVersion.current)"
        digester = RowDigester(salt: salt, zone: zone, excluded: RecordKind.allCases.map { sealed && !Store.personalColumnIndexes[$0.ordinal].isEmpty },
                               context: context)
    }

    /// Forgets every kind's digests: for what changes records without an
    /// audit row.
    static func clear(_ connection: Connection) throws {
        try connection.run("DELETE FROM row_digests")
    }

    /// The stored digests of kind ?1 a load may trust: made under context
    /// ?2, and no audit row of the kind since (`+kind`: the audit is
    /// searched by id from the stamp on, not by kind through its whole
    /// history).
    static let trusted = """
        FROM row_digests WHERE kind = ?1 AND context = ?2
          AND NOT EXISTS (SELECT 1 FROM audit WHERE audit.id > row_digests.audit_id AND +audit.kind = ?1)
        """

    /// A file of `kind` begins: the digests of the kind before are written,
    /// and an earlier load's of this kind deleted (this load's take their
    /// place; its own, from a file of the kind before, stay).
    func begin(_ kind: RecordKind) throws {
        guard kind != self.kind else { return }
        try writeFresh()
        self.kind = kind
        try connection.run("DELETE FROM row_digests WHERE kind = ? AND load_id <> ?", [kind.table, loadID])
        nextPart = Int(try connection.scalarInt("SELECT coalesce(max(part) + 1, 0) FROM row_digests WHERE kind = ?", [kind.table]) ?? 0)
    }

    /// Keeps the digest of a row written or found unchanged, in the order
    /// the rows come: the next load looks for them in that order.
    func keep(_ digest: RowDigest) throws {
        fresh.append(digest)
        if fresh.count == Self.partSize { try writeFresh() }
    }

    /// Writes the last kind's digests once the rows are in, so that their
    /// memory is free for the index builds and derived tables.
    func rowsFinished() throws {
        try writeFresh()
    }

    /// Stamps this load's digests with the audit's last id: once every
    /// record of the load is written, inside its transaction.
    func finish() throws {
        try writeFresh()
        let audit = try connection.scalarInt("SELECT coalesce(max(id), 0) FROM audit") ?? 0
        try connection.run("UPDATE row_digests SET audit_id = ? WHERE load_id = ?", [audit, loadID])
    }

    /// Writes the digests kept since the last part as a part.
    private func writeFresh() throws {
        guard !fresh.isEmpty else { return }
        try fresh.withUnsafeBytes { try writePart($0) }
        fresh.removeAll(keepingCapacity: true)
    }

    private func writePart(_ digests: UnsafeRawBufferPointer) throws {
        guard let kind else { return }
        let statement = try connection.prepare("""
            INSERT INTO row_digests (kind, part, load_id, audit_id, context, digests) VALUES (?1, ?2, ?3, 0, ?4, ?5)
            """)
        defer { statement.finalize() }
        try statement.bind(.text(kind.table), at: 1)
        try statement.bind(.integer(Int64(nextPart)), at: 2)
        try statement.bind(.integer(loadID), at: 3)
        try statement.bind(.text(digester.context), at: 4)
        try statement.bindBlobWithoutCopy(digests, at: 5)
        _ = try statement.step()
        try statement.clearBindings()
        nextPart += 1
    }
}
