/// The bundled sample (`Sources/PassageCLI/Sample`), loaded unsealed by many tests.
let samplePath = packageRoot + "/Sources/PassageCLI/Sample"
/// The small report fixture (`Tests/Fixtures/small`), one CSV file a kind.
let smallFixturePath = packageRoot + "/Tests/Fixtures/small"

/// The one fixture of the CLI tests: a suite (or a test's world, such as
/// `MirrorFixture`) whose commands run `passage` in its own temporary
/// folder, against one database file there unless they name another.
protocol PassageSuite {
    var folder: TemporaryDirectory { get }
    /// The database every command names with `--db`.
    static var database: String { get }
    /// Whether commands run in a new session, so no terminal can be asked
    /// for a passphrase even when the tests run in one.
    static var withoutTerminal: Bool { get }
    /// Variables every command runs with; a call's own replace them.
    static var environment: [String: String] { get }
}

extension PassageSuite {
    static var database: String { "d.db" }
    static var withoutTerminal: Bool { false }
    static var environment: [String: String] { [:] }

    /// The path of the database.
    var db: String { folder.file(Self.database) }

    /// Runs `passage ARGUMENTS` in the suite's folder, as given (a command
    /// that names its own database, or none).
    @discardableResult
    func run(_ arguments: [String], _ environment: [String: String] = [:]) throws -> PassageProcess.Result {
        try PassageProcess.run(arguments, in: folder.path, environment: Self.environment.merging(environment) { $1 },
                               withoutTerminal: Self.withoutTerminal)
    }

    /// Runs `passage ARGUMENTS --db DATABASE` in the suite's folder.
    @discardableResult
    func passage(_ arguments: [String], _ environment: [String: String] = [:]) throws -> PassageProcess.Result {
        try run(arguments + ["--db", Self.database], environment)
    }

    /// A read-only query's rows as CSV.
    func csv(_ sql: String) throws -> String {
        try passage(["query", sql, "--format", "csv"]).standardOutput
    }
}
