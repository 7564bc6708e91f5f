/// HTML and SVG written so that escaping happens by construction: element
/// and attribute names are `StaticString`s (written in this source, never
/// from data), every text and attribute value goes through `escape`, and
/// the only way to add unescaped markup is `raw`, which takes a
/// `StaticString` too. A place named `<script>` can only ever be text.
struct Markup {
    private(set) var html = ""

    init() { html.reserveCapacity(1 << 16) }

    /// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attribute values.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Text content, escaped.
    mutating func text(_ text: String) {
        html += Self.escape(text)
    }

    /// Markup written in this source (the doctype, the style sheet).
    mutating func raw(_ markup: StaticString) {
        html += markup.description
    }

    /// `<tag attributes>…</tag>`, the body written by `content`.
    mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String> = [:], _ content: (inout Markup) -> Void) {
        open(tag, attributes)
        content(&self)
        html += "</\(tag)>"
    }

    /// `<tag attributes>text</tag>`.
    mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String> = [:], text: String) {
        open(tag, attributes)
        html += Self.escape(text)
        html += "</\(tag)>"
    }

    /// An element with no content: `<meta …>` in HTML, `<rect …/>` in SVG.
    mutating func empty(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String> = [:], selfClosing: Bool = true) {
        html += "<\(tag)"
        appendAttributes(attributes)
        html += selfClosing ? "/>" : ">"
    }

    private mutating func open(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String>) {
        html += "<\(tag)"
        appendAttributes(attributes)
        html += ">"
    }

    private mutating func appendAttributes(_ attributes: KeyValuePairs<StaticString, String>) {
        for (name, value) in attributes {
            html += " \(name)=\""
            html += Self.escape(value)
            html += "\""
        }
    }
}
