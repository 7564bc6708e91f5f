#if canImport(Glibc)
import Glibc
#endif
import Passage

/// Standard output through one 64 KiB buffer: a report of 200,000 rows is
/// a few hundred writes, not 200,000 locked `print` calls.
final class StandardOutput {
    nonisolated(unsafe) static let shared = StandardOutput()
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 16) }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func write(bytes: UnsafeRawBufferPointer) {
        // A block as large as the buffer goes out as it is, after what is buffered.
        if bytes.count >= 1 << 16 {
            flush()
            FilePaths.writeAll(STDOUT_FILENO, bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        // A closed pipe (`passage report … | head`) ends the output quietly.
        _ = buffer.withUnsafeBytes { FilePaths.writeAll(STDOUT_FILENO, $0) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Prints a line through the shared buffer, so it keeps its place among table rows.
func say(_ text: String) {
    StandardOutput.shared.write(text + "\n")
}
