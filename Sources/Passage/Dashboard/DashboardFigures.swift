#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PassageSQLite

/// Every figure the dashboard and the map show, read in one read
/// transaction (one moment of the database) from the canned reports
/// themselves: each number on the page has exactly one source, the report
/// `passage report NAME` prints.
struct DashboardFigures {
    /// The moment the page is of: the unresolved report's `as_of`.
    let asOf: EventTime
    let zone: EventZone

    /// From `outcomes` (every case): cases, the people in them (their
    /// sizes), those with an admitted attempt, those whose current status is
    /// `arrived`.
    var cases = 0
    var people = 0
    var admittedCases = 0
    var arrivedCases = 0
    /// From `unresolved` at `asOf`: its rows, and the same rows counted by
    /// whole days since their last activity.
    var unresolvedCases = 0
    var unresolvedByDays: [(label: String, cases: Int)] = []

    var entriesPerRoute: ReportRows
    var dailyEntries: ReportRows
    var outcomesByMusterPoint: ReportRows
    var outcomesByGate: ReportRows
    var timeToEntry: ReportRows
    var turnedAway: ReportRows
    var turnedAwayDocuments: ReportRows
    /// `data-quality`'s rows counted by kind and problem (its ids are left out).
    var findings: [(kind: String, problem: String, count: Int)] = []
    var places: Places

    /// People admitted and turned-away attempts: the sums of `entries-per-route`'s columns.
    var peopleAdmitted: Int { entriesPerRoute.sum("people_admitted") }
    var turnedAwayAttempts: Int { entriesPerRoute.sum("turned_away_attempts") }
    var findingCount: Int { findings.reduce(0) { $0 + $1.count } }

    /// The whole-day ranges of `unresolvedByDays`, from the report's `days_since_activity`.
    static let dayBuckets: [(label: String, range: ClosedRange<Int64>)] = [
        ("Less than 1 day", Int64.min...0),
        ("1–2 days", 1...2),
        ("3–6 days", 3...6),
        ("7 days or more", 7...Int64.max),
    ]
    static let noActivityLabel = "No activity recorded"

    /// Reads every figure in one read transaction.
    static func read(from store: Store, asOf: EventTime) throws -> DashboardFigures {
        var figures: DashboardFigures?
        try store.connection.transaction(.deferred) {
            figures = try DashboardFigures(reading: store, asOf: asOf)
            return .commit
        }
        return figures!
    }

    private init(reading store: Store, asOf: EventTime) throws {
        self.asOf = asOf
        zone = store.zone
        func rows(_ name: String, _ parameters: [String: String] = [:]) throws -> ReportRows {
            ReportRows(name: name, table: try store.run(try Self.report(name), parameters: parameters))
        }
        entriesPerRoute = try rows("entries-per-route")
        dailyEntries = try rows("daily-entries")
        outcomesByMusterPoint = try rows("outcomes-by-muster-point")
        outcomesByGate = try rows("outcomes-by-gate")
        timeToEntry = try rows("time-to-entry")
        turnedAway = try rows("turned-away")
        turnedAwayDocuments = try rows("turned-away-documents")
        places = try Places(store: store)

        // The per-case reports run to a row each case: stepped through, not kept.
        try Self.each(store, "outcomes", [:], columns: ["size", "admitted_here", "current_status"]) { row in
            cases += 1
            people += Int(row.int(0))
            if row.int(1) != 0 { admittedCases += 1 }
            if row.isText(2, "arrived") { arrivedCases += 1 }
        }
        var days = [Int](repeating: 0, count: Self.dayBuckets.count + 1)
        try Self.each(store, "unresolved", ["as_of": asOf.text], columns: ["days_since_activity"]) { row in
            unresolvedCases += 1
            if row.isNull(0) {
                days[Self.dayBuckets.count] += 1
            } else if let bucket = Self.dayBuckets.firstIndex(where: { $0.range.contains(row.int(0)) }) {
                days[bucket] += 1
            }
        }
        unresolvedByDays = zip(Self.dayBuckets.map(\.label) + [Self.noActivityLabel], days).map { ($0, $1) }

        var counts: [String: (kind: String, problem: String, count: Int)] = [:]
        try Self.each(store, "data-quality", [:], columns: ["kind", "problem"]) { row in
            let kind = row.text(0), problem = row.text(1)
            counts[kind + "\u{0}" + problem, default: (kind, problem, 0)].count += 1
        }
        findings = counts.values.sorted { ($0.kind, $0.problem) < ($1.kind, $1.problem) }
    }

    static func report(_ name: String) throws -> Report {
        guard let report = Report.named(name) else { throw PassageError.missingReport(name) }
        return report
    }

    /// Steps through a report's rows, handing `body` the named columns of each.
    private static func each(_ store: Store, _ name: String, _ parameters: [String: String], columns: [String],
                             _ body: (StatementRow) throws -> Void) throws {
        let statement = try store.prepare(try report(name), parameters: parameters)
        let names = statement.columnNames
        let indexes = try columns.map { column in
            guard let index = names.firstIndex(of: column) else { throw PassageError.missingReportColumn(report: name, column: column) }
            return index
        }
        while try statement.step() { try body(StatementRow(statement: statement, indexes: indexes)) }
    }
}

/// The columns of the current row of a statement, by their place in a list.
struct StatementRow {
    let statement: Statement
    let indexes: [Int]
    func int(_ column: Int) -> Int64 { statement.int(at: indexes[column]) }
    func isNull(_ column: Int) -> Bool { statement.isNull(at: indexes[column]) }
    func text(_ column: Int) -> String { statement.text(at: indexes[column]) }
    func isText(_ column: Int, _ expected: String) -> Bool {
        !statement.isNull(at: indexes[column]) && statement.text(at: indexes[column]) == expected
    }
}

/// A report's rows, with its columns looked up by name.
struct ReportRows {
    let name: String
    let table: ResultTable
    private let index: [String: Int]

    init(name: String, table: ResultTable) {
        self.name = name
        self.table = table
        index = Dictionary(table.columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var count: Int { table.rows.count }
    var indices: Range<Int> { table.rows.indices }

    func value(_ row: Int, _ column: String) -> SQLiteValue {
        guard let at = index[column] else { return .null }
        return table.rows[row][at]
    }

    func int(_ row: Int, _ column: String) -> Int {
        switch value(row, column) {
        case .integer(let value): Int(value)
        case .real(let value): Int(value)
        case .text(let text): Int(text) ?? 0
        default: 0
        }
    }

    func double(_ row: Int, _ column: String) -> Double? {
        switch value(row, column) {
        case .integer(let value): Double(value)
        case .real(let value): value
        case .text(let text): Double(text)
        default: nil
        }
    }

    func text(_ row: Int, _ column: String) -> String? {
        switch value(row, column) {
        case .text(let text): text
        case .integer(let value): String(value)
        case .real(let value): String(value)
        default: nil
        }
    }

    func sum(_ column: String) -> Int {
        indices.reduce(0) { $0 + int($1, column) }
    }
}
