/// An error from the PostgreSQL server or from libpq, in words for the user.
///
/// Its text never holds the password: every message from libpq or the
/// server passes through `ConnectionURL.redact(_:)` before it is kept.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// The server's SQLSTATE (`42501` insufficient privilege…), when it sent one.
    public let sqlState: String?
    public let message: String
    /// What was being done ("connecting to …", "COPY …"), already redacted.
    public let context: String?

    public init(message: String, sqlState: String? = nil, context: String? = nil) {
        self.message = message
        self.sqlState = sqlState
        self.context = context
    }

    public var description: String {
        guard let context else { return message }
        return "\(context): \(message)"
    }

}
