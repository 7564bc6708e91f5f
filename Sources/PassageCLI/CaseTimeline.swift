import ArgumentParser
import Passage

extension PassageCommand {
    struct CaseTimeline: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "case",
            abstract: "One case's timeline: attempts, incidents and outcomes, in time order.",
            discussion: """
                --personal also prints the case's label, contact and members in clear: names, birth dates, \
                document numbers, phones and notes of people at risk. In csv, tsv, json and ndjson it prints only \
                those, one row per member, the case's label and contact in each. A sealed database needs its key for it.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var key: KeyOptions

        @Argument(help: "The case's id.")
        var id: String

        @Flag(help: "Also print the case's label, contact and members, in clear (personal data).")
        var personal = false

        func run() throws {
            let store = try Store.openForReading(at: database.path)
            guard let party = try store.party(ofCase: id) else { throw UserError("no case with id '\(id)'") }
            if personal && store.isSealed {
                // Before anything is printed: a wrong key prints nothing.
                store.keySource = key.source(path: database.path, purpose: "case --personal")
                _ = try store.sealer()
            }
            if personal && output.format != .table && output.format != .markdown {
                return try printPersonalRows(store)
            }
            if output.format == .table {
                let children = party.children.map { ", \($0) children" } ?? ""
                say("case \(id): \(party.category), party of \(party.size)\(children)\n")
            }
            if personal { printPersonalSections(try details(store), format: output.format) }
            try printRows(of: try store.prepareCaseTimeline(caseID: id), booleanColumns: [], format: output.format)
        }

        private func details(_ store: Store) throws -> Store.PersonalDetails {
            guard let details = try store.personalDetails(caseID: id) else { throw UserError("no case with id '\(id)'") }
            return details
        }

        /// For a program: one row per member, with the case's label and contact.
        private func printPersonalRows(_ store: Store) throws {
            printTable(try details(store).memberRows, format: output.format)
        }
    }
}

/// For a person (`passage case --personal`, the demo): the case's label and
/// contact, then its members, before the timeline.
func printPersonalSections(_ details: Store.PersonalDetails, format: OutputFormat) {
    printTable(details.labelAndContact, format: format)
    say("\nMembers (\(details.members.rows.count)):")
    printTable(details.members, format: format)
    say("")
}
