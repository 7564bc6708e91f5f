import Foundation
import PassageInput

/// Writes each rejected row to a CSV file with its reason, as it goes.
final class RejectsWriter {
    private let handle: FileHandle
    private var buffer = ""

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw Store.OpenError(description: "cannot create the rejects file \(path)") }
        self.handle = handle
        buffer = "file,line,kind,id,problems,record\n"
    }

    func write(file: String, line: Int, kind: RecordKind, id: String?, problems: String, record: RawRecord?) throws {
        let fields = [file, String(line), kind.table, id ?? "", problems, record.map(Self.json) ?? ""]
        buffer += fields.map(RowFormatter.csvField).joined(separator: ",") + "\n"
        if buffer.utf8.count > 1 << 16 { try flush() }
    }

    func close() throws {
        try flush()
        try handle.close()
    }

    private func flush() throws {
        try handle.write(contentsOf: Data(buffer.utf8))
        buffer = ""
    }

    /// The row as it was read, as a JSON object.
    static func json(_ record: RawRecord) -> String {
        let members = record.fields.map { field -> String in
            let value = switch field.value {
            case .null: "null"
            case .text(let text): JSONText.quote(text)
            case .number(let literal): literal
            case .bool(let flag): flag ? "true" : "false"
            }
            return JSONText.quote(field.column) + ":" + value
        }
        return "{" + members.joined(separator: ",") + "}"
    }
}
