import Testing
@testable import Passage

@Suite struct ReportHeaderTests {
    @Test func theHeaderGivesTitleDescriptionParametersAndBooleans() throws {
        let report = try #require(Report(name: "sample", text: """
            -- title: A sample
            -- description: First line,
            -- description: second line.
            -- param: from date optional  First day.
            -- param: as_of time default now  Counted to.
            -- param: case_id text required  The case.
            -- booleans: flag, other
            SELECT 1 AS flag -- title: not a header line
            """))
        #expect(report.title == "A sample")
        #expect(report.description == "First line, second line.")
        #expect(report.parameters.map(\.name) == ["from", "as_of", "case_id"])
        #expect(report.parameters.map(\.type) == [.date, .time, .text])
        #expect(report.parameters.map(\.isRequired) == [false, false, true])
        #expect(report.parameters[1].defaultsToNow)
        #expect(report.parameters[0].description == "First day.")
        #expect(report.booleanColumns == ["flag", "other"])
    }

    @Test func everyBundledReportHasATitleAndItsParametersAreInTheSQL() {
        #expect(Report.all.count == 11)
        for report in Report.all + Report.queries {
            #expect(report.title != report.name, "\(report.name) has no title")
            #expect(!report.description.isEmpty, "\(report.name) has no description")
            for parameter in report.parameters {
                #expect(report.sql.contains(":\(parameter.name)"), "\(report.name) declares \(parameter.name) but does not use it")
            }
            // No personal column (one definition: `Column.isPersonal`) is read
            // by any report, whichever table it is written against. A name
            // that is personal in one kind only (`members.name`, not
            // `muster_points.name`) must not appear beside that kind's table.
            let words = Self.words(of: report.sql)
            for kind in RecordKind.allCases {
                for column in kind.columns where column.isPersonal {
                    let personalEverywhere = !RecordKind.allCases.contains { other in
                        other.columns.contains { $0.name == column.name && !$0.isPersonal }
                    }
                    let read = words.contains(Substring(column.name)) && (personalEverywhere || words.contains(Substring(kind.table)))
                    #expect(!read, "\(report.name) must not show personal data (\(kind.table).\(column.name))")
                }
            }
        }
    }

    /// The identifiers and words of a text: runs of letters, digits and `_`.
    static func words(of text: String) -> Set<Substring> {
        Set(text.split { !($0.isLetter || $0.isNumber || $0 == "_") })
    }
}
