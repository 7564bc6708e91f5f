import Testing
@testable import Passage

/// A report takes in a part it shares with another (`Schema/reports/shared/`)
/// with a line `-- include: PATH`; docs/reports.md says how.
@Suite struct ReportIncludeTests {
    @Test func anIncludeLineIsReplacedByTheFileIndentedAsTheLine() {
        let files = ["reports/shared/one.sql": "-- the one\nSELECT 1 AS one\n\n  FROM x\n"]
        let text = "WITH\nt AS (\n    -- include: reports/shared/one.sql\n)\nSELECT * FROM t;\n"
        #expect(Report.includingShared(text, files: files)
            == "WITH\nt AS (\n    -- the one\n    SELECT 1 AS one\n\n      FROM x\n)\nSELECT * FROM t;\n")
        // Without a marker the text is the text.
        #expect(Report.includingShared("SELECT 1; -- include as a word\n", files: files) == "SELECT 1; -- include as a word\n")
        // A path that names no file keeps its line: the SQL cannot prepare.
        let missing = "t AS (\n  -- include: reports/shared/none.sql\n)"
        #expect(Report.includingShared(missing, files: files) == missing)
    }

    @Test func everyBundledIncludeIsResolvedAndEverySharedPartIsUsed() throws {
        let bundled = Report.all + Report.queries
        for report in bundled {
            let left = report.sql.split(separator: "\n").filter { $0.trimmedOfBlanks.hasPrefix(Report.includeMarker) }
            #expect(left.isEmpty, "\(report.name) includes what is not there: \(left)")
        }
        let shared = EmbeddedResources.files.keys.filter { $0.hasPrefix("reports/shared/") }.sorted()
        #expect(!shared.isEmpty)
        for path in shared {
            let takers = bundled.filter { report in
                EmbeddedResources.files["reports/\(report.name).sql"]?.contains("\(Report.includeMarker) \(path)") == true
            }
            #expect(!takers.isEmpty, "nothing includes \(path)")
            // A shared part is not a report of its own.
            #expect(!Report.all.contains { "reports/\($0.name).sql" == path })
        }
        // The two reports by place share their attempt counts and rate.
        for name in ["outcomes-by-gate", "outcomes-by-muster-point"] {
            let report = try #require(Report.named(name))
            #expect(report.sql.contains("CASE WHEN attempts > 0"), "\(name) does not take in reports/shared/place-attempts.sql")
        }
    }
}
