/// Bounds that keep memory flat whatever the input: a reader stops storing past them and reports an error.
public struct InputLimits: Sendable, Equatable {
    /// Longest value (or JSON key) kept, in bytes.
    public var maxFieldBytes: Int
    /// Most columns in a header or keys in a JSON object.
    public var maxColumns: Int
    /// Longest record kept, all its values together, in bytes.
    public var maxRecordBytes: Int

    public init(maxFieldBytes: Int = 1 << 20, maxColumns: Int = 1_000, maxRecordBytes: Int = 16 << 20) {
        self.maxFieldBytes = max(1, maxFieldBytes)
        self.maxColumns = max(1, maxColumns)
        self.maxRecordBytes = max(1, maxRecordBytes)
    }
}
