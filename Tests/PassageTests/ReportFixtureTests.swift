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
        let parts = file.dropLast(4).split(separator: "--").map(String.init)
        var parameters: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            parameters[pair[0]] = pair[1]
        }
        let report = try #require(Report.named(parts[0]) ?? Report.query(parts[0]))
        let table = try store.run(report, parameters: parameters)
        let actual = RowFormatter(format: .csv).render(table)
        let expected = try String(contentsOfFile: Self.fixtures + "/expected/" + file, encoding: .utf8)
        #expect(actual == expected, "\(file)")
    }
}
