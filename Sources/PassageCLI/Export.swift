import ArgumentParser
import Passage

extension PassageCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write every kind back out into DIR, rows in the order they were loaded.",
            discussion: "The folder also gets event_zone.txt: loading the export into a new database makes it in the same event zone, and its reports are identical."
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The folder to write into (created if missing; must be empty).")
        var directory: String

        @Option(help: "csv or ndjson.")
        var format: Store.ExportFormat = .csv

        @Flag(help: ArgumentHelp("Empty the personal columns (\(RecordKind.personalColumnNames.joined(separator: ", "))) in the export."))
        var redact = false

        func run() throws {
            let store = try Store.openForReading(at: database.path)
            let counts = try store.export(to: directory, format: format, redact: redact)
            let total = counts.values.reduce(0, +)
            say("Exported \(total) records of \(counts.count) kinds to \(directory).")
            if !redact {
                printError("Note: this export holds personal data (\(RecordKind.personalColumnNames.joined(separator: ", "))); use --redact to leave it out.")
            }
        }
    }
}
