import Crypto
import Dispatch

/// Computes a SHA-256 on another thread, so hashing a large file overlaps with parsing it.
///
/// Bytes are gathered into batches of `batchSize`; each full batch is queued to a serial queue.
/// At most `maxQueued` batches wait at any time, so memory stays flat even when parsing outruns
/// hashing. `hasher` is only touched on the queue; `batch` only on the caller's thread.
final class BackgroundHasher: @unchecked Sendable {
    private static let maxQueued = 4
    private static let batchSize = 64 * 1024
    private var hasher = Crypto.SHA256()
    private var batch: [UInt8] = []
    private let queue = DispatchQueue(label: "passage.input.sha256")
    private let slots = DispatchSemaphore(value: BackgroundHasher.maxQueued)

    /// Adds bytes; a full batch is handed to the hashing thread (waiting while too many are queued).
    func add(_ bytes: UnsafeRawBufferPointer) {
        if batch.isEmpty && bytes.count >= Self.batchSize {
            send([UInt8](bytes))
            return
        }
        batch.append(contentsOf: bytes)
        if batch.count >= Self.batchSize {
            send(batch)
            batch = []
        }
    }

    /// The digest of everything added so far, once the queued batches are hashed.
    func hexDigest() -> String {
        if !batch.isEmpty {
            send(batch)
            batch = []
        }
        return queue.sync {
            Hex.lowercase(hasher.finalize())
        }
    }

    private func send(_ chunk: [UInt8]) {
        slots.wait()
        queue.async {
            chunk.withUnsafeBytes { self.hasher.update(bufferPointer: $0) }
            self.slots.signal()
        }
    }
}
