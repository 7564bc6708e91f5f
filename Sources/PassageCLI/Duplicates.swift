import ArgumentParser
import Passage
import PassageSQLite

extension PassageCommand {
    struct Duplicates: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "duplicates",
            abstract: "Pairs of cases that may be one party reported twice, and the decisions on them.",
            discussion: """
                passage duplicates [--min-score X] [--all] lists the pairs (the options of `list`, the default). \
                The score (0-1) is the confidence that the two cases are one party; evidence names what agrees \
                (docs/duplicates.md). No personal value is printed.
                """,
            subcommands: [List.self, Confirm.self, Dismiss.self],
            defaultSubcommand: List.self
        )
    }
}

extension PassageCommand.Duplicates {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the pairs of cases that may be one party (the default)."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var key: KeyOptions

        @Option(help: ArgumentHelp("Leave out pairs scoring below this (0-1; default \(DuplicateFinder.defaultMinimumScore)).", valueName: "X"))
        var minScore: Double?

        @Flag(help: "Also list dismissed pairs and every pair compared, whatever its score.")
        var all = false

        func validate() throws {
            if let minScore, !(0...1).contains(minScore) {
                throw ValidationError("--min-score must be from 0 to 1, not \(minScore)")
            }
        }

        func run() throws {
            let store = try Store.openForReading(at: database.path)
            // Members' names are compared in clear: a sealed database's key is asked for.
            store.keySource = key.source(path: database.path, purpose: "duplicates (it compares names)")
            let pairs = try store.duplicates(minimumScore: minScore ?? DuplicateFinder.defaultMinimumScore, all: all)
            printTable(PassageCommand.Duplicates.table(pairs, format: output.format), format: output.format)
        }
    }

    /// The listing as rows: scores as numbers in JSON, with their three decimals elsewhere.
    static func table(_ pairs: [DuplicatePair], format: OutputFormat) -> ResultTable {
        let numeric = format == .json || format == .ndjson
        let rows = pairs.map { pair -> [SQLiteValue] in
            [.text(pair.caseA), .text(pair.caseB), numeric ? .real(pair.score) : .text(threeDecimals(pair.score)), .text(pair.evidence),
             pair.sourceA.map { .text($0) } ?? .null, pair.sourceB.map { .text($0) } ?? .null, .text(pair.status)]
        }
        return ResultTable(columns: ["case_a", "case_b", "score", "evidence", "source_a", "source_b", "status"], rows: rows)
    }

    /// `0.500`, `1.000`: every score with its three decimals.
    static func threeDecimals(_ score: Double) -> String {
        let thousandths = Int((score * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// The pair a decision is about.
    struct Pair: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "One case's id.") var first: String
        @Argument(help: "The other case's id.") var second: String
    }

    struct Confirm: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "confirm", abstract: "Record that two cases are one party.")
        @OptionGroup var pair: Pair
        func run() throws { try decide(pair, .confirmed) }
    }

    struct Dismiss: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dismiss", abstract: "Record that two cases are two parties: the pair is no longer listed (but with --all).")
        @OptionGroup var pair: Pair
        func run() throws { try decide(pair, .dismissed) }
    }

    static func decide(_ pair: Pair, _ status: CaseLink.Status) throws {
        let database = pair.database
        guard FilePaths.exists(database.path) else {
            throw UserError("no database at \(database.path) (create one with `passage init` or `passage load`)")
        }
        let store = try Store.openForWriting(at: database.path)
        defer { try? store.close() }
        do {
            let link = try store.decide(pair.first, pair.second, status)
            say("\(link.caseA) and \(link.caseB): \(link.status.rawValue) (case_links id \(link.id)).")
        } catch let error as DecisionError {
            throw UserError(error.description)
        }
    }
}
