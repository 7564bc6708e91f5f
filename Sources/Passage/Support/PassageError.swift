/// What went wrong, as data: a program using the library decides what to
/// say. `description` is a plain sentence that names no command-line
/// option; `passage` words each case its own way (`ErrorMessages.swift`),
/// with its options and commands.
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

    // The rejects file of a load.
    case rejectsIsFolder(String)
    case rejectsIsInput(rejects: String, input: String)
    /// The rejects file named is the database (or one of its files).
    case rejectsIsDatabase(rejects: String, database: String)
    case rejectsIsDanglingLink(String)
    case cannotCreateRejects(path: String, reason: String)

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

    public var description: String {
        switch self {
        case .busy(let path, let detail):
            "another process is writing to \(path); try again when it has finished (\(detail))"
        case .noDatabase(let path):
            "no database at \(path)"
        case .newerSchema(let path, let version, let supported):
            "\(path) is at schema version \(version), newer than this passage (\(supported)); use a newer passage"
        case .notOurs(let path):
            "\(path) is an SQLite database of another program (it has tables but no passage schema); name a new file"
        case .olderSchema(let path, let version, let current):
            "\(path) is at schema version \(version); it must be migrated to \(current) (open it for writing)"
        case .staleDerivedFigures(let path):
            "\(path) keeps report figures made by another passage; open it for writing to rebuild them"
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
            "the database \(path) is a link to a file that does not exist; name the file itself"
        case .noSuchPath(let path):
            "\(path): no such file or folder"
        case .unknownFormat(let path):
            "\(path): cannot tell the format (use .csv, .tsv, .json, .ndjson or .jsonl)"
        case .unknownKind(let path, let pathExtension):
            "\(path): cannot tell the kind of records from the name (name it KIND.\(pathExtension), e.g. attempts.csv)"
        case .nothingToLoad(let paths, let skipped):
            "nothing to load in \(paths.joined(separator: " ")): no file is named KIND.csv, .tsv, .json, .ndjson or .jsonl"
                + (skipped.isEmpty ? "" : "; skipped: " + skipped.joined(separator: ", "))
        case .unreadableEventZone(let reason):
            "cannot read the event zone: \(reason)"
        case .invalidEventZone(let file, let text):
            "\(file):1: event zone: '\(text)' is not ±HH:MM from -14:59 to +14:59"
        case .conflictingEventZones(let first, let zone, let second, let otherZone):
            "\(first) names event zone \(zone) and \(second) \(otherZone): load them into databases of their own zones"
        case .rejectsIsFolder(let path):
            "the rejects file \(path) is a folder; name a file"
        case .rejectsIsInput(let rejects, let input):
            "the rejects file \(rejects) is \(input), one of the files to load; name another file"
        case .rejectsIsDatabase(let rejects, let database):
            "the rejects file \(rejects) is the database \(database); name another file"
        case .rejectsIsDanglingLink(let path):
            "the rejects file \(path) is a link to a file that does not exist; name the file itself"
        case .cannotCreateRejects(let path, let reason):
            "cannot create the rejects file \(path): \(reason)"
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
            "as of: \(reason)"
        case .unknownParameter(let report, let name, let takes):
            "report \(report) has no parameter '\(name)' (\(takes.isEmpty ? "it takes none" : "it takes " + takes.joined(separator: ", ")))"
        case .missingParameter(let report, let name, let help):
            "report \(report) needs the parameter \(name) (\(help))"
        case .invalidParameter(let report, let detail):
            "report \(report): \(detail)"
        case .queryWouldWrite:
            "a query only reads: this statement would change the database"
        case .queryParametersUnnamed:
            "give parameters by name (:name) so they can be bound"
        case .queryUnknownParameter(let name):
            "the query has no parameter :\(name)"
        case .invalidMirrorSchema(let name):
            "a mirror's schema name is 1-63 lowercase letters, digits and underscores, starting with a letter or underscore (not '\(name)')"
        case .mirrorSchemaNotOurs(let schema, let server):
            "schema \(schema) in \(server) was not made by passage mirror; mirror into another schema (or drop that one if it is no longer used)"
        case .mirrorOfAnotherDatabase(let schema, let server, let mirroredPath, let mirroredID, let path, let id):
            "schema \(schema) in \(server) mirrors another passage database: \(mirroredPath) (database id \(mirroredID)), "
                + "not \(path) (database id \(id)); mirror this one into another schema"
        case .mirrorSchemaNewer(let schema, let server, let version, let supported):
            "schema \(schema) in \(server) was made by a newer passage (mirror format \(version); this one writes \(supported)); use a newer passage"
        case .mirrorTableLacksColumns(let schema, let table, let server, let columns):
            "table \(schema).\(table) in \(server) lacks the columns \(columns.joined(separator: ", ")), which this passage writes; mirror into a new schema"
        case .noDatabaseID(let path):
            "\(path) has no database id in its settings table"
        case .missingSchemaFile(let name):
            "Schema/\(name) is missing from this build"
        }
    }
}
