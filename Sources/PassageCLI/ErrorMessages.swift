import Passage

extension PassageError {
    /// What the command line says, naming its own options.
    var message: String {
        switch self {
        case .rejectsIsDatabase(let rejects, let database):
            "--rejects \(rejects) is the database \(database); name another file"
        case .databaseIsDanglingLink(let path):
            "--db \(path) is a link to a file that does not exist; name the file itself"
        }
    }
}
