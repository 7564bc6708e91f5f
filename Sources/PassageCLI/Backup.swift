import ArgumentParser
import Passage

extension PassageCommand {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Make an online copy of the database (safe while a load runs), checked for integrity."
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The new file to write.")
        var file: String

        func run() throws {
            let store = try Store.openForReading(at: database.path)
            try store.backup(to: file)
            say("Backed up \(database.path) to \(file): integrity ok.")
        }
    }
}
