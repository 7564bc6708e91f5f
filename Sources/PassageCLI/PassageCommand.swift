import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Passage
import PassageSQLite

@main
struct PassageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passage",
        abstract: "Keep an evacuation's events in one SQLite file and answer who got in, who is still stuck, and how each muster point is doing.",
        version: PassageVersion.current,
        subcommands: [
            Initialize.self, Load.self, ReportCommand.self, Outcomes.self, CaseTimeline.self,
            Query.self, Check.self, Delete.self, Export.self, Backup.self, Duplicates.self, Keygen.self, Keys.self, Dashboard.self, MapCommand.self, Mirror.self, Demo.self,
        ]
    )

    static func main() {
        // The database, its -wal/-shm files, exports and backups hold
        // personal data of people at risk: nothing we create is readable by others.
        umask(0o077)
        var parsed: (any ParsableCommand)?
        do {
            var command = try parseAsRoot()
            parsed = command
            defer { StandardOutput.shared.flush() }
            try command.run()
        } catch let error as ValidationError where parsed != nil {
            // A usage error found while running: point at that command's help.
            StandardOutput.shared.flush()
            let name = type(of: parsed!).configuration.commandName.map { "passage \($0)" } ?? "passage"
            printError("Error: \(error.message)\n  See '\(name) --help' for more information.")
            Glibc.exit(ExitStatus.usage)
        } catch let error as PassageError {
            StandardOutput.shared.flush()
            exit(withError: UserError(error.message))
        } catch {
            StandardOutput.shared.flush()
            exit(withError: error)
        }
    }
}

/// The exit statuses scripts can tell apart (docs/commands.md).
enum ExitStatus {
    static let done: Int32 = 0
    /// An error or invalid input; nothing changed.
    static let failed: Int32 = 1
    /// `check` found damage.
    static let damaged: Int32 = 2
    /// A load committed with rejected rows (`--rejects`).
    static let rejectedRows: Int32 = 3
    /// A usage error (EX_USAGE); the message points at the command's --help.
    static let usage: Int32 = 64
}

/// `--db PATH`, default `$PASSAGE_DB`, else `./passage.db`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The database file (default: $PASSAGE_DB, else ./passage.db).")
    var db: String?

    var path: String {
        if let db { return db }
        if let fromEnvironment = FilePaths.environment("PASSAGE_DB"), !fromEnvironment.isEmpty { return fromEnvironment }
        return "passage.db"
    }
}

struct FormatOptions: ParsableArguments {
    @Option(help: "How to print rows: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .table
}

extension OutputFormat: ExpressibleByArgument {}
extension Store.ExportFormat: ExpressibleByArgument {}

/// `--param KEY=VALUE`, repeated.
struct ParameterOptions: ParsableArguments {
    @Option(name: .customLong("param"), help: ArgumentHelp("A parameter, KEY=VALUE; repeat for more.", valueName: "KEY=VALUE"))
    var parameters: [String] = []

    func dictionary() throws -> [String: String] {
        var result: [String: String] = [:]
        for parameter in parameters {
            guard let equals = parameter.firstIndex(of: "="), equals != parameter.startIndex else {
                throw ValidationError("--param takes KEY=VALUE, not '\(parameter)'")
            }
            let key = String(parameter[..<equals])
            guard result[key] == nil else { throw ValidationError("--param \(key) is given twice") }
            result[key] = String(parameter[parameter.index(after: equals)...])
        }
        return result
    }
}

/// A plain message for the user, printed as `Error: …` with exit status 1.
struct UserError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Prints a statement's rows as it steps through them, each value through
/// `codec` first; CSV, TSV, JSON and NDJSON go from SQLite's text to the
/// output buffer as bytes.
func printRows(of statement: Statement, booleanColumns: Set<String>, format: OutputFormat, codec: ValueCodec = .stored) throws {
    let formatter = RowFormatter(format: format, codec: codec)
    if try formatter.writeStreamed(statement, booleanColumns: booleanColumns, to: StandardOutput.shared.write(bytes:)) != nil { return }
    try formatter.write(statement, booleanColumns: booleanColumns, to: StandardOutput.shared.write)
}

func printTable(_ table: ResultTable, format: OutputFormat) {
    RowFormatter(format: format).write(table, to: StandardOutput.shared.write)
}

/// Writes a line to standard error, unbuffered.
func printError(_ text: String) {
    writeToStandardError(text + "\n")
}

func writeToStandardError(_ text: String) {
    // Nowhere left to report a failed write to standard error.
    _ = Array(text.utf8).withUnsafeBytes { FilePaths.writeAll(STDERR_FILENO, $0) }
}
