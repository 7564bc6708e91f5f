import Passage

extension PassageError.Wording {
    /// How `passage` words the library's errors: the sentences are the
    /// library's (`PassageError.message(_:)`); the paths and remedies name
    /// passage's own options and commands.
    static let commandLine = PassageError.Wording(
        database: { "--db \($0)" }, databaseExample: { "--db \($0)" },
        createDatabase: " (create one with `passage init` or `passage load`)", updateDatabase: "run `passage init`",
        giveKind: ", or give --kind",
        rejects: { "--rejects \($0)" }, rejectsHasFiles: "is a folder with files in it", cascade: "give --cascade to delete them too",
        parameter: { "--param \($0)=…" }, asOf: "--as-of", query: "passage query", bindParameters: "--param can bind them",
        schemaName: "--schema", nameAnotherSchema: "name another schema with --schema", schemaOption: " with --schema")
}

extension PassageError {
    /// What the command line says.
    var message: String { message(.commandLine) }
}
