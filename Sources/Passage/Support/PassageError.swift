/// What went wrong, as data: a program using the library decides what to
/// say. Each case's sentence is written once, in `message(_:)`; where it
/// names something the caller can change (the database path, the rejects
/// folder, a parameter) or a remedy, it asks a `Wording`. `description`
/// is the sentence in plain words, naming no command-line option;
/// `passage` gives its own wording, with its options and commands
/// (`PassageCLI/ErrorMessages.swift`).
public enum PassageError: Error, Sendable, Equatable, CustomStringConvertible {
    // Opening, making and migrating a database.
    /// Another process holds the write lock (SQLite's message as `detail`).
    case busy(path: String, detail: String)
    case noDatabase(path: String)
    /// Written by a newer passage, whose schema this one does not know.
    case newerSchema(path: String, version: Int, supported: Int)
    /// An SQLite file with tables but no passage schema.
    case notOurs(path: String)
    /// Needs migrating before it can be read.
    case olderSchema(path: String, version: Int, current: Int)
    /// Its derived report figures were made by another definition.
    case staleDerivedFigures(path: String)
    case noEventZone(path: String)
    case zoneOutOfRange(zone: EventZone)
    case zoneCannotChange(path: String, current: String, requested: EventZone)
    case cannotCreate(path: String, reason: String)
    /// A new database made under `temporary` could not take its name.
    case newDatabaseNotClosed(temporary: String, path: String, reason: String)
    case newDatabaseKeptWAL(temporary: String, path: String)
    case newDatabaseTakenMeanwhile(path: String)
    case newDatabaseNotNamed(temporary: String, path: String, reason: String)
    /// The database path is a symbolic link to nothing.
    case databaseIsDanglingLink(String)

    // The paths of a load, before anything is read.
    case noSuchPath(String)
    case unknownFormat(String)
    /// A file named explicitly whose kind its name does not tell.
    case unknownKind(path: String, pathExtension: String)
    case nothingToLoad(paths: [String], skipped: [String])
    case unreadableEventZone(reason: String)
    case invalidEventZone(file: String, text: String)
    case conflictingEventZones(first: String, zone: EventZone, second: String, otherZone: EventZone)

    /// The database path is a folder.
    case databaseIsFolder(String)

    // The rejects folder of a load.
    case rejectsFolderNotEmpty(String)
    /// The rejects path names a regular file, not a folder.
    case rejectsIsFile(String)
    case rejectsIsLink(String)
    case rejectsIsInput(rejects: String, input: String)
    /// The rejects path is the database (or one of its files).
    case rejectsIsDatabase(rejects: String, database: String)
    case cannotCreateRejects(path: String, reason: String)

    // Deleting records.
    case noRecord(kind: String, id: String)
    /// Other records refer to those to delete (`records`): the first of
    /// them (`referring`), and how many more.
    case stillReferredTo(records: [String], referring: [String], more: Int)

    // Backup and export.
    case backupExists(String)
    case backupFailedIntegrity(path: String, verdict: String)
    case exportTargetIsFile(String)
    case exportTargetNotEmpty(String)
    case cannotCreateExportFile(reason: String)

    /// A canned report or query missing from this build.
    case missingReport(String)
    /// A report lacks a column the caller reads (a build out of step).
    case missingReportColumn(report: String, column: String)
    /// The moment a dashboard is drawn as of is not a time.
    case invalidAsOf(reason: String)
    /// The dashboard's or the map's file is the database (or one of its files).
    case outputIsDatabase(output: String, database: String)

    // Report parameters and ad-hoc queries.
    case unknownParameter(report: String, name: String, takes: [String])
    /// A required parameter was not given (`help`: the report's words for it).
    case missingParameter(report: String, name: String, help: String)
    case invalidParameter(report: String, detail: String)
    case queryWouldWrite
    /// Positional parameters (`?`) cannot be given by name.
    case queryParametersUnnamed
    case queryUnknownParameter(String)

    // The PostgreSQL mirror (`server` is a URL without its password).
    /// Not 1-63 lowercase letters, digits and underscores.
    case invalidMirrorSchema(String)
    /// A schema that exists without a passage_mirror table.
    case mirrorSchemaNotOurs(schema: String, server: String)
    /// A schema that mirrors another passage database.
    case mirrorOfAnotherDatabase(schema: String, server: String, mirroredPath: String, mirroredID: String, path: String, id: String)
    case mirrorSchemaNewer(schema: String, server: String, version: Int, supported: Int)
    case mirrorTableLacksColumns(schema: String, table: String, server: String, columns: [String])
    case noDatabaseID(path: String)
    /// A file of Schema/ that this build should carry.
    case missingSchemaFile(String)

    public var description: String { message(.plain) }

    /// The sentence, in `wording`'s words.
    public func message(_ wording: Wording) -> String {
        switch self {
        case .busy(let path, let detail):
            "another process is writing to \(path); try again when it has finished (\(detail))"
        case .noDatabase(let path):
            "no database at \(path)" + wording.createDatabase
        case .newerSchema(let path, let version, let supported):
            "\(path) is at schema version \(version), newer than this passage (\(supported)); use a newer passage"
        case .notOurs(let path):
            "\(path) is an SQLite database of another program (it has tables but no passage schema); name a new file"
        case .olderSchema(let path, let version, let current):
            "\(path) is at schema version \(version); \(wording.updateDatabase) to migrate it to \(current)"
        case .staleDerivedFigures(let path):
            "\(path) keeps report figures made by another passage; \(wording.updateDatabase) to rebuild them"
        case .noEventZone(let path):
            "\(path) has no valid event zone in its settings table"
        case .zoneOutOfRange(let zone):
            "event zone \(zone) is out of range: it must be from -14:59 to +14:59"
        case .zoneCannotChange(let path, let current, let requested):
            "\(path) already holds records in event zone \(current); its zone cannot change to \(requested)"
        case .cannotCreate(let path, let reason):
            "cannot create \(path): \(reason)"
        case .newDatabaseNotClosed(let temporary, let path, let reason):
            "the new database could not be closed (\(reason)); it is kept as \(temporary), not named \(path)"
        case .newDatabaseKeptWAL(let temporary, let path):
            "the new database \(temporary) still has a WAL file after closing; it was kept there and not named \(path)"
        case .newDatabaseTakenMeanwhile(let path):
            "\(path) was created by another process while this load ran; nothing was loaded into it: run the load again"
        case .newDatabaseNotNamed(let temporary, let path, let reason):
            "cannot name the new database \(path) (\(reason)); it is kept as \(temporary)"
        case .databaseIsDanglingLink(let path):
            "\(wording.database(path)) is a link to a file that does not exist; name the file itself"
        case .noSuchPath(let path):
            "\(path): no such file or folder"
        case .unknownFormat(let path):
            "\(path): cannot tell the format (use .csv, .tsv, .json, .ndjson or .jsonl)"
        case .unknownKind(let path, let pathExtension):
            "\(path): cannot tell the kind of records from the name (name it KIND.\(pathExtension), e.g. attempts.csv\(wording.giveKind))"
        case .nothingToLoad(let paths, let skipped):
            "nothing to load in \(paths.joined(separator: " ")): no file is named KIND.csv, .tsv, .json, .ndjson or .jsonl"
                + (skipped.isEmpty ? "" : "; skipped: " + skipped.joined(separator: ", "))
        case .unreadableEventZone(let reason):
            "cannot read the event zone: \(reason)"
        case .invalidEventZone(let file, let text):
            "\(file):1: event zone: '\(text)' is not ±HH:MM from -14:59 to +14:59"
        case .conflictingEventZones(let first, let zone, let second, let otherZone):
            "\(first) names event zone \(zone) and \(second) \(otherZone): load them into databases of their own zones"
        case .databaseIsFolder(let path):
            "\(wording.database(path)) is a folder, not a database file; name a file, e.g. \(wording.databaseExample(path.hasSuffix("/") ? path : path + "/"))passage.db"
        case .rejectsFolderNotEmpty(let path):
            "\(wording.rejects(path)) \(wording.rejectsHasFiles); name a new or empty folder"
        case .rejectsIsFile(let path):
            "\(wording.rejects(path)) is a file; name a new or empty folder (one CSV per kind goes in it)"
        case .rejectsIsLink(let path):
            "\(wording.rejects(path)) is a link; name the folder itself"
        case .rejectsIsInput(let rejects, let input):
            "\(wording.rejects(rejects)) is \(input), one of the files to load; name a new folder"
        case .rejectsIsDatabase(let rejects, let database):
            "\(wording.rejects(rejects)) is the database \(database); name a new folder"
        case .cannotCreateRejects(let path, let reason):
            "cannot create the rejects folder \(path): \(reason)"
        case .noRecord(let kind, let id):
            "no \(kind) with id '\(id)'"
        case .stillReferredTo(let records, let referring, let more):
            "other records refer to \(records.joined(separator: ", ")): \(referring.joined(separator: ", "))\(more > 0 ? " and \(more) more" : ""); delete those first, or \(wording.cascade)"
        case .outputIsDatabase(let output, let database):
            "\(output) is the database \(database) (or one of its files); name another file"
        case .backupExists(let path):
            "\(path) already exists; back up into a new file"
        case .backupFailedIntegrity(let path, let verdict):
            "the copy at \(path) failed its integrity check: \(verdict)"
        case .exportTargetIsFile(let path):
            "\(path) is a file, not a folder"
        case .exportTargetNotEmpty(let path):
            "\(path) is not empty; export into a new or empty folder"
        case .cannotCreateExportFile(let reason):
            "cannot create \(reason)"
        case .missingReport(let name):
            "the \(name) report is missing from this build"
        case .missingReportColumn(let report, let column):
            "report \(report) has no column \(column)"
        case .invalidAsOf(let reason):
            "\(wording.asOf): \(reason)"
        case .unknownParameter(let report, let name, let takes):
            "report \(report) has no parameter '\(name)' (\(takes.isEmpty ? "it takes none" : "it takes " + takes.joined(separator: ", ")))"
        case .missingParameter(let report, let name, let help):
            "report \(report) needs \(wording.parameter(name)) (\(help))"
        case .invalidParameter(let report, let detail):
            "report \(report): \(detail)"
        case .queryWouldWrite:
            "\(wording.query) only reads: this statement would change the database"
        case .queryParametersUnnamed:
            "give parameters by name (:name) so \(wording.bindParameters)"
        case .queryUnknownParameter(let name):
            "the query has no parameter :\(name)"
        case .invalidMirrorSchema(let name):
            "\(wording.schemaName) must be 1-63 lowercase letters, digits and underscores, starting with a letter or underscore (got '\(name)')"
        case .mirrorSchemaNotOurs(let schema, let server):
            "schema \(schema) in \(server) was not made by passage mirror; \(wording.nameAnotherSchema) (or drop that one if it is no longer used)"
        case .mirrorOfAnotherDatabase(let schema, let server, let mirroredPath, let mirroredID, let path, let id):
            "schema \(schema) in \(server) mirrors another passage database: \(mirroredPath) (database id \(mirroredID)), "
                + "not \(path) (database id \(id)); mirror this one into another schema" + wording.schemaOption
        case .mirrorSchemaNewer(let schema, let server, let version, let supported):
            "schema \(schema) in \(server) was made by a newer passage (mirror format \(version); this one writes \(supported)); use a newer passage"
        case .mirrorTableLacksColumns(let schema, let table, let server, let columns):
            "table \(schema).\(table) in \(server) lacks the columns \(columns.joined(separator: ", ")), which this passage writes; mirror into a new schema" + wording.schemaOption
        case .noDatabaseID(let path):
            "\(path) has no database id in its settings table"
        case .missingSchemaFile(let name):
            "Schema/\(name) is missing from this build"
        }
    }
}

extension PassageError {
    /// How a message names what the caller can change, and the remedies
    /// it offers: `plain` for a program using the library; `passage` names
    /// its options and commands.
    public struct Wording: Sendable {
        /// The database file a path names: "the database p.db".
        public var database: @Sendable (String) -> String
        /// A database path given as an example, before `passage.db`.
        public var databaseExample: @Sendable (String) -> String
        /// Said after "no database at p.db": how to make one.
        public var createDatabase: String
        /// How a database made by an older passage is brought up to date.
        public var updateDatabase: String
        /// Said after a file name's example: how else its kind is given.
        public var giveKind: String
        /// The rejects folder: "the rejects folder r".
        public var rejects: @Sendable (String) -> String
        /// Said of a rejects folder that is not empty.
        public var rejectsHasFiles: String
        /// How the records that refer to deleted ones are deleted with them.
        public var cascade: String
        /// A report's parameter: "the parameter x".
        public var parameter: @Sendable (String) -> String
        /// The moment a dashboard is drawn as of.
        public var asOf: String
        /// What runs ad-hoc SQL.
        public var query: String
        /// Said of parameters given by name: what binds them.
        public var bindParameters: String
        /// A mirror's schema name.
        public var schemaName: String
        /// The remedy for a schema made by another program.
        public var nameAnotherSchema: String
        /// Said after "mirror … into another schema": how it is named.
        public var schemaOption: String

        public init(database: @escaping @Sendable (String) -> String, databaseExample: @escaping @Sendable (String) -> String,
                    createDatabase: String, updateDatabase: String, giveKind: String,
                    rejects: @escaping @Sendable (String) -> String, rejectsHasFiles: String, cascade: String,
                    parameter: @escaping @Sendable (String) -> String, asOf: String, query: String, bindParameters: String,
                    schemaName: String, nameAnotherSchema: String, schemaOption: String) {
            self.database = database
            self.databaseExample = databaseExample
            self.createDatabase = createDatabase
            self.updateDatabase = updateDatabase
            self.giveKind = giveKind
            self.rejects = rejects
            self.rejectsHasFiles = rejectsHasFiles
            self.cascade = cascade
            self.parameter = parameter
            self.asOf = asOf
            self.query = query
            self.bindParameters = bindParameters
            self.schemaName = schemaName
            self.nameAnotherSchema = nameAnotherSchema
            self.schemaOption = schemaOption
        }

        /// Plain words, naming no command-line option or command.
        public static let plain = Wording(
            database: { "the database \($0)" }, databaseExample: { $0 },
            createDatabase: "", updateDatabase: "open it for writing", giveKind: "",
            rejects: { "the rejects folder \($0)" }, rejectsHasFiles: "has files in it", cascade: "delete them with the records",
            parameter: { "the parameter \($0)" }, asOf: "as of", query: "a query", bindParameters: "they can be bound",
            schemaName: "a mirror's schema name", nameAnotherSchema: "mirror into another schema", schemaOption: "")
    }
}
