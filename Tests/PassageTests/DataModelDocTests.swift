import Testing
@testable import Passage

/// docs/data-model.md says what the kind descriptions (`RecordKind.columns`)
/// say: every kind in dependency order, every column in order with its type,
/// choices, required and personal flags, default and reference. A change on
/// one side only fails here.
@Suite struct DataModelDocTests {
    /// How the page writes a column's type.
    static func typeText(_ type: Column.ValueType) -> String {
        switch type {
        case .id: "id"
        case .text: "text"
        case .integer(let minimum): "integer ≥ \(minimum)"
        case .real(let range): "decimal \(Int(range.lowerBound)) to \(Int(range.upperBound))"
        case .choice: "choice"
        case .time: "time"
        case .partialDate: "birth date"
        case .reference(let kind): "reference to `\(kind.table)`"
        }
    }

    @Test func thePageListsEveryKindInDependencyOrder() throws {
        let sections = Docs.sections(try Docs.page("data-model.md"))
        #expect(sections.map(\.name) == RecordKind.allCases.map(\.table))
    }

    @Test func everyColumnIsDescribedAsTheKindDescriptionSays() throws {
        let sections = Docs.sections(try Docs.page("data-model.md"))
        for kind in RecordKind.allCases {
            let rows = Docs.tableRows(try #require(sections.first { $0.name == kind.table }, "no section for \(kind.table)").lines)
            #expect(rows.map { Docs.codeSpans($0[0]).first ?? "" } == kind.columns.map(\.name), "columns of \(kind.table)")
            for (row, column) in zip(rows, kind.columns) {
                let place = "\(kind.table).\(column.name)"
                // | column | type | values | required | personal | default | meaning |
                try #require(row.count == 7, "\(place): the row has \(row.count) cells, not 7")
                #expect(row[1] == Self.typeText(column.type), "type of \(place)")
                let choices: [String] = if case .choice(let values) = column.type { values } else { [] }
                #expect(Docs.codeSpans(row[2]) == choices, "values of \(place)")
                #expect((row[3] == "yes") == column.isRequired, "required of \(place)")
                #expect((row[4] == "yes") == column.isPersonal, "personal of \(place)")
                #expect(Docs.codeSpans(row[5]).first == column.defaultValue, "default of \(place)")
            }
        }
    }

    @Test func theResolvedStatusesAreTheOnesThePageNames() throws {
        let page = try Docs.page("data-model.md")
        let sentence = try #require(page.components(separatedBy: "A status is **resolved** when it is one of").dropFirst().first)
        let named = Docs.codeSpans(String(sentence.prefix { $0 != "." }))
        #expect(named == Outcome.Status.allCases.filter(\.isResolved).map(\.rawValue))
    }
}
