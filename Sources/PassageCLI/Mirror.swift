import ArgumentParser
import Passage
import PassagePostgres

extension PassageCommand {
    struct Mirror: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mirror",
            abstract: "Bring a PostgreSQL schema up to date with this database, in one PostgreSQL transaction.",
            discussion: """
                The first run creates the schema: a table per record kind, the loads, their files and \
                the audit, and the views entries_per_route and outcomes_by_muster_point and the \
                function unresolved(as_of). Later runs send only what changed since the last one. \
                The password comes from the URL, PGPASSWORD or ~/.pgpass (better: a URL is visible \
                to other users of the machine while the command runs); TLS as the URL's sslmode asks.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The server: postgresql://[USER@]HOST[:PORT]/DATABASE[?sslmode=…].", valueName: "URL"))
        var url: String

        @Option(help: "The PostgreSQL schema that holds the mirror.")
        var schema = "passage"

        @Flag(help: "Mirror the personal columns (labels, contacts, notes) of an unsealed database in clear; without it they are left empty. A sealed database's are always mirrored sealed, never in clear.")
        var includePersonal = false

        func run() throws {
            var environment: [String: String] = [:]
            if let password = FilePaths.environment("PGPASSWORD") { environment["PGPASSWORD"] = password }
            let target = try ConnectionURL(url, environment: environment)
            guard FilePaths.exists(database.path) else {
                throw PassageError.noDatabase(path: database.path)
            }
            let store = try Store.openForWriting(at: database.path)
            let summary = try store.mirror(to: target, options: MirrorOptions(schema: schema, includePersonal: includePersonal))
            try store.close()
            let place = "\(summary.target), schema \(summary.schema)\(summary.usesTLS ? " (TLS)" : "")"
            if summary.changedNothing {
                say("Nothing new since the last mirror to \(place): no row changed.")
                return
            }
            say((summary.created ? "Created the mirror in " : "Mirrored to ") + place + ":")
            for change in summary.changes {
                say("  \(change.table): \(change.inserted) inserted, \(change.updated) updated, \(change.deleted) deleted")
            }
            say("Last load sent: \(summary.lastLoadID); last audit row sent: \(summary.lastAuditID).")
            switch summary.personal {
            case .omitted: say("Personal columns: left empty (--include-personal sends them in clear).")
            case .clear: say("Personal columns: in clear.")
            case .sealed: say("Personal columns: sealed, as the database stores them.")
            }
        }
    }
}
