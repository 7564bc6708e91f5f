internal import CSQLite
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// What the handler touches: lock-free atomics, which a signal handler may
// use (plain globals would trip Swift's exclusivity checks in debug builds
// when a signal lands during a read of them).
private let connectionToInterrupt = Atomic<UInt>(0)
private let signalReceived = Atomic<Int32>(0)

/// SIGINT or SIGTERM while signals are caught: noted, and the connection
/// set to be interrupted has its running statement stopped (SQLite's own
/// shell does the same on Ctrl-C), so its transaction rolls back and the
/// caller's clean-up runs. A second signal ends the process the default way.
private func noteSignal(_ number: Int32) {
    signal(number, SIG_DFL)
    signalReceived.store(number, ordering: .sequentiallyConsistent)
    if let handle = OpaquePointer(bitPattern: connectionToInterrupt.load(ordering: .sequentiallyConsistent)) {
        sqlite3_interrupt(handle)
    }
}

extension Connection {
    /// From now on Ctrl-C (SIGINT) and SIGTERM are noted instead of ending
    /// the process where it stands: a long write checks for them
    /// (`stopIfInterrupted`) or has its connection interrupted
    /// (`interruptOnSignals`), rolls back and removes what it made. A SIGINT
    /// the process was started ignoring (a background job) stays ignored.
    /// SIGPIPE is ignored: a reader that goes away is an error (EPIPE) that
    /// rolls the write back, not the end of the process.
    public static func catchSignals() {
        signalReceived.store(0, ordering: .sequentiallyConsistent)
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
        signal(SIGPIPE, SIG_IGN)
    }

    /// A signal noted from now on also interrupts this connection's running
    /// statement; one noted already does so at once.
    public func interruptOnSignals() {
        connectionToInterrupt.store(UInt(bitPattern: handle), ordering: .sequentiallyConsistent)
        if Connection.interruptingSignal != 0, let handle { sqlite3_interrupt(handle) }
    }

    /// Before the connection closes: no signal may reach it after.
    public static func stopInterruptingOnSignals() {
        connectionToInterrupt.store(0, ordering: .sequentiallyConsistent)
    }

    /// The signal noted, 0 when none was.
    public static var interruptingSignal: Int32 { signalReceived.load(ordering: .sequentiallyConsistent) }

    /// SQLite sees an interrupt only while a statement runs: work between
    /// statements checks here, and stops the same way.
    public static func stopIfInterrupted() throws {
        let number = interruptingSignal
        if number != 0 {
            throw SQLiteError(extendedCode: SQLITE_INTERRUPT, message: "interrupted by signal \(number)")
        }
    }

    /// After the clean-up: ends the process by the signal that interrupted
    /// it, so that a calling shell script stops as it would for any command.
    public static func endBySignal(_ number: Int32) -> Never {
        signal(number, SIG_DFL)
        raise(number)
        exit(128 + number)
    }
}
