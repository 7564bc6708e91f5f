import PassageInput

/// A canned report: one SQL file with a header of comments.
///
/// ```
/// -- title: Entries per route
/// -- description: One row for every route ...
/// -- param: from date optional  First local date (inclusive).
/// -- param: as_of time default now  When the days are counted to.
/// -- booleans: admitted_here
/// SELECT ...
/// ```
public struct Report: Sendable {
    public struct Parameter: Sendable {
        public enum ValueType: String, Sendable {
            /// `YYYY-MM-DD`.
            case date
            /// Any time form (docs/data-model.md); bound in canonical form.
            case time
            case text
            /// One of the case categories.
            case category
            /// One of the outcome statuses, or `none` (no outcome yet).
            case status
            /// The id of a muster point in the database.
            case musterPoint = "muster_point"
        }

        public let name: String
        public let type: ValueType
        public let isRequired: Bool
        /// `now` is the only default a header may give.
        public let defaultsToNow: Bool
        public let description: String
    }

    public let name: String
    public let title: String
    public let description: String
    public let parameters: [Parameter]
    /// Columns holding 0/1 that print as false/true.
    public let booleanColumns: Set<String>
    public let sql: String

    /// Parses a report file; nil when it has no SQL.
    init?(name: String, text: String) {
        var title = name
        var description = ""
        var parameters: [Parameter] = []
        var booleans: Set<String> = []
        // Only the leading block of comments is the header: a comment inside
        // the SQL that happens to start with `title:` is just a comment.
        // Line by line, stopping at the SQL: every command that names a
        // report parses the headers, so this stays off the whole text.
        var rest = Substring(text)
        while !rest.isEmpty {
            let end = rest.utf8.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
            let line = rest[..<end]
            rest = end < rest.endIndex ? rest[rest.utf8.index(after: end)...] : rest[end...]
            if line.trimmedLine.isEmpty { continue }
            guard line.hasPrefix("--") else { break }
            let body = line.dropFirst(2).trimmedLine
            guard let colon = body.firstIndex(of: ":") else { continue }
            let key = body[..<colon].trimmedOfBlanks
            let value = body[body.index(after: colon)...].trimmedOfBlanks
            switch key {
            case "title": title = value
            case "description": description = description.isEmpty ? value : description + " " + value
            case "param": if let parameter = Self.parameter(value) { parameters.append(parameter) }
            case "booleans":
                booleans.formUnion(value.split(separator: ",").map { $0.trimmedOfBlanks })
            default: break
            }
        }
        guard text.utf8.contains(where: { !Self.isWhiteSpace($0) }) else { return nil }
        self.name = name
        self.title = title
        self.description = description
        self.parameters = parameters
        self.booleanColumns = booleans
        self.sql = Self.includingShared(text)
    }

    /// What marks a line that takes in a shared part: `-- include: PATH`.
    static let includeMarker = "-- include:"

    /// The SQL with every line `-- include: PATH` replaced by the text of
    /// `Schema/PATH`, indented as that line: a part two reports share
    /// (`Schema/reports/shared/`) is written once, and each report file
    /// still shows where it goes. A path that names no file keeps its line,
    /// so the SQL cannot be prepared (every bundled report is tested).
    static func includingShared(_ text: String, files: [String: String] = EmbeddedResources.files) -> String {
        guard text.contains(includeMarker) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            let directive = line.dropFirst(indent.count)
            guard directive.hasPrefix(includeMarker),
                  let fragment = files[directive.dropFirst(includeMarker.count).trimmedLine] else { return String(line) }
            var body = Substring(fragment)
            while body.last?.isNewline == true { body.removeLast() }
            return body.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : indent + $0 }
                .joined(separator: "\n")
        }.joined(separator: "\n")
    }

    private static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
    }

    /// `NAME TYPE [optional|required] [default now]  description`.
    private static func parameter(_ text: String) -> Parameter? {
        var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)[...]
        guard let name = words.popFirst(), let typeWord = words.popFirst(),
              let type = Parameter.ValueType(rawValue: typeWord) else { return nil }
        var required = false
        var now = false
        while let word = words.first {
            if word == "optional" { words.removeFirst() }
            else if word == "required" { required = true; words.removeFirst() }
            else if word == "default", words.dropFirst().first == "now" { now = true; words.removeFirst(2) }
            else { break }
        }
        return Parameter(name: name, type: type, isRequired: required, defaultsToNow: now, description: words.joined(separator: " "))
    }
}

extension Report {
    /// The canned reports of `Schema/reports/`, embedded at build time, by name.
    public static let all: [Report] = reports(under: "reports/")

    /// Queries the commands use that are not listed as reports (`Schema/queries/`).
    static let queries: [Report] = reports(under: "queries/")

    /// Parses only the named report's file, not every report's header: a
    /// report run starts sooner.
    public static func named(_ name: String) -> Report? {
        guard !name.contains("/"), let text = EmbeddedResources.files["reports/" + name + ".sql"] else { return nil }
        return Report(name: name, text: text)
    }

    static func query(_ name: String) -> Report? {
        queries.first { $0.name == name }
    }

    private static func reports(under folder: String) -> [Report] {
        EmbeddedResources.files
            .compactMap { path, text -> Report? in
                guard path.hasPrefix(folder), path.hasSuffix(".sql"), !path.dropFirst(folder.count).contains("/") else { return nil }
                return Report(name: String(path.dropFirst(folder.count).dropLast(4)), text: text)
            }
            .sorted { $0.name < $1.name }
    }
}
