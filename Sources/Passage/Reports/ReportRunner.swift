#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PassageSQLite

/// The rows of a report or query, with what the formatter needs to print them.
public struct ResultTable: Sendable {
    public var columns: [String]
    public var rows: [[SQLiteValue]]
    public var booleanColumns: Set<String>

    public init(columns: [String], rows: [[SQLiteValue]], booleanColumns: Set<String> = []) {
        self.columns = columns
        self.rows = rows
        self.booleanColumns = booleanColumns
    }
}

extension Store {
    /// Runs a canned report with the user's `KEY=VALUE` parameters, checked
    /// against its header and bound by name (never spliced into the SQL).
    public func run(_ report: Report, parameters: [String: String], now: Date = Date()) throws -> ResultTable {
        let statement = try prepare(report, parameters: parameters, now: now)
        return ResultTable(columns: statement.columnNames, rows: try statement.allRows(), booleanColumns: report.booleanColumns)
    }

    /// The report's statement with its parameters bound, ready to step
    /// through row by row (for output that streams).
    package func prepare(_ report: Report, parameters: [String: String], now: Date = Date()) throws -> Statement {
        let statement = try connection.prepare(report.sql)
        let known = Set(report.parameters.map(\.name))
        if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw PassageError.unknownParameter(report: report.name, name: unknown, takes: report.parameters.map(\.name))
        }
        var bindings: [String: any SQLiteBindable] = [:]
        for name in statement.parameterNames { bindings[name] = SQLiteValue.null }
        for parameter in report.parameters {
            guard bindings[parameter.name] != nil else { continue }
            if let given = parameters[parameter.name] {
                bindings[parameter.name] = try value(given, for: parameter, report: report)
            } else if parameter.defaultsToNow {
                bindings[parameter.name] = EventTime(epochSeconds: Int64(now.timeIntervalSince1970.rounded(.down)), zone: zone).text
            } else if parameter.isRequired {
                throw PassageError.missingParameter(report: report.name, name: parameter.name, help: parameter.description)
            }
        }
        try statement.bind(named: bindings)
        return statement
    }

    private func value(_ given: String, for parameter: Report.Parameter, report: Report) throws -> String {
        switch parameter.type {
        case .text:
            return given
        case .date:
            guard TimeParser.isValidDate(given) else {
                throw PassageError.invalidParameter(report: report.name, detail: "\(parameter.name) must be a date YYYY-MM-DD, not '\(given)'")
            }
            return given
        case .time:
            do {
                return try TimeParser.parse(given, zone: zone).text
            } catch {
                throw PassageError.invalidParameter(report: report.name, detail: "\(parameter.name): \(error.description)")
            }
        // A value that can match nothing is a typo to point out, not an empty report.
        case .category, .status:
            let choices = parameter.type == .category ? RecordKind.cases.choices(of: "category") : RecordKind.outcomes.choices(of: "status") + ["none"]
            guard choices.contains(given) else {
                throw PassageError.invalidParameter(report: report.name, detail: "\(parameter.name) must be one of \(choices.joined(separator: ", ")), not '\(given)'")
            }
            return given
        case .musterPoint:
            guard try connection.scalarInt("SELECT count(*) FROM muster_points WHERE id = ?", [given]) == 1 else {
                throw PassageError.invalidParameter(report: report.name, detail: "there is no muster point '\(given)' in \(path)")
            }
            return given
        }
    }

    /// Runs ad-hoc SQL that can never change the database: the connection
    /// is read-only, ATTACH is off, and only statements SQLite itself calls
    /// read-only are run.
    public func query(_ sql: String, parameters: [String: String]) throws -> ResultTable {
        let statement = try prepareQuery(sql, parameters: parameters)
        return ResultTable(columns: statement.columnNames, rows: try statement.allRows())
    }

    /// The ad-hoc statement of `query(_:parameters:)`, checked and bound,
    /// ready to step through row by row (for output that streams).
    package func prepareQuery(_ sql: String, parameters: [String: String]) throws -> Statement {
        let statement = try connection.prepare(sql)
        guard statement.isReadOnly else {
            throw PassageError.queryWouldWrite
        }
        var bindings: [String: any SQLiteBindable] = [:]
        for name in statement.parameterNames { bindings[name] = parameters[name].map { SQLiteValue.text($0) } ?? .null }
        if statement.parameterNames.count != statement.parameterCount {
            throw PassageError.queryParametersUnnamed
        }
        if let unknown = parameters.keys.sorted().first(where: { bindings[$0] == nil }) {
            throw PassageError.queryUnknownParameter(unknown)
        }
        try statement.bind(named: bindings)
        return statement
    }
}
