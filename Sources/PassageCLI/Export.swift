import ArgumentParser
import Passage

extension PassageCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write every kind back out into DIR, rows in the order they were loaded.",
            discussion: "The folder also gets event_zone.txt: loading the export into a new database makes it in the same event zone, and its reports are identical. Of a sealed database, an export without --redact needs the key and holds the personal values opened; --to writes each file as an age file (KIND.csv.age) that `age -d` opens."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var key: KeyOptions

        @Argument(help: "The folder to write into (created if missing; must be empty).")
        var directory: String

        @Option(help: "csv or ndjson.")
        var format: Store.ExportFormat = .csv

        @Flag(help: ArgumentHelp("Leave the personal columns (\(RecordKind.personalColumnNames.joined(separator: ", "))) out of the files: loaded back into a database, they keep the values stored there. No key is needed."))
        var redact = false

        @Option(name: .customLong("to"), help: ArgumentHelp("Encrypt each file to this age recipient (age1…); repeat for more.", valueName: "R"))
        var recipients: [String] = []

        func run() throws {
            let parsedRecipients = try parseRecipients(recipients, option: "--to")
            let store = try Store.openForReading(at: database.path)
            store.keySource = key.source(path: database.path, purpose: "an export with personal values (use --redact to leave them out)")
            let counts = try store.export(to: directory, format: format, redact: redact, recipients: parsedRecipients)
            let total = counts.values.reduce(0, +)
            say("Exported \(total) records of \(counts.count) kinds to \(directory)\(parsedRecipients.isEmpty ? "" : ", encrypted to \(parsedRecipients.count) recipient\(parsedRecipients.count == 1 ? "" : "s")").")
            if !redact && parsedRecipients.isEmpty {
                printError("Note: this export holds personal data in clear (\(RecordKind.personalColumnNames.joined(separator: ", "))); use --redact to leave it out, or --to R to encrypt it.")
            }
        }
    }
}
