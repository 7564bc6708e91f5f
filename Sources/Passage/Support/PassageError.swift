/// What went wrong, as data: a program using the library decides what to
/// say (the command line turns each case into its message, naming its own
/// options). `description` is a plain sentence that names no option.
public enum PassageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rejects file named is the database (or one of its files).
    case rejectsIsDatabase(rejects: String, database: String)
    /// The database path is a symbolic link to nothing.
    case databaseIsDanglingLink(String)

    public var description: String {
        switch self {
        case .rejectsIsDatabase(let rejects, let database):
            "the rejects file \(rejects) is the database \(database); name another file"
        case .databaseIsDanglingLink(let path):
            "the database \(path) is a link to a file that does not exist; name the file itself"
        }
    }
}
