import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Passage

extension PassageCommand {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Load the bundled sample of the Kabul evacuation into a fresh database and print the main reports."
        )

        @Option(help: "Where to create the demo database (must not exist; default: the first free passage-demo[-N].db here).")
        var db: String?

        @OptionGroup var output: FormatOptions

        /// The case whose timeline the demo prints: a family of six
        /// green-card holders turned away one night and admitted another.
        static let featuredCase = "case-01"
        /// The day after the last evacuation flight, so the days since activity do not depend on today.
        static let asOf = "2021-08-31T00:00"
        /// The demo database is sealed, to show it; its passphrase is printed,
        /// so it protects nothing: never use it for real data.
        static let passphrase = "demo passphrase, printed for all to see"

        func run() throws {
            let path = try databasePath()
            let sample = try writeSample()
            defer { FilePaths.removeFolder(sample) }
            let store = try Store.openForWriting(at: path)
            try store.seal(passphrase: Self.passphrase, recipients: [])
            let summary = try Loader(store: store, options: LoadOptions()).load([sample])
            guard summary.succeeded else {
                summary.problems.forEach(printError)
                throw UserError("the bundled sample did not load")
            }
            try store.close()
            let reader = try Store.openForReading(at: path)
            var sections: [(name: String, title: String, table: ResultTable)] = []
            for (name, parameters) in [("entries-per-route", [:]), ("unresolved", ["as_of": Self.asOf]), ("outcomes-by-muster-point", [:])] {
                guard let report = Report.named(name) else { continue }
                sections.append((name, "\(report.title) (passage report \(name)\(parameters.isEmpty ? "" : " --param as_of=\(Self.asOf)"))",
                                 try reader.run(report, parameters: parameters)))
            }
            sections.append(("case-timeline", "Timeline of case \(Self.featuredCase) (passage case \(Self.featuredCase))",
                             try reader.caseTimeline(caseID: Self.featuredCase)))
            // Duplicates compares names, and case --personal prints them: both open sealed values.
            reader.keySource = { .passphrase(Self.passphrase) }
            sections.append(("duplicates", "Possible duplicates: one family reported by two sources (passage duplicates)",
                             Duplicates.table(try reader.duplicates(), format: output.format)))
            let loaded = "Loaded the Kabul sample into \(path): \(summary.total.inserted) records.\n"
                + "It is sealed: its personal values are kept encrypted. The demo's passphrase is \"\(Self.passphrase)\" (a real one is never printed)."
            let page = Self.dashboardPath(for: path)
            let bytes = try reader.writeDashboard(to: page, asOf: Self.asOf, hidesPlaces: false)
            let wrote = "Wrote the dashboard of \(path) to \(page) (\(bytes / 1024 + 1) KiB): open it in a browser; it needs no network."
            _ = try reader.sealer()
            let details = try reader.personalDetails(caseID: Self.featuredCase)
            let next = """
                Go on with the same database:
                  export PASSAGE_DB=\(path)
                  passage report                 # every canned report
                  passage outcomes --muster-point mp-interior-ministry
                  passage case case-02
                  passage duplicates             # then: passage duplicates confirm case-01 case-41
                  passage dashboard public.html --no-places   # a page without places, for partners
                  passage map places.geojson                  # the places for a GIS tool
                  passage query "SELECT id, label FROM cases LIMIT 3"    # [sealed] without the key
                  PASSAGE_PASSPHRASE='\(Self.passphrase)' passage case case-02 --personal
                """
            switch output.format {
            case .table, .markdown:
                say(loaded + "\n")
                for section in sections {
                    say("== \(section.title)")
                    printTable(section.table, format: output.format)
                    say("")
                }
                say(wrote + "\n")
                if let details {
                    say("== Case \(Self.featuredCase) opened with the passphrase (PASSAGE_PASSPHRASE='\(Self.passphrase)' passage case \(Self.featuredCase) --personal)")
                    printPersonalSections(details, format: output.format)
                }
                say(next)
            case .json:
                // One JSON object, keyed by report: standard output is only JSON.
                printError(loaded)
                printError(wrote)
                let members = sections.map { section in
                    JSONText.quote(section.name) + ": " + String(RowFormatter(format: .json).render(section.table).dropLast())
                }
                say("{\n" + members.joined(separator: ",\n") + "\n}")
            case .csv, .tsv, .ndjson:
                // The rows only; what they are goes to standard error.
                printError(loaded)
                printError(wrote)
                for section in sections {
                    printError("== \(section.title)")
                    printTable(section.table, format: output.format)
                }
            }
        }

        /// `passage-demo.db` → `passage-demo.html`.
        static func dashboardPath(for database: String) -> String {
            (database.hasSuffix(".db") ? String(database.dropLast(3)) : database) + ".html"
        }

        private func databasePath() throws -> String {
            if let db {
                guard !FilePaths.exists(db) else {
                    throw UserError("\(db) already exists; the demo only creates a fresh database")
                }
                return db
            }
            var candidate = "passage-demo.db"
            var number = 2
            while FilePaths.exists(candidate) {
                candidate = "passage-demo-\(number).db"
                number += 1
            }
            return candidate
        }

        /// Writes the embedded sample files into a private temporary folder.
        private func writeSample() throws -> String {
            let folder = FilePaths.join(FilePaths.temporaryDirectory, "passage-sample-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            try FilePaths.createDirectory(folder, mode: 0o700)
            for (name, text) in EmbeddedResources.files {
                let file = try OutputFile(creating: FilePaths.join(folder, name))
                try file.write(text)
                try file.close()
            }
            return folder
        }
    }
}
