import Foundation

/// Reading the pages under docs/ for the tests that keep them true.
enum Docs {
    /// The repository's root folder.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func page(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("docs/" + name), encoding: .utf8)
    }

    /// A page's `### \`NAME\`` sections: the name and the lines up to the
    /// next heading, in page order.
    static func sections(_ text: String) -> [(name: String, lines: [String])] {
        var sections: [(name: String, lines: [String])] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("#") {
                if line.hasPrefix("### `"), let name = line.dropFirst(5).split(separator: "`").first {
                    sections.append((String(name), []))
                } else if !sections.isEmpty, line.hasPrefix("## ") || line.hasPrefix("# ") {
                    // A higher heading ends the last section.
                    sections.append(("", []))
                }
            } else if !sections.isEmpty {
                sections[sections.count - 1].lines.append(line)
            }
        }
        return sections.filter { !$0.name.isEmpty }
    }

    /// The body rows of the first table in `lines` whose first cell is a
    /// code span, each split into trimmed cells.
    static func tableRows(_ lines: [String]) -> [[String]] {
        lines.filter { $0.hasPrefix("| `") }.map { line in
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// The words inside code spans: "`a` `b`" gives ["a", "b"].
    static func codeSpans(_ text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
}
