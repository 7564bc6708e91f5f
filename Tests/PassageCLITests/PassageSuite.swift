/// The bundled sample (`Sources/PassageCLI/Sample`), loaded unsealed by many tests.
let samplePath = packageRoot + "/Sources/PassageCLI/Sample"

/// A suite whose tests run `passage` in their own temporary folder, every
/// command against one database file there.
protocol PassageSuite {
    var folder: TemporaryDirectory { get }
    /// The database every command names with `--db`.
    static var database: String { get }
    /// Whether commands run in a new session, so no terminal can be asked
    /// for a passphrase even when the tests run in one.
    static var withoutTerminal: Bool { get }
}

extension PassageSuite {
    static var database: String { "d.db" }
    static var withoutTerminal: Bool { false }

    /// Runs `passage ARGUMENTS --db DATABASE` in the suite's folder.
    @discardableResult
    func passage(_ arguments: [String], _ environment: [String: String] = [:]) throws -> PassageProcess.Result {
        try PassageProcess.run(arguments + ["--db", Self.database], in: folder.path, environment: environment, withoutTerminal: Self.withoutTerminal)
    }

    /// A read-only query's rows as CSV.
    func csv(_ sql: String) throws -> String {
        try passage(["query", sql, "--format", "csv"]).standardOutput
    }
}
