import Foundation
import Passage

/// The sample's CSV files (`samplePath`), each with its kind.
func sampleFiles() throws -> [(kind: RecordKind, text: String)] {
    try RecordKind.allCases.compactMap { kind in
        let path = "\(samplePath)/\(kind.table).csv"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return (kind, try String(contentsOfFile: path, encoding: .utf8))
    }
}

/// The personal values in CSV files (every personal column of each file's
/// kind), those long enough not to occur by chance in other bytes: what a
/// test searches for to prove that none is left in clear.
func personalValues(of files: [(kind: RecordKind, text: String)]) -> Set<String> {
    var values: Set<String> = []
    for (kind, text) in files {
        let rows = CSVLines.parse(text)
        guard let header = rows.first else { continue }
        for (index, name) in header.enumerated() where kind.columnIndex(name).map({ kind.columns[$0].isPersonal }) == true {
            for row in rows.dropFirst() where index < row.count && row[index].count >= 8 { values.insert(row[index]) }
        }
    }
    return values
}

/// RFC 4180 lines as the sample writes them (quoted fields, no line breaks inside).
enum CSVLines {
    static func parse(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { line in
            var fields: [String] = [], field = "", quoted = false
            var characters = Array(line)[...]
            while let character = characters.popFirst() {
                if quoted {
                    if character == "\"" {
                        if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                    } else { field.append(character) }
                } else if character == "\"" { quoted = true
                } else if character == "," { fields.append(field); field = ""
                } else { field.append(character) }
            }
            fields.append(field)
            return fields
        }
    }
}
