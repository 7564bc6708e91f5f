/// The CSV/TSV state machine: reads the bytes of one record, across chunk boundaries.
extension DelimitedReader {
    /// Reads one record's fields into `storage`/`ends`; false at the end of the input.
    /// Problems that leave the record boundary findable become `problem` while the rest of the
    /// record is still consumed; an unterminated quote at the end of the file is fatal.
    func readRecord(keep: Int, isHeader: Bool) throws(InputError) -> Bool {
        var fields = FieldCollector(bytes: storage, capacity: storageCapacity, ends: ends, endsCapacity: endsCapacity,
                                    keep: keep, isHeader: isHeader, maxFieldBytes: limits.maxFieldBytes,
                                    maxRecordBytes: limits.maxRecordBytes)
        let base = source.buffer
        let unquotedScanner = self.unquotedScanner
        let quotedScanner = self.quotedScanner
        let separator = self.separator
        var pos = source.start
        var end = source.end
        var line = self.line
        var afterCR = self.afterCR
        var recordLine = line
        var quoteLine = line
        var state = State.recordStart
        defer {
            source.start = pos
            self.line = line
            self.afterCR = afterCR
            self.recordLine = recordLine
            storage = fields.bytes
            storageCapacity = fields.capacity
            ends = fields.ends
            endsCapacity = fields.endsCapacity
            fieldCount = fields.fieldCount
            isPlainASCII = fields.byteBits < 0x80 && !fields.sawNUL
            problem = fields.problem.map { found in
                InputError(line: recordLine, column: found.field < columns.count ? columns[found.field] : nil,
                           message: found.message, isFatal: isHeader)
            }
        }
        while true {
            if pos == end {
                source.start = pos
                let got = try withLine(line) { () throws(InputError) in try source.refill() }
                pos = source.start
                end = source.end
                if got == 0 {
                    switch state {
                    case .recordStart:
                        return false
                    case .quoted:
                        let opened = quoteLine == recordLine ? "opened here" : "opened on line \(quoteLine)"
                        let column = isHeader || fields.fieldCount >= columns.count ? nil : columns[fields.fieldCount]
                        throw InputError(line: recordLine, column: column,
                                         message: "unterminated quoted field (\(opened))", isFatal: true)
                    case .fieldStart, .unquoted, .afterQuote:
                        try fields.finishField(line: recordLine)
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
                let (p, bits) = unquotedScanner.scan(base, from: pos, to: end)
                fields.byteBits |= bits
                if p > pos { fields.append(base + pos, count: p - pos) }
                pos = p
                if p == end { continue }
                let byte = base[p]
                pos += 1
                if byte == separator {
                    try fields.finishField(line: recordLine)
                    // Common case: the next field is unquoted too, so stay in this state.
                    if pos == end || base[pos] == ASCII.quote { state = .fieldStart }
                } else if byte == ASCII.lf {
                    line += 1
                    try fields.finishField(line: recordLine)
                    return true
                } else if byte == ASCII.cr {
                    line += 1
                    afterCR = true
                    try fields.finishField(line: recordLine)
                    return true
                } else if byte == 0 {
                    fields.sawNUL = true
                    fields.append(base + p, count: 1)
                } else {
                    fields.note("a \" inside an unquoted field (quote the whole field and double the quote)")
                    fields.append(base + p, count: 1)
                }

            case .quoted:
                let (p, bits) = quotedScanner.scan(base, from: pos, to: end)
                fields.byteBits |= bits
                if p > pos {
                    afterCR = false
                    fields.append(base + pos, count: p - pos)
                }
                pos = p
                if p == end { continue }
                let byte = base[p]
                pos += 1
                if byte == ASCII.quote {
                    afterCR = false
                    state = .afterQuote
                } else if byte == 0 {
                    afterCR = false
                    fields.sawNUL = true
                    fields.append(base + p, count: 1)
                } else {
                    if byte == ASCII.cr {
                        line += 1
                        afterCR = true
                    } else {
                        if !afterCR { line += 1 }
                        afterCR = false
                    }
                    fields.append(base + p, count: 1)
                }

            case .afterQuote:
                let byte = base[pos]
                if byte == ASCII.quote {
                    fields.append(base + pos, count: 1)
                    pos += 1
                    state = .quoted
                } else if byte == separator {
                    pos += 1
                    try fields.finishField(line: recordLine)
                    state = .fieldStart
                } else if byte == ASCII.lf {
                    pos += 1
                    line += 1
                    try fields.finishField(line: recordLine)
                    return true
                } else if byte == ASCII.cr {
                    pos += 1
                    line += 1
                    afterCR = true
                    try fields.finishField(line: recordLine)
                    return true
                } else {
                    fields.note("unexpected text after a closing quote (write \"\" for a quote inside a quoted field)")
                    state = .unquoted
                }
            }
        }
    }
}
