import PassageSQLite

extension Store {
    public enum ExportFormat: String, CaseIterable, Sendable {
        case csv, ndjson
    }

    /// Writes every kind to `directory/KIND.csv` (or `.ndjson`), rows in the
    /// order they were loaded, so that loading the export into a new
    /// database (same event zone) gives identical reports. `redact` empties
    /// the personal columns (`label`, `notes`). Returns rows per kind.
    @discardableResult
    public func export(to directory: String, format: ExportFormat, redact: Bool) throws -> [RecordKind: Int] {
        if FilePaths.exists(directory) {
            guard FilePaths.isDirectory(directory) else { throw OpenError(description: "\(directory) is a file, not a folder") }
            guard try FilePaths.contents(ofDirectory: directory).isEmpty else {
                throw OpenError(description: "\(directory) is not empty; export into a new or empty folder")
            }
        } else {
            try FilePaths.createDirectory(directory, mode: 0o700)
        }
        var counts: [RecordKind: Int] = [:]
        // One read transaction: every file is of the same moment.
        try connection.transaction(.deferred) {
            for kind in RecordKind.allCases {
                counts[kind] = try export(kind, to: FilePaths.join(directory, "\(kind.table).\(format.rawValue)"), format: format, redact: redact)
            }
            return .commit
        }
        return counts
    }

    private func export(_ kind: RecordKind, to path: String, format: ExportFormat, redact: Bool) throws -> Int {
        let columns = kind.columns
        let statement = try connection.prepare("SELECT \(columns.map(\.name).joined(separator: ", ")) FROM \(kind.table) ORDER BY load_id, load_row")
        let file: OutputFile
        do {
            file = try OutputFile(creating: path)
        } catch {
            throw OpenError(description: "cannot create \(error)")
        }
        defer { try? file.close() }
        if format == .csv { try file.write(columns.map(\.name).joined(separator: ",") + "\n") }
        var rows = 0
        while try statement.step() {
            rows += 1
            let values = columns.indices.map { index in
                redact && columns[index].isPersonal ? SQLiteValue.null : statement.value(at: index)
            }
            switch format {
            case .csv:
                try file.write(values.map { RowFormatter.csvField(RowFormatter.plain($0, boolean: false)) }.joined(separator: ",") + "\n")
            case .ndjson:
                try file.write(RowFormatter.jsonObject(values, columns.map(\.name), columns.map { _ in false }) + "\n")
            }
        }
        try file.close()
        return rows
    }
}
