internal import CSQLite

extension Connection {
    /// How a transaction takes its lock.
    public enum TransactionKind: String, Sendable {
        /// Takes locks when first needed.
        case deferred = "DEFERRED"
        /// Takes the write lock at once: the right start for a writer, so it
        /// waits at BEGIN instead of failing halfway through.
        case immediate = "IMMEDIATE"
        case exclusive = "EXCLUSIVE"
    }

    /// What to do with a transaction whose body returned normally.
    public enum Completion: Sendable {
        case commit
        case rollback
    }

    /// Runs `body` in a transaction: it commits when the body returns
    /// `.commit`, rolls back on `.rollback` or any thrown error (and rethrows
    /// it). Inside another transaction it nests as a savepoint.
    public func transaction(_ kind: TransactionKind = .deferred, _ body: () throws -> Completion) throws {
        if isInTransaction {
            try savepoint(body)
            return
        }
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        let completion: Completion
        do {
            completion = try body()
        } catch {
            rollbackUnlessSQLiteDid()
            throw error
        }
        switch completion {
        case .commit:
            do {
                try execute("COMMIT TRANSACTION")
            } catch {
                rollbackUnlessSQLiteDid()
                throw error
            }
        case .rollback:
            try execute("ROLLBACK TRANSACTION")
        }
    }

    /// Runs `body` in a transaction and commits what it did, returning its
    /// value; any thrown error rolls everything back and is rethrown.
    public func write<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        var result: T?
        try transaction(kind) {
            result = try body()
            return .commit
        }
        return result!
    }

    /// Runs `body` inside a savepoint: released on `.commit`, rolled back to
    /// (and released) on `.rollback` or a thrown error.
    public func savepoint(_ body: () throws -> Completion) throws {
        let name = "passage_savepoint"
        try execute("SAVEPOINT \(name)")
        do {
            switch try body() {
            case .commit:
                try execute("RELEASE SAVEPOINT \(name)")
            case .rollback:
                try execute("ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)")
            }
        } catch {
            if isInTransaction {
                try? execute("ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)")
            }
            throw error
        }
    }

    /// Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY, SQLITE_NOMEM) make
    /// SQLite roll back by itself; a second ROLLBACK would then fail and hide
    /// the first error.
    private func rollbackUnlessSQLiteDid() {
        if isInTransaction { try? execute("ROLLBACK TRANSACTION") }
    }
}
