import ArgumentParser
import Passage
import PassageSQLite

extension PassageCommand {
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete records by kind and id, audited like updates.",
            discussion: "Refused while other records refer to them, unless --cascade, which deletes those too and lists them. The audit keeps every deleted record's values; the report figures follow. A load never deletes: a record absent from a later file stays until deleted here."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: "The kind: \(RecordKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var kind: String

        @Argument(help: "The ids of the records to delete.")
        var ids: [String]

        @Flag(help: "Also delete the records that refer to these (and so on), and list them.")
        var cascade = false

        func validate() throws {
            guard RecordKind(rawValue: kind) != nil else {
                throw ValidationError("KIND must be one of \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !ids.isEmpty else { throw ValidationError("name at least one id to delete") }
        }

        func run() throws {
            guard let kind = RecordKind(rawValue: kind) else { return }
            guard FilePaths.exists(database.path) else { throw PassageError.noDatabase(path: database.path) }
            let store = try Store.openForWriting(at: database.path)
            let deleted = try store.delete(kind, ids: ids, cascade: cascade)
            try store.close()
            printTable(ResultTable(columns: ["kind", "id"], rows: deleted.map { [.text($0.kind.table), .text($0.id)] }), format: output.format)
            let named = Set(ids).count
            let more = deleted.count - named
            printError("Deleted \(named) \(kind.table) record\(named == 1 ? "" : "s")\(more > 0 ? " and \(more) record\(more == 1 ? "" : "s") that referred to them" : ""); the audit keeps their values.")
        }
    }
}
