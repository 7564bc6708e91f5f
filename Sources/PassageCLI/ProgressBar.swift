#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#endif

/// A progress bar on standard error, only when it is a terminal.
final class ProgressBar: @unchecked Sendable {
    // Called from the loader's thread only; the lock-free state is safe
    // because the load runs on one thread.
    let isActive = isatty(STDERR_FILENO) == 1
    private var lastDrawn = Date.distantPast
    private var drawn = false

    func show(done: Int, total: Int) {
        guard isActive, total > 1 << 20 else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
        lastDrawn = now
        let fraction = min(1, Double(done) / Double(max(total, 1)))
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let percent = String(Int(fraction * 100))
        let line = "\rloading [\(bar)] \(String(repeating: " ", count: max(0, 3 - percent.count)))\(percent)%  \(Self.megabytes(done)) / \(Self.megabytes(total)) MB"
        writeToStandardError(line)
        drawn = true
    }

    func finish() {
        if drawn { writeToStandardError("\r\u{1B}[K") }
    }

    /// Bytes as megabytes with one decimal (`12.3`).
    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10)"
    }
}
