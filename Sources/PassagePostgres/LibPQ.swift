internal import CLibPQ

/// libpq is loaded when the mirror first needs it, not when passage starts
/// (see Sources/CLibPQ): commands that never reach PostgreSQL start without
/// it, and a machine without libpq5 runs every other command.
enum LibPQ {
    /// Loads libpq if it is not yet; throws, in words for the user, when it cannot be.
    static func load() throws {
        if let error = passage_pq_load() {
            throw PostgresError(
                message: "\(String(cString: error)); the mirror needs PostgreSQL's client library (Debian: apt-get install libpq5)",
                context: "cannot load libpq")
        }
    }
}
