internal import CSQLite
#if canImport(Glibc)
import Glibc
#endif

// What the handler may touch: plain words.
nonisolated(unsafe) private var connectionToInterrupt: OpaquePointer?
nonisolated(unsafe) private var signalReceived: sig_atomic_t = 0

/// SIGINT or SIGTERM while signals are caught: noted, and the connection
/// set to be interrupted has its running statement stopped (SQLite's own
/// shell does the same on Ctrl-C), so its transaction rolls back and the
/// caller's clean-up runs. A second signal ends the process the default way.
private func noteSignal(_ number: Int32) {
    signal(number, SIG_DFL)
    signalReceived = number
    if let handle = connectionToInterrupt { sqlite3_interrupt(handle) }
}

extension Connection {
    /// From now on Ctrl-C (SIGINT) and SIGTERM are noted instead of ending
    /// the process where it stands: a long write checks for them
    /// (`stopIfInterrupted`) or has its connection interrupted
    /// (`interruptOnSignals`), rolls back and removes what it made. A SIGINT
    /// the process was started ignoring (a background job) stays ignored.
    public static func catchSignals() {
        signalReceived = 0
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        // A parent may have started this process with them blocked.
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        // SIG_IGN is the handler "1".
        if let previous = signal(SIGINT, noteSignal), unsafeBitCast(previous, to: Int.self) == 1 {
            signal(SIGINT, SIG_IGN)
        }
        signal(SIGTERM, noteSignal)
    }

    /// A signal noted from now on also interrupts this connection's running
    /// statement; one noted already does so at once.
    public func interruptOnSignals() {
        connectionToInterrupt = handle
        if signalReceived != 0, let handle { sqlite3_interrupt(handle) }
    }

    /// Before the connection closes: no signal may reach it after.
    public static func stopInterruptingOnSignals() {
        connectionToInterrupt = nil
    }

    /// The signal noted, 0 when none was.
    public static var interruptingSignal: Int32 { signalReceived }

    /// SQLite sees an interrupt only while a statement runs: work between
    /// statements checks here, and stops the same way.
    public static func stopIfInterrupted() throws {
        if signalReceived != 0 {
            throw SQLiteError(extendedCode: SQLITE_INTERRUPT, message: "interrupted by signal \(signalReceived)")
        }
    }
}
