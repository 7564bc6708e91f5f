import PassageSQLite

extension Store {
    public enum ExportFormat: String, CaseIterable, Sendable {
        case csv, ndjson
    }

    /// Writes every kind to `directory/KIND.csv` (or `.ndjson`), rows in the
    /// order they were loaded, and the event zone to `event_zone.txt`, so
    /// that loading the export into a new database gives identical reports
    /// (`passage load` makes the new database in that zone). `redact`
    /// empties the personal columns (`Column.isPersonal`). Returns rows per kind.
    @discardableResult
    public func export(to directory: String, format: ExportFormat, redact: Bool) throws -> [RecordKind: Int] {
        if FilePaths.exists(directory) {
            guard FilePaths.isDirectory(directory) else { throw PassageError.exportTargetIsFile(directory) }
            guard try FilePaths.contents(ofDirectory: directory).isEmpty else {
                throw PassageError.exportTargetNotEmpty(directory)
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
            let zoneFile = try OutputFile(creating: FilePaths.join(directory, InputFile.eventZoneFileName))
            try zoneFile.write(zone.description + "\n")
            try zoneFile.close()
            return .commit
        }
        return counts
    }

    private func export(_ kind: RecordKind, to path: String, format: ExportFormat, redact: Bool) throws -> Int {
        // Column names come from the schema, not from input; a redacted
        // column keeps its name and holds no value.
        let selected = kind.columns.map { redact && $0.isPersonal ? "NULL AS \($0.name)" : $0.name }
        let statement = try connection.prepare("SELECT \(selected.joined(separator: ", ")) FROM \(kind.table) ORDER BY load_id, load_row")
        let file: OutputFile
        do {
            file = try OutputFile(creating: path)
        } catch {
            throw PassageError.cannotCreateExportFile(reason: "\(error)")
        }
        defer { try? file.close() }
        // The rows go out as bytes, as `passage report` prints them; a
        // failed write (a full disk) stops the export with its error.
        let rows = try RowFormatter(format: format == .csv ? .csv : .ndjson).writeStreamed(statement, booleanColumns: []) { bytes in
            try file.write(bytes: bytes)
        }
        try file.close()
        return rows ?? 0
    }
}
