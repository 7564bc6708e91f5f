/// Runs `first` on a second thread while `second` runs on this one (the
/// machine's two cores), and returns both results.
func inParallel<A: Sendable, B>(_ first: @escaping @Sendable () -> A, _ second: () throws -> B) throws -> (A, B) {
    let box = ParallelResult<A>()
    let worker = try WorkerThread { box.value = first() }
    let other = Result { try second() }
    worker.join()
    return (box.value!, try other.get())
}

/// What the second thread hands back (read only after it is joined).
final class ParallelResult<Value>: @unchecked Sendable {
    var value: Value?
}
