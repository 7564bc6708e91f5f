import PassageInput

/// Writes each rejected row to a CSV file with its reason, as it goes.
final class RejectsWriter {
    private let file: OutputFile

    init(path: String) throws {
        do {
            file = try OutputFile(creating: path)
        } catch {
            throw Store.OpenError(description: "cannot create the rejects file \(error)")
        }
        try file.write("file,line,kind,id,problems,record\n")
    }

    func write(file path: String, line: Int, kind: RecordKind, id: String?, problems: String, record: RawRecord?) throws {
        let fields = [path, String(line), kind.table, id ?? "", problems, record.map(Self.json) ?? ""]
        try file.write(fields.map(RowFormatter.csvField).joined(separator: ",") + "\n")
    }

    func close() throws {
        try file.close()
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
