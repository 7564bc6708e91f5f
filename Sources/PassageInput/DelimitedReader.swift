/// Reads CSV (RFC 4180) and TSV: a header row, then one record per row.
///
/// A byte-level state machine over the source's chunks; the values of the current record are
/// gathered in one reused buffer and turned into one `String` each when the record is complete.
final class DelimitedReader: RecordReader {
    private(set) var header: [String]?

    private let source: ByteSource
    private let separator: UInt8
    /// TSV: a `"` inside an unquoted field is an ordinary character.
    private let isTSV: Bool
    private let limits: InputLimits
    /// 1 for the bytes that end an unquoted run: separator, CR, LF, and `"` for CSV.
    private let stops: UnsafeMutablePointer<UInt8>
    private var columns: [String] = []

    /// The physical line of the next unread byte.
    private var line = 1
    /// The last byte consumed was a CR, so an LF right after it does not start another line.
    private var afterCR = false
    private var finished = false

    // The record being read.
    private let values = ScratchBuffer()
    private var fieldEnds: [Int] = []
    private var fieldCount = 0
    /// Fields beyond this many are counted but not kept (the header's width, or `maxColumns` for the header).
    private var keepFields = 0
    private var fieldBytes = 0
    private var fieldTooLong = false
    private var recordTooLong = false
    private var recordLine = 1
    private var quoteLine = 1
    private var problem: InputError?
    private var readingHeader = true

    private enum State { case recordStart, fieldStart, unquoted, quoted, afterQuote }

    init(source: ByteSource, separator: UInt8, limits: InputLimits) throws(InputError) {
        self.source = source
        self.separator = separator
        self.isTSV = separator == ASCII.tab
        self.limits = limits
        stops = .allocate(capacity: 256)
        stops.initialize(repeating: 0, count: 256)
        stops[Int(separator)] = 1
        stops[Int(ASCII.cr)] = 1
        stops[Int(ASCII.lf)] = 1
        if !isTSV { stops[Int(ASCII.quote)] = 1 }
        fieldEnds.reserveCapacity(64)
        try withLine { () throws(InputError) in try skipByteOrderMark(source) }
        try readHeader()
    }

    deinit { stops.deallocate() }

    func next() throws -> RawRecord? {
        if finished { return nil }
        do throws(InputError) {
            guard try readRecord() else {
                finished = true
                return nil
            }
            return try makeRecord()
        } catch {
            if error.isFatal { finished = true }
            throw error
        }
    }

    // MARK: Header

    private func readHeader() throws(InputError) {
        keepFields = limits.maxColumns
        guard try readRecord() else {
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
            let end = fieldEnds[index]
            let decoded = decodeText(values.base + start, count: end - start)
            start = end
            guard case .text(let raw) = decoded else {
                throw InputError(line: recordLine, message: "\(decoded.problem ?? "unreadable") in header column \(index + 1)", isFatal: true)
            }
            let name = raw.trimmingSpaces()
            if name.isEmpty {
                throw InputError(line: recordLine, message: "header column \(index + 1) has an empty name", isFatal: true)
            }
            if !seen.insert(name).inserted {
                throw InputError(line: recordLine, column: name, message: "duplicate column name", isFatal: true)
            }
            names.append(name)
        }
        columns = names
        header = names
        keepFields = names.count
        readingHeader = false
        values.shrinkIfLarge()
    }

    // MARK: Records

    /// Turns the fields just read into a record, or throws the record's problem (non-fatal).
    private func makeRecord() throws(InputError) -> RawRecord {
        if let problem { throw problem }
        if fieldCount != columns.count {
            let noun = fieldCount == 1 ? "field" : "fields"
            throw InputError(line: recordLine, message: "row has \(fieldCount) \(noun), the header has \(columns.count)")
        }
        var fields: [RawField] = []
        fields.reserveCapacity(columns.count)
        var start = 0
        for index in 0..<columns.count {
            let end = fieldEnds[index]
            if end == start {
                fields.append(RawField(column: columns[index], value: .null))
                continue
            }
            switch decodeText(values.base + start, count: end - start) {
            case .text(let text):
                fields.append(RawField(column: columns[index], value: .text(text)))
            case let failure:
                throw InputError(line: recordLine, column: columns[index], message: failure.problem ?? "")
            }
            start = end
        }
        return RawRecord(line: recordLine, fields: fields)
    }

    /// Reads one record's fields into `values`/`fieldEnds`; false at the end of the input.
    /// Problems that leave the record boundary findable are kept in `problem` and the rest of
    /// the record is still consumed; an unterminated quote at the end of the file is fatal.
    private func readRecord() throws(InputError) -> Bool {
        values.removeAll()
        fieldEnds.removeAll(keepingCapacity: true)
        fieldCount = 0
        fieldBytes = 0
        fieldTooLong = false
        recordTooLong = false
        problem = nil

        let base = source.buffer
        let stops = self.stops
        let separator = self.separator
        var pos = source.start
        var end = source.end
        var state = State.recordStart
        defer { source.start = pos }

        while true {
            if pos == end {
                source.start = pos
                let got = try withLine { () throws(InputError) in try source.refill() }
                pos = source.start
                end = source.end
                if got == 0 {
                    switch state {
                    case .recordStart:
                        return false
                    case .quoted:
                        let opened = quoteLine == recordLine ? "opened here" : "opened on line \(quoteLine)"
                        throw InputError(line: recordLine, column: currentColumn,
                                         message: "unterminated quoted field (\(opened))", isFatal: true)
                    case .fieldStart, .unquoted, .afterQuote:
                        try finishField()
                        return true
                    }
                }
            }
            switch state {
            case .recordStart:
                let byte = base[pos]
                if byte == ASCII.lf {
                    if !afterCR { line += 1 }
                    afterCR = false
                    pos += 1
                } else if byte == ASCII.cr {
                    line += 1
                    afterCR = true
                    pos += 1
                } else {
                    afterCR = false
                    recordLine = line
                    state = .fieldStart
                }

            case .fieldStart:
                if base[pos] == ASCII.quote {
                    pos += 1
                    quoteLine = line
                    state = .quoted
                } else {
                    state = .unquoted
                }

            case .unquoted:
                var p = pos
                while p < end && stops[Int(base[p])] == 0 { p += 1 }
                if p > pos { append(base + pos, count: p - pos) }
                pos = p
                if p == end { continue }
                let byte = base[p]
                pos += 1
                if byte == separator {
                    try finishField()
                    state = .fieldStart
                } else if byte == ASCII.lf {
                    line += 1
                    try finishField()
                    return true
                } else if byte == ASCII.cr {
                    line += 1
                    afterCR = true
                    try finishField()
                    return true
                } else {
                    note("a \" inside an unquoted field (quote the whole field and double the quote)")
                    var quote = ASCII.quote
                    append(&quote, count: 1)
                }

            case .quoted:
                var p = pos
                while p < end {
                    let byte = base[p]
                    if byte == ASCII.quote || byte == ASCII.cr || byte == ASCII.lf { break }
                    p += 1
                }
                if p > pos {
                    afterCR = false
                    append(base + pos, count: p - pos)
                }
                pos = p
                if p == end { continue }
                let byte = base[p]
                pos += 1
                if byte == ASCII.quote {
                    afterCR = false
                    state = .afterQuote
                } else {
                    if byte == ASCII.cr {
                        line += 1
                        afterCR = true
                    } else {
                        if !afterCR { line += 1 }
                        afterCR = false
                    }
                    append(base + p, count: 1)
                }

            case .afterQuote:
                let byte = base[pos]
                if byte == ASCII.quote {
                    append(base + pos, count: 1)
                    pos += 1
                    state = .quoted
                } else if byte == separator {
                    pos += 1
                    try finishField()
                    state = .fieldStart
                } else if byte == ASCII.lf {
                    pos += 1
                    line += 1
                    try finishField()
                    return true
                } else if byte == ASCII.cr {
                    pos += 1
                    line += 1
                    afterCR = true
                    try finishField()
                    return true
                } else {
                    note("unexpected text after a closing quote (write \"\" for a quote inside a quoted field)")
                    state = .unquoted
                }
            }
        }
    }

    /// The column of the field being read, when the header names it.
    private var currentColumn: String? {
        fieldCount < columns.count ? columns[fieldCount] : nil
    }

    /// Keeps the first problem of the record; the record is reported once it has been read to its end.
    private func note(_ message: String) {
        if problem == nil {
            problem = InputError(line: recordLine, column: currentColumn, message: message, isFatal: readingHeader)
        }
    }

    /// Adds bytes to the current field unless a limit has been passed (then they are dropped).
    @inline(__always)
    private func append(_ bytes: UnsafePointer<UInt8>, count: Int) {
        if fieldTooLong || recordTooLong || fieldCount >= keepFields { return }
        if fieldBytes + count > limits.maxFieldBytes {
            fieldTooLong = true
            note("value is longer than \(limits.maxFieldBytes) bytes")
            return
        }
        if values.count + count > limits.maxRecordBytes {
            recordTooLong = true
            note("record is longer than \(limits.maxRecordBytes) bytes")
            return
        }
        fieldBytes += count
        values.append(bytes, count: count)
    }

    private func finishField() throws(InputError) {
        if fieldCount < keepFields {
            fieldEnds.append(values.count)
        } else if readingHeader {
            throw InputError(line: recordLine, message: "more than \(limits.maxColumns) columns", isFatal: true)
        }
        fieldCount += 1
        fieldBytes = 0
        fieldTooLong = false
    }

    /// Runs a source operation, giving its errors (which know no line) the current line.
    private func withLine<T>(_ body: () throws(InputError) -> T) throws(InputError) -> T {
        do throws(InputError) {
            return try body()
        } catch {
            var located = error
            located.line = line
            throw located
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (header names are often padded).
    func trimmingSpaces() -> String {
        let utf8 = self.utf8
        var first = utf8.startIndex
        var last = utf8.endIndex
        while first < last, utf8[first] == ASCII.space || utf8[first] == ASCII.tab {
            first = utf8.index(after: first)
        }
        while last > first {
            let before = utf8.index(before: last)
            guard utf8[before] == ASCII.space || utf8[before] == ASCII.tab else { break }
            last = before
        }
        if first == utf8.startIndex && last == utf8.endIndex { return self }
        return String(self[first..<last])
    }
}
