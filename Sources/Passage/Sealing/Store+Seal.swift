import PassageAge
import PassageSQLite

extension Store {
    /// The personal columns of each kind (by ordinal), by index.
    static let personalColumnIndexes: [[Int]] = RecordKind.allCases.map { kind in
        kind.columns.indices.filter { kind.columns[$0].isPersonal }
    }

    /// Seals the database: a new data key, wrapped for the passphrase and
    /// each recipient; every personal value stored in clear, in the records
    /// and in the audit's previous values, sealed in place. Then the file is
    /// rebuilt (VACUUM) and the WAL emptied, so no page that held a value in
    /// clear remains in either. A sealed database stays sealed.
    public func seal(passphrase: String, recipients: [X25519Recipient]) throws {
        guard !isSealed else { throw SealError("\(path) is already sealed") }
        let dataKey = FileKey.random()
        let sealer = ValueSealer(dataKey: dataKey)
        var stanzas = [("passphrase", nil as String?, try ScryptStanza.wrap(dataKey, passphrase: passphrase, logN: passphraseWorkFactor))]
        for recipient in recipients {
            guard !stanzas.contains(where: { $0.1 == recipient.description }) else { continue }
            stanzas.append(("recipient", recipient.description, try recipient.wrap(dataKey)))
        }
        try connection.createFunction("passage_seal", argumentCount: 4) { arguments in
            guard let value = arguments[0] else { return nil }
            return sealer.seal(value, table: arguments[1] ?? "", column: arguments[2] ?? "", id: arguments[3] ?? "")
        }
        try connection.transaction(.immediate) {
            // Sealing is no update of the records: their audit triggers
            // stay out of it (they would keep the values in clear). With no
            // audit row to tell, a repeated load must not trust the last one.
            try RepeatedLoad.clear(connection)
            // Digests of clear values would let the file's holder test guesses.
            try RowDigests.clear(connection)
            let triggers = try connection.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '%AFTER UPDATE%'").allRows()
                .compactMap { row -> (String, String)? in
                    guard case .text(let name) = row[0], case .text(let sql) = row[1] else { return nil }
                    return (name, sql)
                }
            // Names come from the schema, not from input.
            for (name, _) in triggers { try connection.execute("DROP TRIGGER \"\(name)\"") }
            for kind in RecordKind.allCases {
                let columns = Store.personalColumnIndexes[kind.ordinal].map { kind.columns[$0].name }
                guard !columns.isEmpty else { continue }
                // Table and column names come from the schema, not from input.
                let assignments = columns.map { "\($0) = passage_seal(\($0), '\(kind.table)', '\($0)', id)" }
                let anyValue = columns.map { "\($0) IS NOT NULL" }
                try connection.execute("UPDATE \(kind.table) SET \(assignments.joined(separator: ", ")) WHERE \(anyValue.joined(separator: " OR "))")
                // The audit's previous values, each bound to its record.
                var previous = "previous"
                for column in columns {
                    previous = "json_replace(\(previous), '$.\(column)', passage_seal(json_extract(previous, '$.\(column)'), kind, '\(column)', record_id))"
                }
                try connection.run("UPDATE audit SET previous = \(previous) WHERE kind = ?", [kind.table])
            }
            for (_, sql) in triggers { try connection.execute(sql) }
            for (kind, recipient, stanza) in stanzas {
                try connection.run("INSERT INTO seal_keys (kind, recipient, stanza) VALUES (?, ?, ?)", [kind, recipient, stanza.text] as [any SQLiteBindable])
            }
            return .commit
        }
        isSealed = true
        // The key is at hand: what follows on this store (a load) needs no unlocking.
        _ = try unlock(with: dataKey)
        try scrub()
    }

    /// Rebuilds the file and empties the WAL: pages that held values in
    /// clear are rewritten or cut off, not left free.
    public func scrub() throws {
        try connection.execute("VACUUM")
        let busy = try connection.scalarInt("PRAGMA wal_checkpoint(TRUNCATE)")
        if busy != 0 {
            throw SealError("\(path) is sealed, but its WAL could not be emptied while another process holds the database open; close that process and seal it again to empty it")
        }
    }
}
