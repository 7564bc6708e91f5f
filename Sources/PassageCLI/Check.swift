import ArgumentParser
import Passage

extension PassageCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check SQLite integrity, foreign keys and the report figures kept for speed, then list data warnings (the data-quality report).",
            discussion: "Exits 2 when it finds damage (integrity, a dangling reference, kept figures that disagree with the records: `check --repair` rebuilds those); data warnings alone do not fail."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        @Flag(help: "Rebuild the report figures kept for speed from the records first.")
        var repair = false

        func run() throws {
            if repair {
                guard FilePaths.exists(database.path) else { throw PassageError.noDatabase(path: database.path) }
                let writer = try Store.openForWriting(at: database.path)
                try writer.repairDerivedFigures()
                try writer.close()
                printError("report figures: rebuilt from the records")
            }
            let store = try Store.openForReading(at: database.path)
            let result = try store.check()
            printError("integrity: \(result.integrity.joined(separator: "; "))")
            printError("foreign keys: \(result.foreignKeyProblems.isEmpty ? "ok" : result.foreignKeyProblems.joined(separator: "; "))")
            printError("report figures: \(result.derivedProblems.isEmpty ? "ok" : result.derivedProblems.joined(separator: "; ") + " (run `passage check --repair` to rebuild them)")")
            if let error = result.findingsError {
                printError("data warnings: could not be read: \(error)")
            } else {
                printError("data warnings: \(result.findings.rows.count)")
            }
            printTable(result.findings, format: output.format)
            if result.isDamaged { throw ExitCode(ExitStatus.damaged) }
        }
    }
}
