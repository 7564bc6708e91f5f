import Passage

extension PassageError {
    /// What the command line says: the library's sentence, or, where the
    /// remedy is one of passage's own options or commands, a sentence that
    /// names it.
    var message: String {
        switch self {
        case .noDatabase(let path):
            "no database at \(path) (create one with `passage init` or `passage load`)"
        case .olderSchema(let path, let version, let current):
            "\(path) is at schema version \(version); run `passage init` to migrate it to \(current)"
        case .staleDerivedFigures(let path):
            "\(path) keeps report figures made by another passage; run `passage init` to rebuild them"
        case .unknownKind(let path, let pathExtension):
            "\(path): cannot tell the kind of records from the name (name it KIND.\(pathExtension), e.g. attempts.csv, or give --kind)"
        case .databaseIsDanglingLink(let path):
            "--db \(path) is a link to a file that does not exist; name the file itself"
        case .rejectsIsFolder(let path):
            "--rejects \(path) is a folder; name a file"
        case .rejectsIsInput(let rejects, let input):
            "--rejects \(rejects) is \(input), one of the files to load; name another file"
        case .rejectsIsDatabase(let rejects, let database):
            "--rejects \(rejects) is the database \(database); name another file"
        case .rejectsIsDanglingLink(let path):
            "--rejects \(path) is a link to a file that does not exist; name the file itself"
        case .missingParameter(let report, let name, let help):
            "report \(report) needs --param \(name)=… (\(help))"
        case .invalidAsOf(let reason):
            "--as-of: \(reason)"
        case .queryWouldWrite:
            "passage query only reads: this statement would change the database"
        case .queryParametersUnnamed:
            "give parameters by name (:name) so --param can bind them"
        case .invalidMirrorSchema(let name):
            "--schema must be 1-63 lowercase letters, digits and underscores, starting with a letter or underscore (got '\(name)')"
        case .mirrorSchemaNotOurs(let schema, let server):
            "schema \(schema) in \(server) was not made by passage mirror; name another schema with --schema (or drop that one if it is no longer used)"
        case .mirrorOfAnotherDatabase:
            description + " with --schema"
        case .mirrorTableLacksColumns:
            description + " with --schema"
        default:
            description
        }
    }
}
