import PassageInput

/// The record kinds (docs/data-model.md), in dependency order: a kind only
/// refers to kinds before it, so loading in this order resolves every
/// reference. `case_links` holds the decisions of `passage duplicates
/// confirm/dismiss`: a kind of its own so that it is audited, exported and
/// loaded back like every other.
public enum RecordKind: String, CaseIterable, Sendable, Comparable {
    case sources
    case musterPoints = "muster_points"
    case gates
    case routes
    case cases
    case members
    case escortRuns = "escort_runs"
    case attempts
    case incidents
    case outcomes
    case caseLinks = "case_links"

    /// The table, and the file stem that names the kind.
    public var table: String { rawValue }

    /// The position in dependency order.
    var ordinal: Int {
        switch self {
        case .sources: 0
        case .musterPoints: 1
        case .gates: 2
        case .routes: 3
        case .cases: 4
        case .members: 5
        case .escortRuns: 6
        case .attempts: 7
        case .incidents: 8
        case .outcomes: 9
        case .caseLinks: 10
        }
    }

    public static func < (lhs: RecordKind, rhs: RecordKind) -> Bool {
        lhs.ordinal < rhs.ordinal
    }

    /// The kind's columns, in order.
    public var columns: [Column] { Schema.columnsByOrdinal[ordinal] }

    /// The index of a column by name, whatever its case and surrounding
    /// spaces (spreadsheets write `ID` or ` Kind `).
    public func columnIndex(_ name: String) -> Int? {
        if let index = Schema.columnIndexesByOrdinal[ordinal][name] { return index }
        return Schema.columnIndexesByOrdinal[ordinal][Column.normalizedName(name)]
    }

    /// The names of the personal columns of every kind, each once, in
    /// kind and column order (`label`, `contact`, `notes`).
    public static let personalColumnNames: [String] = allCases.reduce(into: []) { names, kind in
        for column in kind.columns where column.isPersonal && !names.contains(column.name) { names.append(column.name) }
    }

    /// The values an enum column takes (empty for another column).
    public func choices(of name: String) -> [String] {
        guard let index = columnIndex(name), case .choice(let choices) = columns[index].type else { return [] }
        return choices
    }
}

/// One column of a record kind, with the rule its values follow.
/// A class, not a struct: a load hands one to the parsers for every value
/// read, and a struct of two strings and a type that may hold a list costs
/// a retain and a release of each every time.
public final class Column: Sendable {
    public enum ValueType: Sendable {
        /// 1–64 characters of `A–Z a–z 0–9 . _ : -`.
        case id
        case text
        case integer(minimum: Int)
        case real(range: ClosedRange<Double>)
        case choice([String])
        case time
        /// A birth date to the precision known: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
        case partialDate
        case reference(RecordKind)

        /// Written as a number in JSON; every other type as a string.
        public var isNumeric: Bool {
            switch self {
            case .integer, .real: true
            default: false
            }
        }
    }

    public let name: String
    public let type: ValueType
    public let isRequired: Bool
    /// Stored when the value is not known (`reliability`, `status`, `verification`).
    public let defaultValue: String?
    /// Personal data: left out by `export --redact`, never in a report.
    public let isPersonal: Bool

    /// A header name or JSON key as columns are named: trimmed, lower case.
    public static func normalizedName(_ name: String) -> String {
        name.trimmedOfBlanks.lowercased()
    }

    /// The free text columns: kept exactly as given, surrounding spaces and
    /// control characters included. Every other column (ids, choices,
    /// numbers, times, and the text of `document_number` and `phone`) has
    /// its spaces trimmed and refuses control characters.
    static let freeTextColumnNames = ["name", "label", "contact", "reason", "location", "controlled_by", "notes"]
    static let freeTextNames = freeTextColumnNames.joined(separator: ", ")

    /// Whether the column holds free text (`freeTextColumnNames`); set once,
    /// as it is asked for every value loaded.
    public let isFreeText: Bool

    init(_ name: String, _ type: ValueType, required: Bool = false, default defaultValue: String? = nil, personal: Bool = false) {
        self.name = name
        self.type = type
        if case .text = type { isFreeText = Column.freeTextColumnNames.contains(name) } else { isFreeText = false }
        self.isRequired = required
        self.defaultValue = defaultValue
        self.isPersonal = personal
    }
}

/// The one description of every kind's columns and their rules:
/// docs/data-model.md, the tables and the scripts are checked against it.
enum Schema {
    static let columns: [RecordKind: [Column]] = [
        .sources: [
            Column("id", .id, required: true),
            Column("kind", .choice(["us_official", "network", "family", "evacuee", "media", "other"]), required: true),
            Column("name", .text),
            Column("reliability", .choice(["high", "medium", "low", "unknown"]), default: "unknown"),
            Column("notes", .text, personal: true),
        ],
        .musterPoints: place,
        .gates: place,
        .routes: [
            Column("id", .id, required: true),
            Column("muster_point_id", .reference(.musterPoints)),
            Column("gate_id", .reference(.gates), required: true),
            Column("name", .text),
            Column("notes", .text, personal: true),
        ],
        .cases: [
            Column("id", .id, required: true),
            Column("label", .text, personal: true),
            Column("category", .choice(["us_citizen", "lpr", "siv", "p1p2", "afghan_at_risk", "third_country", "other"]), required: true),
            Column("size", .integer(minimum: 1), required: true),
            Column("children", .integer(minimum: 0)),
            Column("contact", .text, personal: true),
            Column("registered_at", .time),
            Column("source_id", .reference(.sources)),
            Column("notes", .text, personal: true),
        ],
        .members: [
            Column("id", .id, required: true),
            Column("case_id", .reference(.cases), required: true),
            Column("name", .text, personal: true),
            Column("birth_date", .partialDate, personal: true),
            Column("sex", .choice(["female", "male", "other", "unknown"]), default: "unknown"),
            Column("relationship", .choice(["principal", "spouse", "child", "parent", "sibling", "relative", "other", "unknown"]), default: "unknown"),
            Column("document_kind", .choice(["us_passport", "green_card", "afghan_passport", "tazkira", "siv_letter", "visa", "other", "unknown"]),
                   default: "unknown"),
            Column("document_number", .text, personal: true),
            Column("phone", .text, personal: true),
            Column("source_id", .reference(.sources)),
            Column("notes", .text, personal: true),
        ],
        .escortRuns: [
            Column("id", .id, required: true),
            Column("route_id", .reference(.routes), required: true),
            Column("escort", .choice(["taliban", "us_forces", "coalition", "private", "other"]), required: true),
            Column("departed_at", .time, required: true),
            Column("arrived_at", .time),
            Column("people", .integer(minimum: 0)),
            Column("status", .choice(["completed", "aborted", "unknown"]), default: "unknown"),
            Column("source_id", .reference(.sources)),
            Column("notes", .text, personal: true),
        ],
        .attempts: [
            Column("id", .id, required: true),
            Column("case_id", .reference(.cases), required: true),
            Column("route_id", .reference(.routes), required: true),
            Column("attempted_at", .time, required: true),
            Column("result", .choice(["admitted", "turned_away", "aborted", "no_show", "unknown"]), required: true),
            Column("escort_run_id", .reference(.escortRuns)),
            Column("people", .integer(minimum: 1)),
            Column("source_id", .reference(.sources)),
            Column("notes", .text, personal: true),
        ],
        .incidents: [
            Column("id", .id, required: true),
            Column("kind", .choice(["turned_away", "gate_closure", "security", "other"]), required: true),
            Column("occurred_at", .time, required: true),
            Column("muster_point_id", .reference(.musterPoints)),
            Column("gate_id", .reference(.gates)),
            Column("case_id", .reference(.cases)),
            Column("attempt_id", .reference(.attempts)),
            Column("denied_by", .choice(["taliban", "us_forces", "crowd", "unknown"])),
            Column("reason", .text),
            Column("documents", .choice(["us_passport", "green_card", "visa", "siv_letter", "tazkira", "none", "unknown"])),
            Column("people_affected", .integer(minimum: 0)),
            Column("verification", .choice(["confirmed", "unconfirmed", "disputed"]), default: "unconfirmed"),
            Column("source_id", .reference(.sources)),
            Column("notes", .text, personal: true),
        ],
        .outcomes: [
            Column("id", .id, required: true),
            Column("case_id", .reference(.cases), required: true),
            Column("status", .choice(["still_in_country", "entered_airport", "departed", "at_transit_site",
                                       "arrived", "withdrawn", "deceased", "unknown"]), required: true),
            Column("occurred_at", .time, required: true),
            Column("location", .text),
            Column("source_id", .reference(.sources)),
            Column("notes", .text, personal: true),
        ],
        .caseLinks: [
            Column("id", .id, required: true),
            Column("case_a", .reference(.cases), required: true),
            Column("case_b", .reference(.cases), required: true),
            Column("status", .choice(["confirmed", "dismissed"]), required: true),
            Column("decided_at", .time),
            Column("notes", .text, personal: true),
        ],
    ]

    private static let place: [Column] = [
        Column("id", .id, required: true),
        Column("name", .text, required: true),
        Column("latitude", .real(range: -90...90)),
        Column("longitude", .real(range: -180...180)),
        Column("controlled_by", .text),
        Column("notes", .text, personal: true),
    ]

    // Arrays by ordinal: the loader asks for columns on every row.
    static let columnsByOrdinal: [[Column]] = RecordKind.allCases.map { columns[$0]! }
    static let columnIndexesByOrdinal: [[String: Int]] = columnsByOrdinal.map { columns in
        Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($0.element.name, $0.offset) })
    }
}
