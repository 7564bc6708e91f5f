import ArgumentParser
import Passage

extension PassageCommand {
    struct Outcomes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "outcomes",
            abstract: "The cases that tried at a muster point (every case when none is given), with their current status."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        @Option(help: "Only cases with an attempt through this muster point.")
        var musterPoint: String?

        @Option(help: "Only cases whose current status is this (none: no outcome yet).")
        var status: String?

        func run() throws {
            let store = try Store.openForReading(at: database.path)
            // The report checks both filters (an outcome status or none, a muster point that exists).
            guard let report = Report.named("outcomes") else { throw UserError("the outcomes report is missing from this build") }
            var parameters: [String: String] = [:]
            parameters["muster_point"] = musterPoint
            parameters["status"] = status
            let statement = try store.prepare(report, parameters: parameters)
            try printRows(of: statement, booleanColumns: report.booleanColumns, format: output.format)
        }
    }
}
