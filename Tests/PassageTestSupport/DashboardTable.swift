import Foundation

/// The tables of a dashboard page as the tests read them: each
/// `<table data-report="NAME">`, its figure columns (`data-column`) and its
/// rows by key (`<tr data-key="…">`), cells as shown, unescaped.
public struct DashboardTable {
    public struct Row {
        public let key: String
        /// The `td` cells, in column order (the key's `th` is not one of them).
        public let cells: [String]
    }

    /// The `data-column` of each header cell but the key's, in order.
    public let columns: [String]
    public let keyColumn: String?
    public let rows: [Row]

    /// The cell of `column` in the row `key`.
    public func cell(_ key: String, _ column: String) -> String? {
        guard let index = columns.firstIndex(of: column) else { return nil }
        return rows.first { $0.key == key }.map { index < $0.cells.count ? $0.cells[index] : "" }
    }

    /// Every table of the page by its report's name (the first of each name).
    public static func parse(_ html: String) -> [String: DashboardTable] {
        var tables: [String: DashboardTable] = [:]
        for block in elements("table", in: html) {
            guard let report = attribute("data-report", in: block) else { continue }
            let head = elements("thead", in: block).first ?? ""
            let headers = elements("th", in: head).map { attribute("data-column", in: $0) ?? "" }
            let body = elements("tbody", in: block).first ?? ""
            let rows = elements("tr", in: body).map { row in
                Row(key: attribute("data-key", in: row).map(unescape) ?? "",
                    cells: elements("td", in: row).map { text(of: $0) })
            }
            if tables[report] == nil {
                tables[report] = DashboardTable(columns: Array(headers.dropFirst()), keyColumn: headers.first, rows: rows)
            }
        }
        return tables
    }

    /// The `data-figure` values of the page's headline figures, as shown.
    public static func figures(_ html: String) -> [String: String] {
        var out: [String: String] = [:]
        for block in pieces(of: html, from: "<div class=\"figure", to: "</div>") {
            guard let key = attribute("data-figure", in: block) else { continue }
            out[key] = pieces(of: block, from: "<span class=\"value\"", to: "</span>").first.map { text(of: $0) }
        }
        return out
    }

    /// Each `<tag …>…</tag>` in the text (not nested in itself), whole;
    /// a longer tag with the same start (`<thead` for `<th`) is not one.
    static func elements(_ tag: String, in text: String) -> [String] {
        var out: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "<" + tag) {
            let after = rest[open.upperBound...]
            guard after.first == " " || after.first == ">" else {
                rest = after
                continue
            }
            guard let close = after.range(of: "</" + tag + ">") else { break }
            out.append(String(rest[open.lowerBound..<close.upperBound]))
            rest = rest[close.upperBound...]
        }
        return out
    }

    /// The texts from each `start` to the next `end` (both included).
    static func pieces(of text: String, from start: String, to end: String) -> [String] {
        var out: [String] = []
        var rest = text[...]
        while let open = rest.range(of: start) {
            guard let close = rest[open.upperBound...].range(of: end) else { break }
            out.append(String(rest[open.lowerBound..<close.upperBound]))
            rest = rest[close.upperBound...]
        }
        return out
    }

    /// The value of the first `name="…"` in the text.
    static func attribute(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: " " + name + "=\"") else { return nil }
        guard let end = text[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(text[start.upperBound..<end])
    }

    /// The text of an element: its tags removed, its entities decoded.
    static func text(of element: String) -> String {
        var out = ""
        var inTag = false
        for character in element {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { out.append(character) }
        }
        return unescape(out)
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
