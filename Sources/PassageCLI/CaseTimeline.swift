import ArgumentParser
import Passage
import PassageSQLite

extension PassageCommand {
    struct CaseTimeline: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "case",
            abstract: "One case's timeline: attempts, incidents and outcomes, in time order."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: "The case's id.")
        var id: String

        func run() throws {
            let store = try Store.openForReading(at: database.path)
            let summary = try store.connection.prepare("SELECT category, size, children FROM cases WHERE id = ?")
            try summary.bind([id])
            guard try summary.step() else { throw UserError("no case with id '\(id)'") }
            if output.format == .table {
                let children = summary.optionalInt(at: 2).map { ", \($0) children" } ?? ""
                say("case \(id): \(summary.text(at: 0)), party of \(summary.int(at: 1))\(children)\n")
            }
            guard let timeline = Report.queries.first(where: { $0.name == "case-timeline" }) else {
                throw UserError("the case-timeline query is missing from this build")
            }
            printTable(try store.run(timeline, parameters: ["case_id": id]), format: output.format)
        }
    }
}
