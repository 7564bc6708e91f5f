import ArgumentParser
import Passage

extension PassageCommand {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Make an online copy of the database (safe while a load runs), checked for integrity.",
            discussion: "No key is needed: a sealed database's copy is sealed too. --to writes the copy as one age file that `age -d` opens."
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The new file to write.")
        var file: String

        @Option(name: .customLong("to"), help: ArgumentHelp("Encrypt the copy to this age recipient (age1…); repeat for more.", valueName: "R"))
        var recipients: [String] = []

        func run() throws {
            let parsedRecipients = try parseRecipients(recipients, option: "--to")
            let store = try Store.openForReading(at: database.path)
            if parsedRecipients.isEmpty {
                try store.backup(to: file)
                say("Backed up \(database.path) to \(file): integrity ok.")
            } else {
                try store.backup(to: file, recipients: parsedRecipients)
                say("Backed up \(database.path) to \(file), encrypted to \(parsedRecipients.count) recipient\(parsedRecipients.count == 1 ? "" : "s"): integrity ok.")
            }
        }
    }
}
