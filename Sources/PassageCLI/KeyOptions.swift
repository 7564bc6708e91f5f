import ArgumentParser
import Passage
import PassageAge

/// Where the key of a sealed database comes from. Never a command-line
/// argument: a passphrase there would show in `ps` and shell history.
struct KeyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Read the passphrase from the first line of FILE (used when $PASSAGE_PASSPHRASE is not set; else it is asked on the terminal).", valueName: "FILE"))
    var passphraseFile: String?

    @Option(help: ArgumentHelp("An age identity file (AGE-SECRET-KEY-1…) whose recipient the database names (else $PASSAGE_IDENTITY).", valueName: "FILE"))
    var identity: String?

    static let howToGive = "set PASSAGE_PASSPHRASE, give --passphrase-file FILE or --identity FILE (or PASSAGE_IDENTITY), or run it on a terminal to be asked"

    /// The key for opening `path`, asked for only when `purpose` needs it.
    func source(path: String, purpose: String) -> @Sendable () throws -> KeySource {
        let (identity, passphraseFile) = (identity, passphraseFile)
        return { @Sendable () throws -> KeySource in
            if let identity { return .identities(try Self.readIdentities(identity)) }
            if let passphrase = FilePaths.environment("PASSAGE_PASSPHRASE") {
                guard !passphrase.isEmpty else { throw UserError("PASSAGE_PASSPHRASE is empty") }
                return .passphrase(passphrase)
            }
            if let passphraseFile { return .passphrase(try Self.readPassphrase(passphraseFile)) }
            if let path = FilePaths.environment("PASSAGE_IDENTITY"), !path.isEmpty { return .identities(try Self.readIdentities(path)) }
            if let typed = askWithoutEcho("Passphrase for \(path): ") {
                guard !typed.isEmpty else { throw UserError("no passphrase given") }
                return .passphrase(typed)
            }
            throw UserError("\(path) is sealed: \(purpose) needs its passphrase or identity: \(Self.howToGive)")
        }
    }

    /// Whether a key was given without asking (for `check`, which opens
    /// sealed values only when it has one).
    var isGiven: Bool {
        identity != nil || passphraseFile != nil || FilePaths.environment("PASSAGE_PASSPHRASE") != nil
            || !(FilePaths.environment("PASSAGE_IDENTITY") ?? "").isEmpty
    }

    /// A new passphrase: from `environment`, else `file`, else asked twice.
    static func newPassphrase(environment: String, file: String?, fileOption: String) throws -> String {
        if let passphrase = FilePaths.environment(environment) {
            guard !passphrase.isEmpty else { throw UserError("\(environment) is empty") }
            return passphrase
        }
        if let file { return try readPassphrase(file) }
        guard let first = askWithoutEcho("New passphrase: ") else {
            throw UserError("a new passphrase is needed: set \(environment), give \(fileOption) FILE, or run it on a terminal to be asked")
        }
        guard !first.isEmpty else { throw UserError("the passphrase is empty") }
        guard askWithoutEcho("The same passphrase again: ") == first else { throw UserError("the two passphrases differ; nothing was changed") }
        return first
    }

    /// The first line of a passphrase file.
    static func readPassphrase(_ path: String) throws -> String {
        let text: String
        do {
            text = try FilePaths.readSmallFile(path, limit: 4096)
        } catch {
            throw UserError("cannot read the passphrase file \(error)")
        }
        var line = Substring(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        if line.hasSuffix("\r") { line = line.dropLast() }
        guard !line.isEmpty else { throw UserError("the passphrase file \(path) is empty (its first line is the passphrase)") }
        return String(line)
    }

    static func readIdentities(_ path: String) throws -> [X25519Identity] {
        let text: String
        do {
            text = try FilePaths.readSmallFile(path, limit: 1 << 20)
        } catch {
            throw UserError("cannot read the identity file \(error)")
        }
        do {
            return try X25519Identity.parseFile(text)
        } catch let error as AgeError {
            throw UserError("the identity file \(path) is not an age identity file: \(error)")
        }
    }
}

/// `--recipient R` / `--to R`, parsed as age X25519 recipients.
func parseRecipients(_ texts: [String], option: String) throws -> [X25519Recipient] {
    try texts.map { text in
        do {
            return try X25519Recipient(parsing: text)
        } catch let error as AgeError {
            throw ValidationError("\(option): \(error)")
        }
    }
}
