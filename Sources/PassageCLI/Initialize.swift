import ArgumentParser
import Passage

extension PassageCommand {
    struct Initialize: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create the database, or migrate an older one to the current schema.",
            discussion: "--seal keeps every personal column encrypted (docs/sealing.md). The passphrase comes from $PASSAGE_PASSPHRASE, else --passphrase-file, else it is asked twice on the terminal."
        )

        @OptionGroup var database: DatabaseOptions

        // Unconditional: a zone west of Greenwich starts with '-' and would
        // otherwise be taken for an option (`--zone -05:00`).
        @Option(parsing: .unconditional, help: ArgumentHelp("The event zone, ±HH:MM from -14:59 to +14:59: local times without an offset are in it (default +04:30, Kabul).", valueName: "±HH:MM"))
        var zone: String?

        @Flag(help: "Seal the database (new or existing): personal values are kept only encrypted.")
        var seal = false

        @Option(name: .customLong("recipient"), help: ArgumentHelp("With --seal: an age recipient (age1…) whose identity also opens the database, e.g. a recovery key; repeat for more.", valueName: "R"))
        var recipients: [String] = []

        @Option(help: ArgumentHelp("With --seal: read the new passphrase from the first line of FILE.", valueName: "FILE"))
        var passphraseFile: String?

        func validate() throws {
            if !recipients.isEmpty && !seal { throw ValidationError("--recipient goes with --seal") }
            if passphraseFile != nil && !seal { throw ValidationError("--passphrase-file goes with --seal") }
        }

        func run() throws {
            var parsedZone: EventZone?
            if let zone {
                guard let parsed = EventZone(zone) else {
                    throw ValidationError("--zone takes ±HH:MM from -14:59 to +14:59, e.g. +04:30, not '\(zone)'")
                }
                parsedZone = parsed
            }
            // Everything that can be refused is checked before the file is touched.
            let parsedRecipients = try parseRecipients(recipients, option: "--recipient")
            var passphrase: String?
            if seal && !(FilePaths.exists(database.path) && (try? Store.openForReading(at: database.path).isSealed) == true) {
                passphrase = try KeyOptions.newPassphrase(environment: "PASSAGE_PASSPHRASE", file: passphraseFile, fileOption: "--passphrase-file")
            }
            let store = try Store.openForWriting(at: database.path, zone: parsedZone)
            defer { try? store.close() }
            if seal {
                if store.isSealed {
                    guard parsedRecipients.isEmpty else {
                        throw UserError("\(database.path) is already sealed; add a recipient with passage keys add-recipient")
                    }
                    try store.scrub()
                    say("\(database.path) is already sealed.")
                } else if let passphrase {
                    try store.seal(passphrase: passphrase, recipients: parsedRecipients)
                    say("\(database.path): sealed; personal values are kept encrypted (\(parsedRecipients.count) recipient\(parsedRecipients.count == 1 ? "" : "s") besides the passphrase).")
                }
            }
            say("\(database.path): schema version \(Migrator.currentVersion), event zone \(store.zone)\(store.isSealed ? ", sealed" : "")")
            try store.close()
        }
    }
}
