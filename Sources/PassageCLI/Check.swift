import ArgumentParser
import Passage
import PassageSQLite

extension PassageCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check SQLite integrity, foreign keys and the report figures kept for speed, then list data warnings (the data-quality report).",
            discussion: "Exits 2 when it finds damage (integrity, a dangling reference, kept figures that disagree with the records: `check --repair` rebuilds those; of a sealed database, given its key, a sealed value that does not open); data warnings alone do not fail."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var key: KeyOptions

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
            let store: Store
            do {
                store = try Store.openForReading(at: database.path)
            } catch let error as SQLiteError where error.code == .corrupt {
                // Damage where SQLite keeps the schema: the file cannot even be
                // opened, and that is the finding.
                printError("integrity: the file is too damaged to open: \(error.message)")
                throw ExitCode(ExitStatus.damaged)
            }
            let result = try store.check()
            printError("integrity: \(result.integrity.joined(separator: "; "))")
            printError("foreign keys: \(result.foreignKeyProblems.isEmpty ? "ok" : result.foreignKeyProblems.joined(separator: "; "))")
            printError("report figures: \(result.derivedProblems.isEmpty ? "ok" : result.derivedProblems.joined(separator: "; ") + " (run `passage check --repair` to rebuild them)")")
            var sealedFindings: ResultTable?
            if store.isSealed {
                if key.isGiven {
                    store.keySource = key.source(path: database.path, purpose: "opening the sealed values")
                    let findings = try store.checkSealedValues()
                    printError("sealed values: \(findings.rows.isEmpty ? "ok, every one opens" : "\(findings.rows.count) do not open or are in clear")")
                    sealedFindings = findings
                } else {
                    printError("sealed values: not opened (no key given: set PASSAGE_PASSPHRASE, or give --passphrase-file FILE or --identity FILE)")
                }
            }
            if let error = result.findingsError {
                printError("data warnings: could not be read: \(error)")
            } else {
                printError("data warnings: \(result.findings.rows.count)")
            }
            if let sealedFindings, !sealedFindings.rows.isEmpty {
                printTable(sealedFindings, format: output.format)
            }
            printTable(result.findings, format: output.format)
            if result.isDamaged || !(sealedFindings?.rows.isEmpty ?? true) { throw ExitCode(ExitStatus.damaged) }
        }
    }
}
