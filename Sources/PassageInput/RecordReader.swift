/// Streams the records of one file, one at a time.
public protocol RecordReader: AnyObject {
    /// The header's column names (CSV/TSV), nil for JSON/NDJSON.
    var header: [String]? { get }
    /// The next record, nil at the end. Throws `InputError`. After a non-fatal error the next call
    /// continues with the following record; after a fatal one it returns nil.
    func next() throws -> RawRecord?
}

/// Makes the reader for a format. Structure that concerns the whole file is checked here:
/// CSV/TSV read their header row, JSON its opening `[`; a problem there throws a fatal `InputError`.
///
/// `keptKeys`: JSON only; when given, a key outside it is skipped with its
/// value, whatever that value is (nested objects and arrays included), as
/// columns to ignore are. CSV and TSV keep every column of their header.
public func makeRecordReader(
    format: InputFormat,
    source: ByteSource,
    limits: InputLimits = InputLimits(),
    keptKeys: Set<String>? = nil
) throws -> any RecordReader {
    switch format {
    case .csv: return try DelimitedReader(source: source, separator: UInt8(ascii: ","), limits: limits)
    case .tsv: return try DelimitedReader(source: source, separator: UInt8(ascii: "\t"), limits: limits)
    case .json: return try JSONRecordReader(source: source, mode: .array, limits: limits, keptKeys: keptKeys)
    case .ndjson: return try JSONRecordReader(source: source, mode: .lines, limits: limits, keptKeys: keptKeys)
    }
}

/// Skips a UTF-8 byte order mark at the very start of the input, and
/// refuses UTF-16 (what Excel's "Unicode Text" and some exports write),
/// whose every other byte is NUL, with a message that says how to save it.
func skipByteOrderMark(_ source: ByteSource) throws(InputError) {
    guard try source.ensure(2) else { return }
    let b = source.buffer + source.start
    if (b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF) {
        throw InputError(line: 1, message: "the file is UTF-16, not UTF-8: \(EncodingAdvice.saveAsUTF8)", isFatal: true)
    }
    // Without a mark: ASCII text in UTF-16 is every other byte NUL.
    if try source.ensure(4) {
        // Read again: ensure may have moved the buffer.
        let c = source.buffer + source.start
        if (c[0] != 0 && c[1] == 0 && c[2] != 0 && c[3] == 0) || (c[0] == 0 && c[1] != 0 && c[2] == 0 && c[3] != 0) {
            throw InputError(line: 1, message: "the file is UTF-16, not UTF-8: \(EncodingAdvice.saveAsUTF8)", isFatal: true)
        }
    }
    guard try source.ensure(3) else { return }
    let c = source.buffer + source.start
    if c[0] == 0xEF && c[1] == 0xBB && c[2] == 0xBF { source.start += 3 }
}

/// How to save a spreadsheet so it loads.
public enum EncodingAdvice {
    /// Said of a value that is not UTF-8.
    public static let notUTF8 = "is the file Windows-1252 or Latin-1? Save it as \"CSV UTF-8 (comma delimited)\" (Excel: File > Save As; LibreOffice: character set Unicode (UTF-8)), or convert it with iconv -f WINDOWS-1252 -t UTF-8"
    public static let saveAsUTF8 = "save it as \"CSV UTF-8 (comma delimited)\" (Excel: File > Save As; LibreOffice: character set Unicode (UTF-8), field delimiter ,), or convert it with iconv"
}

/// Byte constants used by the readers.
enum ASCII {
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let tab: UInt8 = 0x09
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let comma: UInt8 = 0x2C
    static let backslash: UInt8 = 0x5C
}
