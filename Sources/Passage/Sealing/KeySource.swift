import PassageAge

/// What opens a sealed database: its passphrase, or identities one of
/// whose recipients it names.
public enum KeySource: Sendable {
    case passphrase(String)
    case identities([X25519Identity])
}

/// A sealed database cannot do what was asked: no key, a wrong one, or a
/// value that does not open. Nothing was changed.
public struct SealError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }

    public static let wrongPassphrase = SealError("wrong passphrase")
    public static let wrongIdentity = SealError("identity does not open this database")

    /// A stored value that is not a sealed value of this record and column
    /// under this database's key.
    static func doesNotOpen(table: String, column: String, id: String) -> SealError {
        SealError("\(table).\(column) of '\(id)' does not open: it was sealed for another record or column, or damaged")
    }
}

/// The scrypt work factor for a new passphrase: 2^17 (128 MiB, about half
/// a second on the machines in BENCHMARKS.md). Opening accepts up to age's 2^22.
public let passphraseWorkFactor = 17
