#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Passage
import PassageSQLite

extension PassageCommand {
    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "load",
            abstract: "Load CSV, TSV, JSON or NDJSON files (or folders of them) in one transaction.",
            discussion: "A file's kind is its name (attempts.csv, 2021-08-27.attempts.csv) or --kind. A folder's files load in dependency order, and within a kind in the byte order of their names. If any row is invalid, nothing changes and every problem is listed as FILE:LINE: column: what is wrong. A record whose id exists takes the values of the columns the file has and keeps its others; a record absent from a later file stays (loads never delete: see `passage delete`). The summary counts the rows inserted, updated, unchanged and rejected per kind."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var key: KeyOptions

        @Argument(help: "Files and folders to load.")
        var paths: [String]

        @Option(help: "The kind of every named file: \(RecordKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var kind: String?

        @Flag(help: "Validate and report; change nothing.")
        var dryRun = false

        @Option(help: ArgumentHelp("Load the valid rows and write the invalid ones into this folder (created; must be empty): one CSV per kind, each row as read plus rejected_file, rejected_line and problem. Exits 3 when rows were rejected.", valueName: "DIR"))
        var rejects: String?

        @Flag(help: "Ignore columns that the kind does not have.")
        var allowExtraColumns = false

        func run() throws {
            var options = LoadOptions()
            if let kind {
                guard let parsed = RecordKind(rawValue: kind) else {
                    throw ValidationError("--kind must be one of \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                options.kind = parsed
            }
            options.dryRun = dryRun
            options.rejectsPath = rejects
            options.allowExtraColumns = allowExtraColumns
            options.unknownColumnHint = "use --allow-extra-columns to ignore it"
            let bar = ProgressBar()
            if bar.isActive { options.progress = { done, total in bar.show(done: done, total: total) } }
            // Ctrl-C from here on rolls the load back and cleans up.
            SignalCatcher.start()
            options.interruption = SignalCatcher.interruption
            options.keySource = key.source(path: database.path, purpose: "loading a personal value (\(RecordKind.personalColumnNames.joined(separator: ", ")))")
            let existed = FilePaths.exists(database.path)
            let load: Store.DatabaseLoad
            do {
                load = try Store.load(paths, intoDatabaseAt: database.path, options: options)
            } catch let error as FileError where error.code == EPIPE {
                // The rejects' reader went away (`--rejects /dev/stdout | head`):
                // the load rolled back; end like any command whose pipe closed.
                bar.finish()
                SignalCatcher.endBySignal(SIGPIPE)
            } catch let error as SQLiteError where error.code == .interrupt && SignalCatcher.received != 0 {
                bar.finish()
                printError(existed ? "Interrupted: nothing was loaded; \(database.path) is as it was." : "Interrupted: nothing was loaded, and no database was made.")
                StandardOutput.shared.flush()
                SignalCatcher.endBySignal(SignalCatcher.received)
            }
            bar.finish()
            if let zones = load.differingZones {
                printError("Note: these files were exported in event zone \(zones.exported); \(database.path) keeps its zone \(zones.kept), so local dates in its reports may differ from the exporting database's.")
            }
            let summary = load.summary
            for path in summary.skippedFiles { printError("skipped \(path): not a KIND.csv/.tsv/.json/.ndjson file") }
            if !summary.succeeded {
                for problem in summary.problems { printError(problem) }
                if summary.problemCount > summary.problems.count {
                    printError("… and \(summary.problemCount - summary.problems.count) more problems (\(summary.problemCount) in all)")
                }
                printError("Nothing was loaded: \(summary.problemCount) problem\(summary.problemCount == 1 ? "" : "s") in \(paths.joined(separator: " ")).")
                throw ExitCode(1)
            }
            printTable(LoadReportTable.make(summary), format: output.format)
            // Only the summary's rows go to standard output in a machine format.
            let toTerminal = output.format == .table
            func note(_ text: String) { if toTerminal { say(text) } else { printError(text) } }
            if let rejects, summary.problemCount > 0 {
                StandardOutput.shared.flush()
                for problem in summary.problems { printError(problem) }
                if summary.problemCount > summary.problems.count {
                    printError("… and \(summary.problemCount - summary.problems.count) more problems")
                }
                if summary.rejectsWarning == nil {
                    printError("\(summary.rejectedRows) invalid row\(summary.rejectedRows == 1 ? "" : "s") written to \(rejects) instead of loaded")
                }
            }
            for (path, count) in summary.blankRows {
                note("Skipped \(count) row\(count == 1 ? "" : "s") with every cell empty in \(path).")
            }
            if let warning = summary.rejectsWarning { printError("Warning: \(warning)") }
            if dryRun {
                note("Dry run: nothing was changed.")
            } else if let loadID = summary.loadID {
                note("Load \(loadID) committed to \(database.path).")
                // Committed with rejected rows: a script notices.
                if summary.rejectedRows > 0 { throw ExitCode(ExitStatus.rejectedRows) }
            }
        }
    }
}

enum LoadReportTable {
    static func make(_ summary: LoadSummary) -> ResultTable {
        var rows = RecordKind.allCases.compactMap { kind -> [SQLiteValue]? in
            guard let counts = summary.counts[kind] else { return nil }
            return [.text(kind.rawValue), .integer(Int64(counts.inserted)), .integer(Int64(counts.updated)),
                    .integer(Int64(counts.unchanged)), .integer(Int64(counts.rejected))]
        }
        let total = summary.total
        rows.append([.text("total"), .integer(Int64(total.inserted)), .integer(Int64(total.updated)),
                     .integer(Int64(total.unchanged)), .integer(Int64(total.rejected))])
        return ResultTable(columns: ["kind", "inserted", "updated", "unchanged", "rejected"], rows: rows)
    }
}
