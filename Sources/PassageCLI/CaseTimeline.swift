import ArgumentParser
import Passage
import PassageSQLite

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
            let summary = try store.connection.prepare("SELECT category, size, children FROM cases WHERE id = ?")
            try summary.bind([id])
            guard try summary.step() else { throw UserError("no case with id '\(id)'") }
            if personal && store.isSealed {
                // Before anything is printed: a wrong key prints nothing.
                store.keySource = key.source(path: database.path, purpose: "case --personal")
                _ = try store.sealer()
            }
            if output.format == .table {
                let children = summary.optionalInt(at: 2).map { ", \($0) children" } ?? ""
                say("case \(id): \(summary.text(at: 0)), party of \(summary.int(at: 1))\(children)\n")
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
            let cases = RecordKind.cases
            let columns = cases.columns.filter(\.isPersonal).map(\.name)
            let statement = try store.connection.prepare("SELECT \(columns.map { store.personalValueSQL(cases, column: $0) }.joined(separator: ", ")) FROM cases WHERE id = ?")
            try statement.bind([id])
            guard try statement.step() else { return }
            let rows = columns.indices.map { [SQLiteValue.text(columns[$0]), statement.value(at: $0)] }
            printTable(ResultTable(columns: ["field", "value"], rows: rows), format: format)
            statement.finalize()
            if let members = RecordKind(rawValue: "members") {
                let selected = members.columns.map { $0.isPersonal ? store.personalValueSQL(members, column: $0.name) : $0.name }
                let list = try store.connection.prepare("SELECT \(selected.joined(separator: ", ")) FROM \(members.table) WHERE case_id = ? ORDER BY load_id, load_row")
                try list.bind([id])
                if format == .table { say("") }
                printTable(ResultTable(columns: list.columnNames, rows: try list.allRows()), format: format)
            }
            if format == .table { say("") }
        }
    }
}
