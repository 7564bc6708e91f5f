import Foundation
import Testing
@testable import Passage
import PassageSQLite

/// The kind descriptions (`RecordKind.columns`) are the one description of
/// each record kind: the migrated tables, their CHECKs, references and audit
/// triggers, and the generated `Schema/kinds.json` the scripts read are
/// tested against them here. A change on one side only fails.
@Suite struct SchemaDescriptionTests {
    let folder = TemporaryDirectory()

    /// The bookkeeping columns every record table has after the kind's own.
    static let bookkeeping = ["load_id", "load_row", "revision"]

    static func sqlType(_ type: Column.ValueType) -> String {
        switch type {
        case .integer: "INTEGER"
        case .real: "REAL"
        default: "TEXT"
        }
    }

    @Test func everyTableHasTheDescribedColumnsTypesAndDefaults() throws {
        let store = try makeStore(folder)
        defer { try? store.close() }
        for kind in RecordKind.allCases {
            // Table names are ours.
            let rows = try store.connection.prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('\(kind.table)') ORDER BY cid").allRows()
            let names = rows.map { RowFormatter.plain($0[0], boolean: false) }
            #expect(names == kind.columns.map(\.name) + Self.bookkeeping, "columns of \(kind.table)")
            for (row, column) in zip(rows, kind.columns) {
                let place = "\(kind.table).\(column.name)"
                #expect(RowFormatter.plain(row[1], boolean: false) == Self.sqlType(column.type), "type of \(place)")
                // NOT NULL: required, or a default stands in for "not known".
                #expect((row[2] == .integer(1)) == (column.isRequired || column.defaultValue != nil), "NOT NULL of \(place)")
                #expect(row[3] == (column.defaultValue.map { .text("'\($0)'") } ?? .null), "default of \(place)")
                #expect((row[4] == .integer(1)) == (column.name == "id"), "primary key of \(place)")
            }
            #expect(kind.columns.first?.name == "id", "\(kind.table): the id comes first (ColumnIndex.id)")
        }
    }

    @Test func everyChoiceColumnIsCheckedForExactlyItsValues() throws {
        let store = try makeStore(folder)
        defer { try? store.close() }
        for kind in RecordKind.allCases {
            let sql = try #require(try store.connection.scalarText("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", [kind.table]))
            for column in kind.columns {
                // `column = 'value'`, as the CHECKs are written, not preceded by a letter, `_` or `.`.
                let pattern = try Regex("(?:^|[^A-Za-z0-9_.])\(column.name) = '([^']*)'")
                let checked = sql.matches(of: pattern).map { String($0.output[1].substring ?? "") }
                let choices: [String] = if case .choice(let values) = column.type { values } else { [] }
                #expect(checked == choices, "CHECK of \(kind.table).\(column.name)")
            }
        }
    }

    @Test func everyReferenceIsAForeignKeyToItsKind() throws {
        let store = try makeStore(folder)
        defer { try? store.close() }
        for kind in RecordKind.allCases {
            let keys = try store.connection.prepare("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list('\(kind.table)') ORDER BY \"from\"").allRows()
                .map { $0.map { RowFormatter.plain($0, boolean: false) } }
            let described = kind.columns.compactMap { column -> [String]? in
                guard case .reference(let target) = column.type else { return nil }
                return [column.name, target.table, "id"]
            } + [["load_id", "loads", "id"]]
            #expect(keys == described.sorted { $0[0] < $1[0] }, "foreign keys of \(kind.table)")
        }
    }

    @Test func everyAuditTriggerKeepsEveryColumn() throws {
        let store = try makeStore(folder)
        defer { try? store.close() }
        for kind in RecordKind.allCases {
            let triggers = try store.connection.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = '\(kind.table)' ORDER BY name").allRows()
                .map { (RowFormatter.plain($0[0], boolean: false), RowFormatter.plain($0[1], boolean: false)) }
            #expect(triggers.map(\.0) == ["\(kind.table)_audit_delete", "\(kind.table)_audit_update"], "audit triggers of \(kind.table)")
            for (name, sql) in triggers {
                // The previous values: the keys and columns of its json_object.
                let previous = sql.components(separatedBy: "json_object(").dropFirst().joined()
                let kept = previous.matches(of: /'([a-z_]+)', old\.([a-z_]+)/).map { match in
                    #expect(match.output.1 == match.output.2, "\(name) files old.\(match.output.2) under '\(match.output.1)'")
                    return String(match.output.1)
                }
                #expect(kept == kind.columns.map(\.name) + Self.bookkeeping, "columns \(name) keeps")
            }
        }
    }

    /// `Schema/kinds.json` as the kind descriptions make it.
    static func kindsJSON() throws -> String {
        struct ColumnEntry: Encodable {
            let name, type: String
            let required, personal: Bool
            let `default`: String?
            let choices: [String]?
            let references: String?
            let minimum: Int?
            let range: [Double]?
        }
        struct KindEntry: Encodable {
            let kind: String
            let columns: [ColumnEntry]
        }
        let kinds = RecordKind.allCases.map { kind in
            KindEntry(kind: kind.table, columns: kind.columns.map { column in
                var type = "", choices: [String]?, references: String?, minimum: Int?, range: [Double]?
                switch column.type {
                case .id: type = "id"
                case .text: type = "text"
                case .integer(let low): type = "integer"; minimum = low
                case .real(let bounds): type = "real"; range = [bounds.lowerBound, bounds.upperBound]
                case .choice(let values): type = "choice"; choices = values
                case .time: type = "time"
                case .partialDate: type = "partial_date"
                case .reference(let target): type = "reference"; references = target.table
                }
                return ColumnEntry(name: column.name, type: type, required: column.isRequired, personal: column.isPersonal,
                                   default: column.defaultValue, choices: choices, references: references, minimum: minimum, range: range)
            })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(kinds), as: UTF8.self) + "\n"
    }

    /// The scripts read the kinds from `Schema/kinds.json`. After a change
    /// to the descriptions, `PASSAGE_WRITE_KINDS=1 swift test --filter
    /// SchemaDescriptionTests` writes it again.
    @Test func theScriptsKindsFileIsTheDescription() throws {
        let path = Docs.root.appendingPathComponent("Schema/kinds.json")
        let expected = try Self.kindsJSON()
        if ProcessInfo.processInfo.environment["PASSAGE_WRITE_KINDS"] == "1" {
            try expected.write(to: path, atomically: true, encoding: .utf8)
        }
        let onDisk = try String(contentsOf: path, encoding: .utf8)
        #expect(onDisk == expected, "Schema/kinds.json is stale: run PASSAGE_WRITE_KINDS=1 swift test --filter SchemaDescriptionTests")
    }
}
