import ArgumentParser
import Passage
import PassageSQLite

extension PassageCommand {
    struct ReportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "List the canned reports, or run one.",
            discussion: "Without NAME, lists every report with its title and parameters."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var parameters: ParameterOptions

        @Argument(help: "The report to run.")
        var name: String?

        @Flag(help: "Print the report's SQL as passage runs it (its shared parts taken in) instead of running it.")
        var sql = false

        func validate() throws {
            if sql, name == nil { throw ValidationError("--sql needs the name of a report") }
        }

        func run() throws {
            guard let name else {
                let rows = Report.all.map { report -> [SQLiteValue] in
                    let parameters = report.parameters.map { parameter in
                        parameter.name + (parameter.isRequired ? "" : "?") + (parameter.defaultsToNow ? " (default now)" : "")
                    }
                    return [.text(report.name), .text(report.title), .text(parameters.joined(separator: ", "))]
                }
                printTable(ResultTable(columns: ["name", "title", "parameters"], rows: rows), format: output.format)
                return
            }
            guard let report = Report.named(name) else {
                throw UserError("no report named '\(name)'; the reports are: \(Report.all.map(\.name).joined(separator: ", "))")
            }
            if sql {
                StandardOutput.shared.write(report.sql.hasSuffix("\n") ? report.sql : report.sql + "\n")
                return
            }
            let store = try Store.openForReading(at: database.path)
            let statement = try store.prepare(report, parameters: parameters.dictionary())
            try printRows(of: statement, booleanColumns: report.booleanColumns, format: output.format)
        }
    }
}
