import ArgumentParser
import Passage

extension PassageCommand {
    struct Initialize: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create the database, or migrate an older one to the current schema."
        )

        @OptionGroup var database: DatabaseOptions

        // Unconditional: a zone west of Greenwich starts with '-' and would
        // otherwise be taken for an option (`--zone -05:00`).
        @Option(parsing: .unconditional, help: ArgumentHelp("The event zone, ±HH:MM from -14:59 to +14:59: local times without an offset are in it (default +04:30, Kabul).", valueName: "±HH:MM"))
        var zone: String?

        func run() throws {
            var parsedZone: EventZone?
            if let zone {
                guard let parsed = EventZone(zone) else {
                    throw ValidationError("--zone takes ±HH:MM from -14:59 to +14:59, e.g. +04:30, not '\(zone)'")
                }
                parsedZone = parsed
            }
            let store = try Store.openForWriting(at: database.path, zone: parsedZone)
            say("\(database.path): schema version \(Migrator.currentVersion), event zone \(store.zone)")
            try store.close()
        }
    }
}
