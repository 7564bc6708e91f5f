import Foundation
import Testing
@testable import Passage

/// Every report against expectations computed by hand for the small
/// dataset in Tests/Fixtures/small (see its expected/ folder): the fixture
/// is loaded through the real loader, each report is run with the
/// parameters in the expected file's name (`NAME--key=value--key=value.csv`)
/// and printed as CSV.
@Suite struct ReportFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/small").path
    static let expectedFiles: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures + "/expected")) ?? [])
        .filter { $0.hasSuffix(".csv") }.sorted()

    @Test func everyReportHasAnExpectation() {
        let covered = Set(Self.expectedFiles.map { String($0.dropLast(4).split(separator: "--")[0]) })
        for report in Report.all { #expect(covered.contains(report.name), "no expectation for \(report.name)") }
    }

    @Test(arguments: expectedFiles)
    func reportMatchesTheHandComputedExpectation(file: String) throws {
        let folder = TemporaryDirectory()
        let store = try makeStore(folder)
        let csvFiles = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures).filter { $0.hasSuffix(".csv") }
        let summary = try load(store, csvFiles.map { Self.fixtures + "/" + $0 })
        #expect(summary.succeeded, "\(summary.problems)")
        let (actual, expected) = try Self.run(file, on: store)
        #expect(actual == expected, "\(file)")
    }

    /// The report an expected file names (`NAME--key=value--key=value.csv`)
    /// run with its parameters on `store` and printed as CSV, and the file's text.
    static func run(_ file: String, on store: Store) throws -> (actual: String, expected: String) {
        let parts = file.dropLast(4).split(separator: "--").map(String.init)
        var parameters: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            parameters[pair[0]] = pair[1]
        }
        let report = try #require(Report.named(parts[0]) ?? Report.query(parts[0]))
        let actual = RowFormatter(format: .csv).render(try store.run(report, parameters: parameters))
        let expected = try String(contentsOfFile: fixtures + "/expected/" + file, encoding: .utf8)
        return (actual, expected)
    }

    /// The derived tables are brought up to date by each load for the cases
    /// it touched: a first load with routes lacking their muster points, every
    /// attempt of unknown result and half of the outcomes wrong, then a load
    /// of the real files (which updates all of those, moves cases between
    /// muster points, adds incidents and outcomes), must give every report
    /// exactly as one load of the real files does. A third load of the same
    /// files touches nothing and changes no report.
    @Test func reportsAfterIncrementalLoadsMatchTheExpectations() throws {
        let folder = TemporaryDirectory()
        let store = try makeStore(folder)
        let csvFiles = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures).filter { $0.hasSuffix(".csv") }.sorted()
        for name in csvFiles where name != "incidents.csv" {
            var lines = try String(contentsOfFile: Self.fixtures + "/" + name, encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            let header = lines.removeFirst()
            switch name {
            case "routes.csv":
                lines = lines.map { Self.replacing($0, fields: [1: "", 3: "first-load"]) }
            case "attempts.csv":
                lines = lines.map { Self.replacing($0, fields: [4: "unknown", 8: "first-load"]) }
            case "outcomes.csv":
                // Location, source and notes come last: the location may hold a quoted comma.
                lines = lines.prefix(lines.count / 2).map { line in
                    Self.replacing(line, fields: [2: "still_in_country"], maxSplits: 4, tail: "first-load,,")
                }
            default:
                break
            }
            folder.write("first/" + name, ([header] + lines).joined(separator: "\n") + "\n")
        }
        let first = try load(store, [folder.file("first")])
        #expect(first.succeeded, "\(first.problems)")
        let full = csvFiles.map { Self.fixtures + "/" + $0 }
        let second = try load(store, full)
        #expect(second.succeeded, "\(second.problems)")
        let third = try load(store, full)
        #expect(third.succeeded && third.total.inserted == 0 && third.total.updated == 0)
        for file in Self.expectedFiles {
            let (actual, expected) = try Self.run(file, on: store)
            #expect(actual == expected, "\(file)")
        }
    }

    /// A CSV line (no quotes before the fields replaced) with some fields
    /// replaced by position; with `tail`, everything after field `maxSplits - 1`.
    static func replacing(_ line: String, fields: [Int: String], maxSplits: Int = Int.max, tail: String? = nil) -> String {
        var parts = line.split(separator: ",", maxSplits: maxSplits, omittingEmptySubsequences: false).map(String.init)
        for (index, value) in fields { parts[index] = value }
        if let tail { parts[parts.count - 1] = tail }
        return parts.joined(separator: ",")
    }
}
