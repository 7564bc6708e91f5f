import PassageSQLite

/// One thing wrong with one value or row, named by its column.
public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    public var column: String
    public var message: String
    /// The line of the value when it is not the row's (a JSON object over
    /// several lines).
    public var line: Int?

    public init(column: String, message: String, line: Int? = nil) {
        self.column = column
        self.message = message
        self.line = line
    }

    public var description: String { "\(column): \(message)" }
}

/// Turns the text of one value into what is stored, by the rules of its
/// column (docs/data-model.md): ids, whole numbers with their minimum, decimals in range,
/// enums, times in the event zone.
enum ValueParser {
    static func parse(_ text: String, as column: Column, zone: EventZone) -> Result<SQLiteValue, Problem> {
        func problem(_ message: String) -> Result<SQLiteValue, Problem> {
            .failure(Problem(column: column.name, message: message))
        }
        if column.isFreeText {
            return .success(.text(text))
        }
        if let control = TerminalText.firstControl(in: text) {
            return problem("\(quote(text)) holds the control character \(TerminalText.escaped(control)): only free text (\(Column.freeTextNames)) may hold one")
        }
        switch column.type {
        case .text:
            return .success(.text(text))
        case .id, .reference:
            if let message = idProblem(text) { return problem(message) }
            return .success(.text(text))
        case .integer(let minimum):
            guard let value = wholeNumber(text) else { return problem("\(quote(text)) is not a whole number") }
            guard value >= minimum else { return problem("\(text) is below the minimum of \(minimum)") }
            guard value <= largestWholeNumber else { return problem("\(text) is too large (at most \(largestWholeNumber))") }
            return .success(.integer(Int64(value)))
        case .real(let range):
            guard let value = decimal(text) else { return problem("\(quote(text)) is not a number") }
            guard range.contains(value) else {
                return problem("\(text) is outside \(Int(range.lowerBound))…\(Int(range.upperBound))")
            }
            return .success(.real(value))
        case .choice(let choices):
            guard choices.contains(text) else {
                return problem("\(quote(text)) is not one of \(choices.joined(separator: ", "))")
            }
            return .success(.text(text))
        case .time:
            do {
                return .success(.text(try TimeParser.parse(text, zone: zone).text))
            } catch {
                return problem(error.description)
            }
        case .partialDate:
            if let message = PartialDate.problem(text, today: TimeParser.today(in: zone)) { return problem(message) }
            return .success(.text(text))
        }
    }

    /// Why `text` is not a valid id, or nil when it is.
    static func idProblem(_ text: String) -> String? {
        let bytes = text.utf8
        if bytes.isEmpty { return "an id cannot be empty" }
        if bytes.count > 64 { return "an id has at most 64 characters (this one has \(text.count))" }
        // One tight loop over the bytes first: every id and reference loaded is asked this.
        var contiguous = text
        if contiguous.withUTF8({ $0.allSatisfy(isIDByte) }) { return nil }
        for byte in bytes where !isIDByte(byte) {
            let shown = byte == UInt8(ascii: " ") ? "a space" : "\(quote(String(decoding: [byte], as: UTF8.self)))"
            return "\(quote(text)) is not a valid id: \(byte >= 0x80 ? "a non-ASCII character" : shown) is not allowed (use A–Z a–z 0–9 . _ : -)"
        }
        return nil
    }

    @inline(__always)
    static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: ":"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// The largest count of people (or children) a value may give. Far above
    /// any real party, run or crowd, and small enough that the reports'
    /// sums over any number of rows a database can hold never overflow
    /// SQLite's 64-bit integers (9.2e18 / 1e9 = 9.2e9 rows).
    static let largestWholeNumber = 999_999_999

    /// A whole number: `-12`, `+3`, also `3.0` or `3e2` (spreadsheets write
    /// those). Read from its digits, never through a `Double`, so
    /// `2.9999999999999999` is not taken for 3. One beyond 15 digits comes
    /// back as Int.max or Int.min, to be refused by the range checks rather
    /// than called "not a whole number".
    static func wholeNumber(_ text: String) -> Int? {
        // The usual case, plain digits: read in place, no allocation.
        let utf8 = text.utf8
        if utf8.count <= 15, !utf8.isEmpty, utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) {
            return utf8.reduce(0) { $0 * 10 + Int($1 &- UInt8(ascii: "0")) }
        }
        guard isDecimalLiteral(text) else { return nil }
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var exponent = 0
        if let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            // At most 40 bytes in all: the exponent fits.
            guard let value = Int(String(decoding: bytes[(e + 1)...], as: UTF8.self)) else { return nil }
            exponent = value
            bytes = bytes[..<e]
        }
        var digits: [UInt8] = []
        for byte in bytes where byte != UInt8(ascii: ".") { digits.append(byte - UInt8(ascii: "0")) }
        if let dot = bytes.firstIndex(of: UInt8(ascii: ".")) { exponent -= bytes.endIndex - dot - 1 }
        while let first = digits.first, first == 0, digits.count > 1 { digits.removeFirst() }
        // Trailing zeros move into the exponent; what is left after the
        // point must be nothing.
        while digits.count > 1, digits.last == 0 { digits.removeLast(); exponent += 1 }
        if digits == [0] { return 0 }
        guard exponent >= 0 else { return nil }
        guard digits.count + exponent <= 15 else { return negative ? Int.min : Int.max }
        var value = 0
        for digit in digits { value = value * 10 + Int(digit) }
        for _ in 0..<exponent { value *= 10 }
        return negative ? -value : value
    }

    /// A decimal number: `34.5`, `-69.2`, `1e2`. No hex, no inf, no nan.
    static func decimal(_ text: String) -> Double? {
        guard isDecimalLiteral(text), let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// `[+-]?digits[.digits][(e|E)[+-]?digits]`, checked by hand because
    /// `Double(_:)` also takes hex floats, `inf` and `nan`.
    static func isDecimalLiteral(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        guard digits() > 0, bytes.count <= 40 else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if let first = bytes.first, first == UInt8(ascii: "e") || first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// A value for a message: at most 40 characters, control characters escaped.
    static func quote(_ text: String) -> String {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "'\(TerminalText.escape(shown))'"
    }
}

/// The rules between the columns of one row (docs/data-model.md).
enum RowRules {
    /// Whether a row giving `given` columns can be checked on its own: the
    /// kind has no rule between columns, or the row gives both columns its
    /// rule reads. Otherwise the rule is checked with the stored values of
    /// the others (`LoadRun.take`).
    static func canCheckAlone(_ kind: RecordKind, given: ColumnSet) -> Bool {
        switch kind {
        case .cases: given.contains(ColumnIndex.Cases.size) && given.contains(ColumnIndex.Cases.children)
        case .escortRuns: given.contains(ColumnIndex.EscortRuns.departedAt) && given.contains(ColumnIndex.EscortRuns.arrivedAt)
        case .incidents: given.contains(ColumnIndex.Incidents.musterPointID) && given.contains(ColumnIndex.Incidents.gateID)
        default: true
        }
    }

    /// The end of typing a row, however it came in (a file's row, a typed
    /// record): a value not known takes its column's default; a required
    /// one missing is a problem, unless its column has one already or
    /// `reportsMissing` is false (the header already said so); then the
    /// rules between columns, unless `checksRules` is false (a row whose
    /// stored values complete it: `canCheckAlone`).
    static func complete(_ kind: RecordKind, _ values: inout [SQLiteValue], zone: EventZone, reportsMissing: Bool = true,
                         checksRules: Bool = true, into problems: inout [Problem]) {
        for (index, column) in kind.columns.enumerated() where values[index].isNull {
            if let value = column.defaultValue {
                values[index] = .text(value)
            } else if column.isRequired && reportsMissing && !problems.contains(where: { $0.column == column.name }) {
                problems.append(Problem(column: column.name, message: "a required value is missing"))
            }
        }
        if checksRules { check(kind, values, zone: zone, into: &problems) }
    }

    static func check(_ kind: RecordKind, _ values: [SQLiteValue], zone: EventZone, into problems: inout [Problem]) {
        switch kind {
        case .cases:
            if case .integer(let size) = values[ColumnIndex.Cases.size], case .integer(let children) = values[ColumnIndex.Cases.children],
               children > size {
                problems.append(Problem(column: "children", message: "\(children) children in a party of \(size) (children ≤ size)"))
            }
        case .escortRuns:
            if case .text(let departed) = values[ColumnIndex.EscortRuns.departedAt], case .text(let arrived) = values[ColumnIndex.EscortRuns.arrivedAt],
               let departedAt = EventTime(departed, zone: zone), let arrivedAt = EventTime(arrived, zone: zone),
               arrivedAt < departedAt {
                problems.append(Problem(column: "arrived_at", message: "\(arrived) is before departed_at \(departed)"))
            }
        case .incidents:
            // Not when one of them was given but is invalid: that is its own problem.
            if values[ColumnIndex.Incidents.musterPointID].isNull && values[ColumnIndex.Incidents.gateID].isNull,
               !problems.contains(where: { $0.column == "muster_point_id" || $0.column == "gate_id" }) {
                problems.append(Problem(column: "muster_point_id", message: "an incident needs a muster_point_id or a gate_id (or both)"))
            }
        case .caseLinks:
            if case .text(let a) = values[ColumnIndex.CaseLinks.caseA], case .text(let b) = values[ColumnIndex.CaseLinks.caseB] {
                if a == b {
                    problems.append(Problem(column: "case_b", message: "a case cannot be linked with itself ('\(a)')"))
                } else if !CaseLink.isOrdered(a, b) {
                    problems.append(Problem(column: "case_b", message: "'\(b)' sorts before case_a '\(a)': write the pair with case_a first"))
                }
            }
        default:
            break
        }
    }
}
