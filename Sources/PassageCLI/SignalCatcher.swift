import Passage
import PassageSQLite
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
    Interrupter(bits: connectionToInterrupt.load(ordering: .sequentiallyConsistent)).interrupt()
}

/// Ctrl-C and SIGTERM during a load: the load rolls back and removes what it
/// made, then `passage` ends by the signal, so a calling script stops too.
enum SignalCatcher {
    /// From now on Ctrl-C (SIGINT) and SIGTERM are noted instead of ending
    /// the process where it stands. A SIGINT the process was started
    /// ignoring (a background job) stays ignored. SIGPIPE is ignored: a
    /// reader that goes away is an error (EPIPE) that rolls the write back,
    /// not the end of the process.
    static func start() {
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

    /// The signal noted, 0 when none was.
    static var received: Int32 { signalReceived.load(ordering: .sequentiallyConsistent) }

    /// What a load asks of its caller about signals: which connection a
    /// signal interrupts (and one noted already does so at once), and
    /// whether one was noted.
    static let interruption = LoadInterruption(
        begin: { interrupter in
            connectionToInterrupt.store(interrupter.bits, ordering: .sequentiallyConsistent)
            if received != 0 { interrupter.interrupt() }
        },
        end: { connectionToInterrupt.store(0, ordering: .sequentiallyConsistent) },
        isRequested: { received != 0 }
    )

    /// After the clean-up: ends the process by the signal that interrupted
    /// it, so that a calling shell script stops as it would for any command.
    static func endBySignal(_ number: Int32) -> Never {
        signal(number, SIG_DFL)
        raise(number)
        exit(128 + number)
    }
}
