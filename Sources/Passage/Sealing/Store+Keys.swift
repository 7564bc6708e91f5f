import PassageAge
import PassageSQLite

/// One wrapped copy of the data key, as `passage keys list` shows it.
public struct KeyEntry: Sendable {
    public let kind: String
    public let recipient: String?
    public let addedAt: String
}

extension Store {
    /// Whether personal values are kept sealed.
    /// A file too damaged to tell counts as not sealed: `check` must still
    /// open it to report the damage.
    static func readIsSealed(_ connection: Connection) -> Bool {
        guard (try? connection.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'seal_keys'")) == 1 else { return false }
        return (try? connection.scalarInt("SELECT EXISTS (SELECT 1 FROM seal_keys WHERE kind = 'passphrase')")) == 1
    }

    /// Takes in a sealing done by another command since this store was
    /// opened. Called at the start of every write, inside its transaction
    /// (no one can seal meanwhile), so that no personal value is written in
    /// clear into a database sealed under it: the write then seals, and
    /// asks for the key.
    func catchUpWithSealing() {
        if !isSealed { isSealed = Self.readIsSealed(connection) }
    }

    public func keyEntries() throws -> [KeyEntry] {
        let statement = try connection.prepare("SELECT kind, recipient, added_at FROM seal_keys ORDER BY id")
        var entries: [KeyEntry] = []
        while try statement.step() {
            entries.append(KeyEntry(kind: statement.text(at: 0), recipient: statement.optionalText(at: 1), addedAt: statement.text(at: 2)))
        }
        return entries
    }

    /// The sealer of this database, unlocking it with `keySource` the first
    /// time; also makes `passage_open(value, table, column, id)` available
    /// to SQL on this connection. Throws `SealError` when the key is wrong.
    public func sealer() throws -> ValueSealer {
        if let unlockedSealer { return unlockedSealer }
        guard isSealed else { throw SealError("\(path) is not sealed") }
        guard let keySource else { throw SealError("\(path) is sealed: this needs its passphrase or identity") }
        return try unlock(with: try dataKey(using: try keySource()))
    }

    /// Caches the sealer of `dataKey` and gives SQL `passage_open`.
    func unlock(with dataKey: FileKey) throws -> ValueSealer {
        let sealer = ValueSealer(dataKey: dataKey)
        try connection.createFunction("passage_open", argumentCount: 4) { arguments in
            guard let stored = arguments[0] else { return nil }
            let (table, column, id) = (arguments[1] ?? "", arguments[2] ?? "", arguments[3] ?? "")
            return try sealer.opened(stored, table: table, column: column, id: id)
        }
        unlockedSealer = sealer
        return sealer
    }

    /// The data key, unwrapped from the passphrase's stanza or a recipient's.
    func dataKey(using source: KeySource) throws -> FileKey {
        switch source {
        case .passphrase(let passphrase):
            guard let text = try connection.scalarText("SELECT stanza FROM seal_keys WHERE kind = 'passphrase'") else {
                throw SealError("\(path) has no passphrase")
            }
            guard let key = try ScryptStanza.unwrap(try Stanza(parsing: text), passphrase: passphrase) else { throw SealError.wrongPassphrase }
            return key
        case .identities(let identities):
            let statement = try connection.prepare("SELECT stanza FROM seal_keys WHERE kind = 'recipient' ORDER BY id")
            while try statement.step() {
                let stanza = try Stanza(parsing: statement.text(at: 0))
                for identity in identities {
                    if let key = try identity.unwrap(stanza) { return key }
                }
            }
            throw SealError.wrongIdentity
        }
    }

    /// Wraps the data key for one more recipient (a recovery key).
    public func addRecipient(_ recipient: X25519Recipient) throws {
        let key = try dataKey(using: try requireKeySource())
        let stanza = try recipient.wrap(key)
        try connection.transaction(.immediate) {
            guard try connection.scalarInt("SELECT count(*) FROM seal_keys WHERE recipient = ?", [recipient.description]) == 0 else {
                throw SealError("\(recipient) is already a recipient of \(path)")
            }
            try connection.run("INSERT INTO seal_keys (kind, recipient, stanza) VALUES ('recipient', ?, ?)", [recipient.description, stanza.text])
            return .commit
        }
    }

    /// Wraps the data key for a new passphrase; the values stay as they are.
    public func changePassphrase(to newPassphrase: @autoclosure () throws -> String) throws {
        let key = try dataKey(using: try requireKeySource())
        let stanza = try ScryptStanza.wrap(key, passphrase: try newPassphrase(), logN: passphraseWorkFactor)
        try connection.transaction(.immediate) {
            try connection.run("UPDATE seal_keys SET stanza = ?, added_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE kind = 'passphrase'", [stanza.text])
            return .commit
        }
        // The old stanza is overwritten on its page (secure delete); no
        // copy of it stays in the WAL either.
        _ = try connection.scalarInt("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    private func requireKeySource() throws -> KeySource {
        guard isSealed else { throw SealError("\(path) is not sealed") }
        guard let keySource else { throw SealError("\(path) is sealed: this needs its passphrase or identity") }
        return try keySource()
    }
}

extension Store {
    /// SQL that reads a personal column in clear: the column itself, or of a
    /// sealed database (once `sealer()` has unlocked it) the value opened.
    /// Table and column come from the schema, never from input.
    func personalValueSQL(_ kind: RecordKind, column: String) -> String {
        isSealed ? "passage_open(\(column), '\(kind.table)', '\(column)', id) AS \(column)" : column
    }
}
