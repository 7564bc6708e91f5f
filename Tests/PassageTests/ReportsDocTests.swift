import Foundation
import Testing
@testable import Passage
import PassageSQLite

/// docs/reports.md says what `Schema/reports/` and `Schema/queries/` hold:
/// every report and query, its parameters (name, type, optional or
/// required, default) and its columns in output order. A change on one side
/// only fails here.
@Suite struct ReportsDocTests {
    /// The report files on disk, parsed as the binary parses them.
    static func filesOnDisk() throws -> [Report] {
        try ["reports", "queries"].flatMap { folder -> [Report] in
            let directory = Docs.root.appendingPathComponent("Schema/" + folder)
            return try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".sql") }.sorted()
                .map { name in
                    let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                    return try #require(Report(name: String(name.dropLast(4)), text: text), "\(name) has no SQL")
                }
        }
    }

    /// How the page writes a report's parameters.
    static func parametersText(_ report: Report) -> String {
        guard !report.parameters.isEmpty else { return "Parameters: none." }
        return "Parameters: " + report.parameters.map { parameter in
            var words = [parameter.type.rawValue, parameter.isRequired ? "required" : "optional"]
            if parameter.defaultsToNow { words.append("default now") }
            return "`\(parameter.name)` (\(words.joined(separator: ", ")))"
        }.joined(separator: ", ") + "."
    }

    @Test func thePageDescribesEveryReportAndQueryOnDiskAndNothingElse() throws {
        let documented = Docs.sections(try Docs.page("reports.md")).map(\.name)
        let onDisk = try Self.filesOnDisk().map(\.name)
        #expect(Set(documented) == Set(onDisk))
        #expect(documented.count == Set(documented).count, "a report is described twice")
        // What the binary embeds is what is on disk.
        #expect(Set(onDisk) == Set((Report.all + Report.queries).map(\.name)))
    }

    @Test func everyReportsParametersAndColumnsAreThePages() throws {
        let sections = Docs.sections(try Docs.page("reports.md"))
        let folder = TemporaryDirectory()
        let store = try makeStore(folder)
        defer { try? store.close() }
        for report in try Self.filesOnDisk() {
            guard let section = sections.first(where: { $0.name == report.name }) else { continue }
            let parameterLines = section.lines.filter { $0.hasPrefix("Parameters:") }
            #expect(parameterLines == [Self.parametersText(report)], "parameters of \(report.name)")
            let statement = try store.connection.prepare(report.sql)
            defer { statement.finalize() }
            let documented = Docs.tableRows(section.lines).map { Docs.codeSpans($0[0]).first ?? "" }
            #expect(documented == statement.columnNames, "columns of \(report.name)")
        }
    }
}
