/// The file formats Passage can load.
public enum InputFormat: String, Sendable, CaseIterable {
    case csv, tsv, json, ndjson

    /// From a file extension: csv, tsv (also "tab"), json, ndjson, jsonl; case-insensitive,
    /// a leading dot is tolerated. Nil for anything else, so unknown files can be skipped or reported.
    public init?(pathExtension: String) {
        var ext = pathExtension.lowercased()
        if ext.hasPrefix(".") { ext.removeFirst() }
        switch ext {
        case "csv": self = .csv
        case "tsv", "tab": self = .tsv
        case "json": self = .json
        case "ndjson", "jsonl": self = .ndjson
        default: return nil
        }
    }

    /// JSON or NDJSON: values typed as written (numbers, strings, null).
    public var isJSON: Bool { self == .json || self == .ndjson }
}
