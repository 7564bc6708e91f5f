import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Passage
import PassageAge
import PassageSQLite

extension PassageCommand {
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Make a new age identity (a recovery key) and print its recipient.",
            discussion: "The identity file is the one age-keygen writes (age -d -i FILE reads it). Keep it away from the laptop: it opens every database and file sealed to its recipient."
        )

        @Option(help: ArgumentHelp("Write the identity to FILE (created, owner-only; must not exist) and print its recipient; else the identity goes to standard output and the recipient to standard error.", valueName: "FILE"))
        var out: String?

        func run() throws {
            let identity = X25519Identity()
            guard let out else {
                StandardOutput.shared.write(identity.fileText())
                printError("Public key: \(identity.recipient)")
                return
            }
            let file: OutputFile
            do {
                file = try OutputFile(creating: out, exclusive: true, mode: 0o600)
            } catch {
                throw UserError("cannot create the identity file \(error)")
            }
            try file.write(identity.fileText())
            try file.sync()
            try file.close()
            say(identity.recipient.description)
        }
    }

    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys",
            abstract: "Manage the keys of a sealed database.",
            subcommands: [List.self, Passphrase.self, AddRecipient.self]
        )

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List what opens the database: its passphrase and recipients (no key needed).")

            @OptionGroup var database: DatabaseOptions
            @OptionGroup var output: FormatOptions

            func run() throws {
                let store = try Store.openForReading(at: database.path)
                guard store.isSealed else { throw UserError("\(database.path) is not sealed (seal it with passage init --seal)") }
                let rows = try store.keyEntries().map { entry -> [SQLiteValue] in
                    [.text(entry.kind), entry.recipient.map(SQLiteValue.text) ?? .null, .text(entry.addedAt)]
                }
                printTable(ResultTable(columns: ["kind", "recipient", "added_at"], rows: rows), format: output.format)
            }
        }

        struct Passphrase: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "passphrase",
                abstract: "Change the passphrase (needs the current passphrase or an identity).",
                discussion: "The new passphrase comes from $PASSAGE_NEW_PASSPHRASE, else --new-passphrase-file, else it is asked twice on the terminal. Only the wrapped data key changes, not the values."
            )

            @OptionGroup var database: DatabaseOptions
            @OptionGroup var key: KeyOptions

            @Option(help: ArgumentHelp("Read the new passphrase from the first line of FILE.", valueName: "FILE"))
            var newPassphraseFile: String?

            func run() throws {
                let store = try Store.openForWriting(at: database.path)
                defer { try? store.close() }
                store.keySource = key.source(path: database.path, purpose: "changing the passphrase")
                try store.changePassphrase(to: try KeyOptions.newPassphrase(environment: "PASSAGE_NEW_PASSPHRASE", file: newPassphraseFile, fileOption: "--new-passphrase-file"))
                say("\(database.path): passphrase changed.")
            }
        }

        struct AddRecipient: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add-recipient",
                abstract: "Let an age identity open the database too, e.g. a recovery key kept at headquarters (needs the key)."
            )

            @OptionGroup var database: DatabaseOptions
            @OptionGroup var key: KeyOptions

            @Argument(help: "The recipient, age1….")
            var recipient: String

            func run() throws {
                let parsed = try parseRecipients([recipient], option: "add-recipient")[0]
                let store = try Store.openForWriting(at: database.path)
                defer { try? store.close() }
                store.keySource = key.source(path: database.path, purpose: "adding a recipient")
                try store.addRecipient(parsed)
                say("\(database.path): \(parsed) opens it too.")
            }
        }
    }
}
