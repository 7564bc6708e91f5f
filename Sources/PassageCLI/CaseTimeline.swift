import ArgumentParser
import Passage

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
            guard let party = try store.party(ofCase: id) else { throw UserError("no case with id '\(id)'") }
            if output.format == .table {
                let children = party.children.map { ", \($0) children" } ?? ""
                say("case \(id): \(party.category), party of \(party.size)\(children)\n")
            }
            guard let timeline = Report.queries.first(where: { $0.name == "case-timeline" }) else {
                throw UserError("the case-timeline query is missing from this build")
            }
            printTable(try store.run(timeline, parameters: ["case_id": id]), format: output.format)
        }
    }
}
