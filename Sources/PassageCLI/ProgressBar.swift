import Foundation

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
        let line = String(format: "\rloading [%@] %3d%%  %.1f / %.1f MB", bar, Int(fraction * 100), Double(done) / 1e6, Double(total) / 1e6)
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
