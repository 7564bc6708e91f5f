import PassageSQLite

extension Store {
    /// One case's attempts, incidents and outcomes in time order, as
    /// `passage case` prints them (`Schema/queries/case-timeline.sql`,
    /// described in docs/reports.md). No rows for an unknown case.
    public func caseTimeline(caseID: String) throws -> ResultTable {
        let statement = try prepareCaseTimeline(caseID: caseID)
        return ResultTable(columns: statement.columnNames, rows: try statement.allRows())
    }

    /// The timeline's statement, bound, to step through row by row (for
    /// output that streams).
    package func prepareCaseTimeline(caseID: String) throws -> Statement {
        guard let timeline = Report.query("case-timeline") else { throw PassageError.missingReport("case-timeline") }
        return try prepare(timeline, parameters: ["case_id": caseID])
    }
}
