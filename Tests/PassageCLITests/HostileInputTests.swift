import Foundation
import Testing

/// Hostile input (RELIABILITY.md, item 3). Every file of the corpus in Tests/Hostile
/// (and a few too big to commit, made here at test time) is loaded into a
/// database that already holds the bundled sample. Each must be refused with
/// `FILE:LINE:` problems on standard error and exit status 1 (never a crash,
/// never a signal), and leave the database exactly as it was. SQL text in
/// values is the exception: it loads, and comes back verbatim.
@Suite struct HostileInputTests {
    static let corpus = packageRoot + "/Tests/Hostile"
    /// The mirror tests name the sample this way.
    static let sample = samplePath

    /// A corpus file and the problems its load must report: each entry of
    /// `problems` is what follows `PATH:` in one line of standard error,
    /// `LINE:` or `LINE: column`.
    struct Refused: Sendable, CustomTestStringConvertible {
        let file: String
        let problems: [String]
        var words: [String] = []
        var testDescription: String { file }
    }

    static let refused: [Refused] = [
        Refused(file: "truncated-quote.cases.csv", problems: ["3: label"], words: ["unterminated"]),
        Refused(file: "broken-utf8.cases.csv", problems: ["3: label"], words: ["UTF-8"]),
        Refused(file: "broken-utf8.sources.ndjson", problems: ["2: name"], words: ["UTF-8"]),
        Refused(file: "utf16.cases.csv", problems: ["1:"]),
        Refused(file: "header-only-garbage.cases.csv", problems: ["1:"]),
        Refused(file: "nul-bytes.cases.csv", problems: ["3: label"], words: ["NUL"]),
        Refused(file: "nul-in-id.cases.csv", problems: ["3: id"]),
        Refused(file: "nul-bytes.sources.json", problems: ["2: name"]),
        Refused(file: "deep-nesting.cases.json", problems: ["2:"], words: ["nesting"]),
        Refused(file: "deep-nesting-unclosed.cases.ndjson", problems: ["2:"]),
        Refused(file: "object-not-array.cases.json", problems: ["1:"], words: ["array"]),
        Refused(file: "object-of-rows.cases.json", problems: ["1:"]),
        Refused(file: "nested-value.cases.json", problems: ["2: category"]),
        Refused(file: "trailing-garbage.cases.json", problems: ["1:"]),
        Refused(file: "unterminated-array.cases.json", problems: [], words: ["]"]),
        Refused(file: "bad-escape.cases.json", problems: ["2: label"]),
        Refused(file: "broken-line.cases.ndjson", problems: ["2:"]),
        Refused(file: "out-of-range.cases.csv",
                problems: ["3: size", "4: children", "5: size", "6: children", "7: size"]),
        Refused(file: "out-of-range.cases.json", problems: ["2: size", "3: size"]),
        Refused(file: "out-of-range.muster_points.csv",
                problems: ["3: latitude", "4: longitude", "5: latitude", "6: longitude"]),
        Refused(file: "impossible-date.outcomes.csv",
                problems: ["3: occurred_at", "4: occurred_at", "5: occurred_at", "6: occurred_at", "7: occurred_at"],
                words: ["2021-02-30"]),
        Refused(file: "multiline-then-bad.cases.csv", problems: ["5: registered_at"]),
        Refused(file: "id-with-space.cases.csv", problems: ["3: id"]),
        Refused(file: "id-65-chars.cases.csv", problems: ["3: id"], words: ["64"]),
        Refused(file: "id-bad-characters.sources.csv", problems: ["3: id", "4: id", "5: id"]),
        Refused(file: "enum-injection.cases.csv", problems: ["3: category"]),
        Refused(file: "csv-named.cases.ndjson", problems: ["1:"]),
        Refused(file: "ndjson-named.cases.csv", problems: ["1:"]),
        Refused(file: "json-named.cases.tsv", problems: ["1:"]),
        Refused(file: "empty.cases.csv", problems: ["1:"]),
        Refused(file: "duplicate-header.cases.csv", problems: ["1: size"]),
        Refused(file: "unknown-column.cases.csv", problems: ["1: password"]),
        Refused(file: "missing-required.cases.csv", problems: ["1: category", "1: size"]),
        Refused(file: "ragged-rows.cases.csv", problems: ["3:", "4:"]),
        Refused(file: "wide-row.cases.csv", problems: ["2:"]),
        Refused(file: "duplicate-id.cases.csv", problems: ["3: id"]),
        Refused(file: "dangling-reference.attempts.csv", problems: ["3: case_id"], words: ["case-404"]),
        Refused(file: "many-problems.cases.csv",
                problems: (2...21).map { "\($0): size" }, words: ["50 in all"]),
    ]

    @Test(arguments: refused)
    func corpusFileIsRefusedWithFileAndLine(_ hostile: Refused) throws {
        let folder = TemporaryDirectory()
        try expectRefused(folder: folder, path: Self.corpus + "/" + hostile.file, problems: hostile.problems, words: hostile.words)
    }

    /// A file added to the corpus is tested too: it must be listed above.
    @Test func everyCorpusFileIsTested() throws {
        let listed = Set(Self.refused.map(\.file) + ["sql-text.cases.csv", "sql-text.sources.ndjson", "unrelated-folder", "regressions", "README.md"])
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.corpus).filter { !$0.hasPrefix(".") }
        #expect(present.count >= 40)
        for name in present {
            #expect(listed.contains(name), "Tests/Hostile/\(name) is not in HostileInputTests.refused")
        }
        // And nothing committed is big: the big ones are made at test time.
        for name in present {
            let size = (try? FileManager.default.attributesOfItem(atPath: Self.corpus + "/" + name)[.size] as? Int) ?? 0
            #expect(size <= 100_000, "Tests/Hostile/\(name) is \(size) bytes")
        }
    }

    /// The files too big to commit: made here, then refused like the others.
    @Test func fiftyMegabyteCSVFieldIsRefused() throws {
        let folder = TemporaryDirectory()
        let path = folder.file("huge-field.cases.csv")
        try writeFile(path, head: Self.casesHeader + Self.validCase + "case-h-bad,",
                      repeating: UInt8(ascii: "x"), count: 50 << 20, tail: ",lpr,1,0,,,,\r\n")
        try expectRefused(folder: folder, path: path, problems: ["3: label"])
    }

    /// 20 MB: past the 16 MB record limit as well as the 1 MB field limit.
    @Test func twentyMegabyteNDJSONLineIsRefused() throws {
        let folder = TemporaryDirectory()
        let path = folder.file("huge-line.cases.ndjson")
        try writeFile(path, head: "{\"id\":\"case-h-ok\",\"category\":\"lpr\",\"size\":1}\n{\"id\":\"case-h-bad\",\"category\":\"lpr\",\"size\":1,\"label\":\"",
                      repeating: UInt8(ascii: "y"), count: 20 << 20, tail: "\"}\n")
        try expectRefused(folder: folder, path: path, problems: ["2: label"])
    }

    @Test func tenThousandColumnsAreRefused() throws {
        let folder = TemporaryDirectory()
        let header = (["id", "category", "size"] + (0..<9_997).map { "extra_\($0)" }).joined(separator: ",")
        let row = (["case-h-bad", "lpr", "1"] + Array(repeating: "", count: 9_997)).joined(separator: ",")
        let path = folder.write("ten-thousand-columns.cases.csv", header + "\r\n" + row + "\r\n")
        try expectRefused(folder: folder, path: path, problems: ["1:"])
        // Even when extra columns are allowed.
        try expectRefused(folder: folder, path: path, problems: ["1:"], extraArguments: ["--allow-extra-columns"])
    }

    @Test func millionDeepJSONIsRefused() throws {
        let folder = TemporaryDirectory()
        let depth = 1_000_000
        let text = "[{\"id\":\"case-h-ok\",\"category\":\"lpr\",\"size\":1},\n{\"id\":\"case-h-bad\",\"label\":"
            + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}]\n"
        let path = folder.write("deep-nesting-million.cases.json", text)
        try expectRefused(folder: folder, path: path, problems: ["2:"])
        let unclosed = folder.write("deep-objects.cases.ndjson", String(repeating: "{\"a\":", count: depth) + "\n")
        try expectRefused(folder: folder, path: unclosed, problems: ["1:"])
    }

    /// A folder of files that are not Passage data: each is named on
    /// standard error, the command fails, and no load is recorded.
    @Test func folderOfUnrelatedFilesIsRefused() throws {
        let folder = TemporaryDirectory()
        let database = try loadSample(into: folder)
        let before = try dump(database, in: folder)
        let unrelated = Self.corpus + "/unrelated-folder"
        let result = try PassageProcess.run(["load", unrelated, "--db", database], in: folder.path)
        #expect(result.status == 1, "a folder with nothing to load must fail: status \(result.status)\n\(result.standardError)\(result.standardOutput)")
        for name in ["README.txt", "photo.jpg", "report.pdf", "contacts.xlsx"] {
            #expect(result.standardError.contains("\(unrelated)/\(name)"), "\(name) not named in:\n\(result.standardError)")
        }
        #expect(try dump(database, in: folder) == before, "the database changed")
    }

    /// SQL in a value is just text: it loads and comes back byte for byte,
    /// and bound as a parameter it matches itself.
    @Test func sqlTextLoadsAsPlainText() throws {
        let folder = TemporaryDirectory()
        let database = try loadSample(into: folder)
        let values = [
            "Robert'); DROP TABLE cases;--",
            "\" OR \"1\"=\"1",
            "x'; DELETE FROM loads; SELECT '",
            "1; ATTACH DATABASE '/tmp/x.db' AS x; --",
            "%_\\ ? ?1 :name @p $v",
        ]
        let load = try PassageProcess.run(["load", Self.corpus + "/sql-text.cases.csv", Self.corpus + "/sql-text.sources.ndjson",
                                           "--db", database], in: folder.path)
        #expect(load.status == 0, "\(load.standardError)")
        for (table, columns) in [("cases", ["label", "contact", "notes"]), ("sources", ["name", "notes"])] {
            let query = try PassageProcess.run(["query", "SELECT id, \(columns.joined(separator: ", ")) FROM \(table) WHERE id LIKE '%-sql-%' ORDER BY id",
                                                "--format", "json", "--db", database], in: folder.path)
            #expect(query.status == 0, "\(query.standardError)")
            let rows = try JSONSerialization.jsonObject(with: Data(query.standardOutput.utf8)) as? [[String: Any]] ?? []
            #expect(rows.count == values.count)
            for (row, value) in zip(rows, values) {
                for column in columns {
                    #expect(row[column] as? String == value, "\(table).\(column) of \(row["id"] ?? "?")")
                }
            }
        }
        // Nothing was dropped or deleted; every table is still whole.
        let counts = try PassageProcess.run(["query", "SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM loads) AS loads",
                                             "--format", "csv", "--db", database], in: folder.path)
        #expect(counts.standardOutput == "cases,loads\n46,2\n")
        let bound = try PassageProcess.run(["query", "SELECT id FROM cases WHERE label = :v", "--param", "v=\(values[0])",
                                            "--format", "csv", "--db", database], in: folder.path)
        #expect(bound.standardOutput == "id\ncase-sql-0\n", "\(bound.standardError)")
        #expect(try PassageProcess.run(["check", "--db", database], in: folder.path).status == 0)
    }

    /// Every input the fuzzer found to crash the program stays here as a
    /// regression: it must now load or be refused cleanly, never crash.
    @Test func fuzzRegressionsNeitherCrashNorLoadPartly() throws {
        let folder = TemporaryDirectory()
        let regressions = Self.corpus + "/regressions"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: regressions)) ?? [])
            .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".txt") && !$0.hasSuffix(".md") }.sorted()
        guard !files.isEmpty else { return }
        let database = try loadSample(into: folder)
        for name in files {
            let path = regressions + "/" + name
            let before = try dump(database, in: folder)
            let result = try PassageProcess.run(["load", path, "--db", database, "--dry-run"], in: folder.path)
            #expect(result.status == 0 || result.status == 1, "\(name): status \(result.status)\n\(result.standardError)")
            if result.status == 1 {
                #expect(result.standardError.contains(path + ":"), "\(name): no FILE:LINE in\n\(result.standardError)")
            }
            #expect(try dump(database, in: folder) == before, "\(name): a dry run changed the database")
        }
    }

    // MARK: Helpers

    static let casesHeader = "id,label,category,size,children,contact,registered_at,source_id,notes\r\n"
    static let validCase = "case-h-ok,Valid row before the hostile one,lpr,2,0,desk,2021-08-21,src-net-veterans,\r\n"

    /// Loads `path` into a copy of the sample and checks that it is refused
    /// as it should be, and that nothing changed.
    func expectRefused(folder: TemporaryDirectory, path: String, problems: [String], words: [String] = [],
                       extraArguments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let database = try loadSample(into: folder)
        let before = try dump(database, in: folder)
        let started = Date()
        let result = try PassageProcess.run(["load", path, "--db", database] + extraArguments, in: folder.path)
        let seconds = Date().timeIntervalSince(started)
        let name = (path as NSString).lastPathComponent
        // 1, not a signal number: a crash (trap, abort, segfault) shows as 4, 5, 6, 11 ...
        #expect(result.status == 1, "\(name): exit status \(result.status)\n\(result.standardError)", sourceLocation: sourceLocation)
        #expect(!result.standardError.contains("Fatal error"), "\(name) crashed:\n\(result.standardError)", sourceLocation: sourceLocation)
        #expect(Self.hasFileLine(result.standardError, path), "\(name): no '\(path):LINE:' in:\n\(result.standardError.prefix(3000))",
                sourceLocation: sourceLocation)
        for problem in problems {
            #expect(result.standardError.contains("\(path):\(problem)"),
                    "\(name): no '\(path):\(problem)' in:\n\(result.standardError.prefix(3000))", sourceLocation: sourceLocation)
        }
        for word in words {
            #expect(result.standardError.contains(word), "\(name): no '\(word)' in:\n\(result.standardError.prefix(3000))", sourceLocation: sourceLocation)
        }
        #expect(result.standardError.contains("Nothing was loaded"), "\(name):\n\(result.standardError.prefix(3000))", sourceLocation: sourceLocation)
        #expect(result.standardOutput.isEmpty || !result.standardOutput.contains("committed"), sourceLocation: sourceLocation)
        // Every problem line is short: a huge value is never echoed back whole.
        #expect(result.standardError.utf8.count < 64 << 10, "\(name): \(result.standardError.utf8.count) bytes of errors", sourceLocation: sourceLocation)
        #expect(seconds < 60, "\(name) took \(seconds) s", sourceLocation: sourceLocation)
        #expect(try dump(database, in: folder) == before, "\(name): the database changed", sourceLocation: sourceLocation)
    }

    /// Whether some line of `text` starts with `PATH:LINE:`.
    static func hasFileLine(_ text: String, _ path: String) -> Bool {
        text.split(separator: "\n").contains { line in
            guard line.hasPrefix(path + ":") else { return false }
            let rest = line.dropFirst(path.count + 1)
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            return !digits.isEmpty && rest.dropFirst(digits.count).hasPrefix(":")
        }
    }

    /// A database in `folder` holding the bundled sample.
    func loadSample(into folder: TemporaryDirectory) throws -> String {
        let database = folder.file("hostile-\(UUID().uuidString.prefix(8)).db")
        let result = try PassageProcess.run(["load", samplePath, "--db", database], in: folder.path)
        try #require(result.status == 0, "loading the sample failed: \(result.standardError)")
        return database
    }

    /// The whole logical content of the database, as one CSV text: every
    /// record with every column, the loads, their files and counts, and the
    /// audit trail.
    func dump(_ database: String, in folder: TemporaryDirectory) throws -> String {
        let result = try PassageProcess.run(["query", Self.dumpSQL, "--format", "csv", "--db", database], in: folder.path)
        #expect(result.status == 0, "dump failed: \(result.standardError)")
        return result.standardOutput
    }

    static let columns: [(String, [String])] = [
        ("sources", ["kind", "name", "reliability", "notes"]),
        ("muster_points", ["name", "latitude", "longitude", "controlled_by", "notes"]),
        ("gates", ["name", "latitude", "longitude", "controlled_by", "notes"]),
        ("routes", ["muster_point_id", "gate_id", "name", "notes"]),
        ("cases", ["label", "category", "size", "children", "contact", "registered_at", "source_id", "notes"]),
        ("escort_runs", ["route_id", "escort", "departed_at", "arrived_at", "people", "status", "source_id", "notes"]),
        ("attempts", ["case_id", "route_id", "attempted_at", "result", "escort_run_id", "people", "source_id", "notes"]),
        ("incidents", ["kind", "occurred_at", "muster_point_id", "gate_id", "case_id", "attempt_id", "denied_by", "reason",
                       "documents", "people_affected", "verification", "source_id", "notes"]),
        ("outcomes", ["case_id", "status", "occurred_at", "location", "source_id", "notes"]),
    ]

    static let dumpSQL: String = {
        var parts = columns.map { table, columns in
            "SELECT '\(table)' AS t, id AS k, json_array(\((columns + ["load_id", "load_row", "revision"]).joined(separator: ", "))) AS v FROM \(table)"
        }
        parts.append("SELECT 'loads', id, json_array(started_at, finished_at, inserted, updated, unchanged, rejected) FROM loads")
        parts.append("SELECT 'load_files', load_id || '/' || position, json_array(path, kind, sha256, bytes, rows) FROM load_files")
        parts.append("SELECT 'load_counts', load_id || '/' || kind, json_array(inserted, updated, unchanged, rejected) FROM load_counts")
        parts.append("SELECT 'audit', id, json_array(kind, record_id, action, previous, load_id, changed_at) FROM audit")
        parts.append("SELECT 'settings', key, value FROM settings")
        return parts.joined(separator: " UNION ALL ") + " ORDER BY 1, 2"
    }()

    /// Writes head, then `count` copies of one byte, then tail, without
    /// holding the whole file in memory as a String.
    func writeFile(_ path: String, head: String, repeating byte: UInt8, count: Int, tail: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)  // FileHandle below fails if it was not created
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(head.utf8))
        let chunk = Data(repeating: byte, count: 1 << 20)
        var left = count
        while left > 0 {
            let size = min(left, chunk.count)
            try handle.write(contentsOf: size == chunk.count ? chunk : chunk.prefix(size))
            left -= size
        }
        try handle.write(contentsOf: Data(tail.utf8))
    }
}
