import PassageSQLite

/// How the caller of a load stops it part-way (the command line: on Ctrl-C
/// or SIGTERM). The load gives `begin` the interrupter of its connection
/// before its first statement and calls `end` before that connection can
/// close; between statements it asks `isRequested`. Either way the load
/// throws an `SQLiteError` with code `.interrupt`, its transaction rolls
/// back, and a database it was making is removed.
public struct LoadInterruption: Sendable {
    public var begin: @Sendable (Interrupter) -> Void
    public var end: @Sendable () -> Void
    public var isRequested: @Sendable () -> Bool

    public init(begin: @escaping @Sendable (Interrupter) -> Void, end: @escaping @Sendable () -> Void,
                isRequested: @escaping @Sendable () -> Bool) {
        self.begin = begin
        self.end = end
        self.isRequested = isRequested
    }

    /// Throws when a stop was asked for.
    func check() throws {
        if isRequested() { throw SQLiteError.interrupted("the load was interrupted") }
    }
}
