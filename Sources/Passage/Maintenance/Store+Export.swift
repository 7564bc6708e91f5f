import PassageAge
import PassageSQLite

extension Store {
    public enum ExportFormat: String, CaseIterable, Sendable {
        case csv, ndjson
    }

    /// Writes every kind to `directory/KIND.csv` (or `.ndjson`), rows in the
    /// order they were loaded, and the event zone to `event_zone.txt`, so
    /// that loading the export into a new database gives identical reports
    /// (`passage load` makes the new database in that zone). `redact`
    /// leaves the personal columns (`Column.isPersonal`) out of the files.
    /// Of a sealed database, the personal values come out opened (the key is
    /// asked for first, before anything is written). With `recipients`, each
    /// file is an age file to them (`KIND.csv.age`), holding exactly the
    /// bytes of the plain one.
    /// Returns rows per kind.
    @discardableResult
    public func export(to directory: String, format: ExportFormat, redact: Bool, recipients: [X25519Recipient] = []) throws -> [RecordKind: Int] {
        if isSealed && !redact { _ = try sealer() }
        let suffix = recipients.isEmpty ? "" : ".age"
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
                let file = try ExportFile(creating: FilePaths.join(directory, "\(kind.table).\(format.rawValue)\(suffix)"), recipients: recipients)
                counts[kind] = try export(kind, to: file, format: format, redact: redact)
            }
            let zoneFile = try ExportFile(creating: FilePaths.join(directory, InputFile.eventZoneFileName + suffix), recipients: recipients)
            try zoneFile.write(bytes: Array((zone.description + "\n").utf8))
            try zoneFile.close()
            return .commit
        }
        return counts
    }

    private func export(_ kind: RecordKind, to file: ExportFile, format: ExportFormat, redact: Bool) throws -> Int {
        // Column names come from the schema, not from input. A redacted
        // export leaves personal columns out of the file altogether: loaded
        // back into a database, a missing column keeps the values stored
        // there (an empty one would erase them).
        let selected = kind.columns.filter { !(redact && $0.isPersonal) }.map(\.name)
        let statement = try connection.prepare("SELECT \(selected.joined(separator: ", ")) FROM \(kind.table) ORDER BY load_id, load_row")
        defer { try? file.close() }
        // A sealed value is opened by the codec on its way out.
        let valueCodec = redact ? ValueCodec.stored : try codec(for: kind)
        // The rows go out as bytes, as `passage report` prints them; a
        // failed write (a full disk) stops the export with its error.
        let rows = try RowFormatter(format: format == .csv ? .csv : .ndjson, codec: valueCodec).writeStreamed(statement, booleanColumns: []) { bytes in
            try file.write(bytes: bytes)
        }
        try file.close()
        return rows ?? 0
    }
}

/// An export file: plain, or an age file to recipients.
final class ExportFile {
    private let output: OutputFile
    private let age: AgeWriter?

    init(creating path: String, recipients: [X25519Recipient]) throws {
        do {
            output = try OutputFile(creating: path)
        } catch {
            throw PassageError.cannotCreateExportFile(reason: "\(error)")
        }
        let output = output
        age = recipients.isEmpty ? nil : try AgeWriter(recipients: recipients) { bytes in
            try bytes.withUnsafeBytes { try output.write(bytes: $0) }
        }
    }

    func write(bytes: UnsafeRawBufferPointer) throws {
        if let age { try age.write(bytes: bytes) } else { try output.write(bytes: bytes) }
    }

    func write(bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write(bytes: $0) }
    }

    func close() throws {
        try age?.finish()
        try output.close()
    }
}
