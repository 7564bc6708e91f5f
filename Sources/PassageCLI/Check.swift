import ArgumentParser
import Passage

extension PassageCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check SQLite integrity and foreign keys, then list data warnings (the data-quality report).",
            discussion: "Exits non-zero when SQLite finds damage; data warnings alone do not fail."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let store = try Store.openForReading(at: database.path)
            let result = try store.check()
            printError("integrity: \(result.integrity.joined(separator: "; "))")
            printError("foreign keys: \(result.foreignKeyProblems.isEmpty ? "ok" : result.foreignKeyProblems.joined(separator: "; "))")
            if let error = result.findingsError {
                printError("data warnings: could not be read: \(error)")
            } else {
                printError("data warnings: \(result.findings.rows.count)")
            }
            printTable(result.findings, format: output.format)
            if result.isDamaged { throw ExitCode(2) }
        }
    }
}
