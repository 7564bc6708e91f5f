#if canImport(Glibc)
import Glibc
#endif

/// One POSIX thread running a closure, joined before it is let go.
/// (Foundation's `Thread` would pull in the whole of Foundation.)
final class WorkerThread {
    private var thread = pthread_t()
    private var started = false

    /// Starts `body` on a new thread with a `stackSize`-byte stack.
    init(stackSize: Int = 4 << 20, _ body: @escaping @Sendable () -> Void) throws {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let code = pthread_create(&thread, &attributes, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        guard code == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw FileError(path: "worker thread", errno: code)
        }
        started = true
    }

    /// Waits for the thread to end.
    func join() {
        guard started else { return }
        pthread_join(thread, nil)
        started = false
    }

    deinit { join() }

    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}

/// A mutex with one condition variable (what `NSCondition` offers).
final class Condition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    /// Waits (the lock held) until another thread broadcasts.
    func wait() { pthread_cond_wait(condition, mutex) }
    func broadcast() { pthread_cond_broadcast(condition) }
}
