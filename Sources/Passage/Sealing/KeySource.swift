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
}

/// The scrypt work factor for a new passphrase: 2^17 (128 MiB, about half
/// a second on the machines in BENCHMARKS.md). Opening accepts up to age's 2^22.
public let passphraseWorkFactor = 17
