internal import CSQLite

/// Stops the statement a connection is running, from another thread or a
/// signal handler (`sqlite3_interrupt`, which SQLite's own shell calls on
/// Ctrl-C): the statement fails with `SQLITE_INTERRUPT` and its transaction
/// rolls back. Interrupting a connection with no statement running does
/// nothing. `bits` is the connection's handle as a number, so that a
/// signal handler can keep it in an atomic; it must only be used while the
/// connection is open.
public struct Interrupter: Sendable, Equatable {
    public let bits: UInt

    /// The interrupter of the connection whose handle is `bits` (0: none).
    public init(bits: UInt) {
        self.bits = bits
    }

    public func interrupt() {
        if let handle = OpaquePointer(bitPattern: bits) { sqlite3_interrupt(handle) }
    }
}

extension Connection {
    /// What stops this connection's running statement from elsewhere.
    public var interrupter: Interrupter { Interrupter(bits: UInt(bitPattern: handle)) }
}

extension SQLiteError {
    /// The error of a statement stopped by an `Interrupter`, for work
    /// between statements that stops the same way.
    public static func interrupted(_ message: String) -> SQLiteError {
        SQLiteError(extendedCode: SQLITE_INTERRUPT, message: message)
    }
}
