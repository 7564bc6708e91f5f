/// Reads CSV (RFC 4180) and TSV: a header row, then one record per row.
///
/// A byte-level state machine over the source's chunks; the values of the current record are
/// gathered in one reused buffer and turned into one `String` each when the record is complete.
final class DelimitedReader: RowReader {
    private(set) var header: [String]?

    let source: ByteSource
    let separator: UInt8
    let limits: InputLimits
    /// 1 for the bytes that end an unquoted run: separator, CR, LF, NUL, and `"` for CSV
    /// (in TSV a `"` inside an unquoted field is an ordinary character).
    private let stops: UnsafeMutablePointer<UInt8>
    /// 1 for the bytes that end a run inside quotes: `"`, CR, LF, NUL.
    private let quotedStops: UnsafeMutablePointer<UInt8>
    let unquotedScanner: StopScanner
    let quotedScanner: StopScanner
    var columns: [String] = []

    /// The physical line of the next unread byte.
    var line = 1
    /// The last byte consumed was a CR, so an LF right after it does not start another line.
    var afterCR = false
    private var finished = false

    // Storage reused by every record (owned here, lent to a `FieldCollector` while reading).
    var storage: UnsafeMutablePointer<UInt8>
    var storageCapacity = 4096
    var ends: UnsafeMutablePointer<Int>
    var endsCapacity = 64

    // The record just read.
    var fieldCount = 0
    /// The record just read is all ASCII without NUL, so its values need no UTF-8 check.
    var isPlainASCII = true
    var recordLine = 1
    var problem: InputError?

    enum State { case recordStart, fieldStart, unquoted, quoted, afterQuote }

    init(source: ByteSource, separator: UInt8, limits: InputLimits) throws(InputError) {
        self.source = source
        self.separator = separator
        self.limits = limits
        stops = .allocate(capacity: 256)
        stops.initialize(repeating: 0, count: 256)
        stops[Int(separator)] = 1
        stops[Int(ASCII.cr)] = 1
        stops[Int(ASCII.lf)] = 1
        stops[0] = 1
        if separator != ASCII.tab { stops[Int(ASCII.quote)] = 1 }
        quotedStops = .allocate(capacity: 256)
        quotedStops.initialize(repeating: 0, count: 256)
        for byte in [ASCII.quote, ASCII.cr, ASCII.lf, 0] { quotedStops[Int(byte)] = 1 }
        unquotedScanner = StopScanner(stops: stops)
        quotedScanner = StopScanner(stops: quotedStops)
        storage = .allocate(capacity: storageCapacity)
        ends = .allocate(capacity: endsCapacity)
        try withLine { () throws(InputError) in try skipByteOrderMark(source) }
        try readHeader()
    }

    deinit {
        stops.deallocate()
        quotedStops.deallocate()
        storage.deallocate()
        ends.deallocate()
    }

    func next() throws -> RawRecord? {
        if finished { return nil }
        do throws(InputError) {
            guard try readRecord(keep: columns.count, isHeader: false) else {
                finished = true
                return nil
            }
            return try makeRecord()
        } catch {
            if error.isFatal { finished = true }
            throw error
        }
    }

    func nextRow(into buffer: inout RowBuffer) throws -> ReadRow? {
        if finished { return nil }
        do throws(InputError) {
            guard try readRecord(keep: columns.count, isHeader: false) else {
                finished = true
                return nil
            }
            guard problem == nil, fieldCount == columns.count, fieldCount > 0, isPlainASCII || isValidText() else {
                return .record(try makeRecord())
            }
            let first = buffer.ends.count
            let base = buffer.bytes.count
            buffer.bytes.append(contentsOf: UnsafeBufferPointer(start: storage, count: ends[fieldCount - 1]))
            for index in 0..<fieldCount { buffer.ends.append(base + ends[index]) }
            return .row(line: recordLine, firstField: first)
        } catch {
            if error.isFatal { finished = true }
            throw error
        }
    }

    /// Every value of the record just read is valid UTF-8 without NUL, as
    /// `makeRecord` requires.
    private func isValidText() -> Bool {
        var start = 0
        for index in 0..<fieldCount {
            let end = ends[index]
            guard case .valid = checkUTF8(storage + start, count: end - start) else { return false }
            start = end
        }
        return true
    }

    // MARK: Header

    private func readHeader() throws(InputError) {
        guard try readRecord(keep: limits.maxColumns, isHeader: true) else {
            throw InputError(line: 1, message: "the file is empty: a header row is required", isFatal: true)
        }
        if var problem {
            problem.isFatal = true
            throw problem
        }
        var names: [String] = []
        names.reserveCapacity(fieldCount)
        var seen = Set<String>()
        var start = 0
        for index in 0..<fieldCount {
            let end = ends[index]
            let decoded = decodeText(storage + start, count: end - start)
            start = end
            guard case .text(let raw) = decoded else {
                throw InputError(line: recordLine, message: "\(decoded.problem ?? "unreadable") in header column \(index + 1)",
                                 isFatal: true)
            }
            let name = raw.trimmedOfBlanks
            if name.isEmpty {
                throw InputError(line: recordLine, message: "header column \(index + 1) has an empty name", isFatal: true)
            }
            // Names match columns whatever their case: `ID` and `id` are one.
            if !seen.insert(name.lowercased()).inserted {
                throw InputError(line: recordLine, column: name, message: "duplicate column name", isFatal: true)
            }
            names.append(name)
        }
        columns = names
        header = names
    }

    // MARK: Records

    /// Turns the fields just read into a record, or throws the record's problem (non-fatal).
    private func makeRecord() throws(InputError) -> RawRecord {
        if let problem { throw problem }
        let columns = self.columns
        if fieldCount != columns.count {
            // A row of nothing but separators, fewer than the header's
            // (`,,` below a spreadsheet's data), is all empty: the loader
            // skips it. (Past the header's count fields are counted, not
            // stored, so a longer row cannot be told empty.)
            let ends = self.ends
            var allEmpty = fieldCount < columns.count
            for index in 0..<min(fieldCount, columns.count) where ends[index] != 0 { allEmpty = false }
            if allEmpty {
                var fields: [RawField] = []
                for name in columns { fields.append(RawField(column: name, value: .null)) }
                return RawRecord(line: recordLine, fields: fields)
            }
            let noun = fieldCount == 1 ? "field" : "fields"
            throw InputError(line: recordLine, message: "row has \(fieldCount) \(noun), the header has \(columns.count)")
        }
        let bytes = storage
        let ends = self.ends
        var fields: [RawField] = []
        fields.reserveCapacity(columns.count)
        var start = 0
        for index in 0..<columns.count {
            let end = ends[index]
            if end == start {
                fields.append(RawField(column: columns[index], value: .null))
                continue
            }
            if isPlainASCII {
                let text = String(decoding: UnsafeBufferPointer(start: bytes + start, count: end - start), as: UTF8.self)
                fields.append(RawField(column: columns[index], value: .text(text)))
            } else {
                switch decodeText(bytes + start, count: end - start) {
                case .text(let text):
                    fields.append(RawField(column: columns[index], value: .text(text)))
                case let failure:
                    throw InputError(line: recordLine, column: columns[index], message: failure.problem ?? "")
                }
            }
            start = end
        }
        return RawRecord(line: recordLine, fields: fields)
    }

    /// Runs a source operation, giving its errors (which know no line) the line given.
    func withLine<T>(_ line: Int? = nil, _ body: () throws(InputError) -> T) throws(InputError) -> T {
        do throws(InputError) {
            return try body()
        } catch {
            var located = error
            located.line = line ?? self.line
            throw located
        }
    }
}
