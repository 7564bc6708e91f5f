import ArgumentParser
import Passage
import PassageSQLite

extension PassageCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check SQLite integrity and foreign keys, then list data warnings (the data-quality report).",
            discussion: "Exits non-zero when SQLite finds damage; data warnings alone do not fail. Of a sealed database, given its key, every sealed value is opened too, and one that does not open is damage."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var key: KeyOptions

        func run() throws {
            let store: Store
            do {
                store = try Store.openForReading(at: database.path)
            } catch let error as SQLiteError where error.code == .corrupt {
                // Damage where SQLite keeps the schema: the file cannot even be
                // opened, and that is the finding.
                printError("integrity: the file is too damaged to open: \(error.message)")
                throw ExitCode(2)
            }
            let result = try store.check()
            printError("integrity: \(result.integrity.joined(separator: "; "))")
            printError("foreign keys: \(result.foreignKeyProblems.isEmpty ? "ok" : result.foreignKeyProblems.joined(separator: "; "))")
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
            if result.isDamaged || !(sealedFindings?.rows.isEmpty ?? true) { throw ExitCode(2) }
        }
    }
}
