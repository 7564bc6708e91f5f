import ArgumentParser
import Passage

extension PassageCommand {
    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "query",
            abstract: "Run ad-hoc SQL, read-only: it can never change the database.",
            discussion: "Name parameters in the SQL (:name) and give them with --param name=value; they are bound, never spliced."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var parameters: ParameterOptions

        @Argument(help: "One SQL statement.")
        var sql: String

        func run() throws {
            let store = try Store.openForReading(at: database.path)
            let statement = try store.prepareQuery(sql, parameters: parameters.dictionary())
            // Streamed like a report: a query over every case prints as it
            // reads. Sealed values print as [sealed], never as their ciphertext.
            try printRows(of: statement, booleanColumns: [], format: output.format, codec: store.isSealed ? .maskingSealed : .stored)
        }
    }
}
