/// A bounded first-in, first-out queue between one producing and one
/// consuming thread. A full queue blocks the producer (memory stays flat);
/// an empty one blocks the consumer. The consumer can cancel, which makes
/// every later push fail so the producer stops.
final class EventQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = Condition()
    /// At most `capacity` elements: removing the first is cheap.
    private var items: [Element] = []
    private let capacity: Int
    private var closed = false
    private var cancelled = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Waits for room, then appends. False when the consumer has cancelled.
    func push(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The producer is done: once the queue drains, `pop` returns nil.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for the next element; nil once the producer closed the queue
    /// and every element was taken.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// Makes every later push fail and drops what is queued.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
