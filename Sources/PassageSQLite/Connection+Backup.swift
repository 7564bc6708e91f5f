internal import CSQLite

extension Connection {
    /// Copies this database into `destination` with SQLite's online backup
    /// API: other connections may go on writing; the copy is of one
    /// consistent moment.
    ///
    /// "If the source database is modified by ... a different connection
    /// during the backup, the backup restarts" (sqlite.org/c3ref/backup_finish.html),
    /// so it copies in one step while holding the read lock.
    public func backup(into destination: Connection) throws {
        let source = try openHandle()
        let target = try destination.openHandle()
        guard let backup = sqlite3_backup_init(target, "main", source, "main") else {
            throw destination.error(code: sqlite3_errcode(target), sql: nil)
        }
        var code: Int32
        repeat {
            code = sqlite3_backup_step(backup, -1)
            if code == SQLITE_BUSY || code == SQLITE_LOCKED { sqlite3_sleep(50) }
        } while code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE, finish == SQLITE_OK else {
            throw destination.error(code: code == SQLITE_DONE ? finish : code, sql: nil)
        }
    }
}
