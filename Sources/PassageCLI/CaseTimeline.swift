import ArgumentParser
import Passage

extension PassageCommand {
    struct CaseTimeline: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "case",
            abstract: "One case's timeline: attempts, incidents and outcomes, in time order.",
            discussion: "--personal adds the case's personal columns and its members in clear; a sealed database needs its key for it."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var key: KeyOptions

        @Argument(help: "The case's id.")
        var id: String

        @Flag(help: "Add the case's personal values (label, contact, notes) and its members, in clear.")
        var personal = false

        func run() throws {
            let store = try Store.openForReading(at: database.path)
            guard let party = try store.party(ofCase: id) else { throw UserError("no case with id '\(id)'") }
            if personal && store.isSealed {
                // Before anything is printed: a wrong key prints nothing.
                store.keySource = key.source(path: database.path, purpose: "case --personal")
                _ = try store.sealer()
            }
            if output.format == .table {
                let children = party.children.map { ", \($0) children" } ?? ""
                say("case \(id): \(party.category), party of \(party.size)\(children)\n")
            }
            if personal {
                try Self.printPersonal(of: id, in: store, format: output.format)
            }
            guard let timeline = Report.queries.first(where: { $0.name == "case-timeline" }) else {
                throw UserError("the case-timeline query is missing from this build")
            }
            printTable(try store.run(timeline, parameters: ["case_id": id]), format: output.format)
        }

        /// The case's personal columns, then its members (when the kind exists).
        static func printPersonal(of id: String, in store: Store, format: OutputFormat) throws {
            guard let values = try store.personalValues(ofCase: id) else { return }
            printTable(values, format: format)
            if let members = try store.members(ofCase: id) {
                if format == .table { say("") }
                printTable(members, format: format)
            }
            if format == .table { say("") }
        }
    }
}
