import Foundation
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
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw OpenError(description: "\(directory) is a file, not a folder") }
            guard try manager.contentsOfDirectory(atPath: directory).isEmpty else {
                throw OpenError(description: "\(directory) is not empty; export into a new or empty folder")
            }
        } else {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        var counts: [RecordKind: Int] = [:]
        // One read transaction: every file is of the same moment.
        try connection.transaction(.deferred) {
            for kind in RecordKind.allCases {
                counts[kind] = try export(kind, to: (directory as NSString).appendingPathComponent("\(kind.table).\(format.rawValue)"), format: format, redact: redact)
            }
            return .commit
        }
        return counts
    }

    private func export(_ kind: RecordKind, to path: String, format: ExportFormat, redact: Bool) throws -> Int {
        let columns = kind.columns
        let statement = try connection.prepare("SELECT \(columns.map(\.name).joined(separator: ", ")) FROM \(kind.table) ORDER BY load_id, load_row")
        guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw OpenError(description: "cannot create \(path)") }
        defer { try? handle.close() }
        var buffer = format == .csv ? columns.map(\.name).joined(separator: ",") + "\n" : ""
        var rows = 0
        while try statement.step() {
            rows += 1
            let values = columns.indices.map { index in
                redact && columns[index].isPersonal ? SQLiteValue.null : statement.value(at: index)
            }
            switch format {
            case .csv:
                buffer += values.map { RowFormatter.csvField(RowFormatter.plain($0, boolean: false)) }.joined(separator: ",") + "\n"
            case .ndjson:
                buffer += RowFormatter.jsonObject(values, columns.map(\.name), columns.map { _ in false }) + "\n"
            }
            if buffer.utf8.count >= 1 << 16 {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
        }
        try handle.write(contentsOf: Data(buffer.utf8))
        return rows
    }

    private var manager: FileManager { .default }
}
