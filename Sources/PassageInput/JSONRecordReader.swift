/// Reads JSON (one top-level array of objects, streamed object by object) and NDJSON (one object a line).
///
/// Values must be scalars. Nested objects and arrays are skipped with a depth counter and a
/// 64-bit bracket stack, never by recursion, so hostile nesting cannot grow the stack.
final class JSONRecordReader: RecordReader {
    enum Mode {
        /// `[ {...}, {...} ]`: syntax errors are fatal (the next object cannot be found reliably).
        case array
        /// One object a line: a bad line is a non-fatal error and reading goes on with the next line.
        case lines
    }

    var header: [String]? { nil }

    let source: ByteSource
    let mode: Mode
    let limits: InputLimits
    /// Deepest nesting accepted, counting the top-level array as 1.
    static let maxDepth = 64

    /// The physical line of the next unread byte.
    var line = 1
    var finished = false
    /// Array mode: an element was read, so `,` or `]` must come next.
    var expectingComma = false
    /// Array mode: a `,` was just read, so an element must come next.
    var afterComma = false

    // The record being read.
    let token = ScratchBuffer()
    var tokenTooLong = false
    var fields: [RawField] = []
    var keys = Set<String>()
    var recordLine = 1
    var recordBytes = 0
    var problem: InputError?

    init(source: ByteSource, mode: Mode, limits: InputLimits) throws(InputError) {
        self.source = source
        self.mode = mode
        self.limits = limits
        fields.reserveCapacity(32)
        try located { () throws(InputError) in try skipByteOrderMark(source) }
        if mode == .array { try openArray() }
    }

    func next() throws -> RawRecord? {
        if finished { return nil }
        do throws(InputError) {
            switch mode {
            case .array: return try nextInArray()
            case .lines: return try nextLine()
            }
        } catch {
            if error.isFatal { finished = true }
            throw error
        }
    }

    // MARK: Array

    private func openArray() throws(InputError) {
        try skipWhitespace()
        guard let byte = try peek() else {
            throw InputError(line: line, message: "the file is empty: expected a JSON array of objects", isFatal: true)
        }
        if byte == UInt8(ascii: "{") {
            throw InputError(line: line, message: "expected a JSON array of objects (for one object per line use .ndjson)",
                             isFatal: true)
        }
        guard byte == UInt8(ascii: "[") else {
            throw InputError(line: line, message: "expected a JSON array of objects, found \(describe(byte))", isFatal: true)
        }
        source.start += 1
    }

    private func nextInArray() throws(InputError) -> RawRecord? {
        while true {
            try skipWhitespace()
            guard let byte = try peek() else {
                throw InputError(line: line, message: "unexpected end of file: the array is not closed with ']'", isFatal: true)
            }
            if expectingComma {
                if byte == UInt8(ascii: ",") {
                    source.start += 1
                    expectingComma = false
                    afterComma = true
                    continue
                }
                if byte == UInt8(ascii: "]") {
                    source.start += 1
                    try closeArray()
                    return nil
                }
                throw syntaxError("expected ',' or ']' after an object, found \(describe(byte))")
            }
            if byte == UInt8(ascii: "]") {
                if afterComma { throw syntaxError("expected an object after ',', found ']'") }
                source.start += 1
                try closeArray()
                return nil
            }
            expectingComma = true
            afterComma = false
            if byte == UInt8(ascii: "{") { return try readObject() }
            let elementLine = line
            let kind = describeValue(byte)
            try skipValue(depth: 1)
            throw InputError(line: elementLine, message: "expected an object, found \(kind)")
        }
    }

    /// After the closing `]` only whitespace may follow.
    private func closeArray() throws(InputError) {
        finished = true
        try skipWhitespace()
        if let byte = try peek() {
            throw InputError(line: line, message: "unexpected \(describe(byte)) after the end of the array", isFatal: true)
        }
    }

    // MARK: Lines

    private func nextLine() throws(InputError) -> RawRecord? {
        while true {
            try skipWhitespace()
            guard let byte = try peek() else {
                finished = true
                return nil
            }
            if byte == ASCII.lf {
                source.start += 1
                line += 1
                continue
            }
            do throws(InputError) {
                guard byte == UInt8(ascii: "{") else {
                    throw syntaxError("expected one JSON object on this line, found \(describe(byte))")
                }
                let record = try readObject()
                try skipWhitespace()
                if let after = try peek(), after != ASCII.lf {
                    throw syntaxError("unexpected \(describe(after)) after the object (one object per line)")
                }
                try skipRestOfLine()
                return record
            } catch {
                if error.isFatal { throw error }
                try skipRestOfLine()
                throw error
            }
        }
    }

    /// Consumes everything up to and including the next line feed.
    private func skipRestOfLine() throws(InputError) {
        while true {
            let base = source.buffer
            var p = source.start
            let end = source.end
            while p < end && base[p] != ASCII.lf { p += 1 }
            source.start = p
            if p < end {
                source.start += 1
                line += 1
                return
            }
            if try refill() == 0 { return }
        }
    }

    // MARK: Objects

    /// Reads one object (the cursor is on its `{`) into a record. Problems with a value are collected
    /// and thrown, non-fatal, once the object has been read to its closing `}`.
    private func readObject() throws(InputError) -> RawRecord {
        recordLine = line
        source.start += 1
        fields.removeAll(keepingCapacity: true)
        if !keys.isEmpty { keys.removeAll(keepingCapacity: true) }
        recordBytes = 0
        problem = nil
        let objectDepth = mode == .array ? 2 : 1

        try skipWhitespace()
        var byte = try peekInObject()
        if byte == UInt8(ascii: "}") {
            source.start += 1
            return RawRecord(line: recordLine, fields: [])
        }
        while true {
            guard byte == ASCII.quote else {
                throw syntaxError("expected a key in double quotes, found \(describe(byte))")
            }
            let keyProblem = try readString(keep: true)
            var key: String?
            if let keyProblem {
                note(keyProblem, column: nil)
            } else {
                let decoded = decodeText(token.base, count: token.count)
                if case .text(let text) = decoded {
                    if countTowardsRecord(column: text) { key = text }
                } else {
                    note((decoded.problem ?? "unreadable") + " in a key", column: nil)
                }
            }
            try skipWhitespace()
            byte = try peekInObject()
            guard byte == UInt8(ascii: ":") else {
                throw syntaxError("expected ':' after a key, found \(describe(byte))")
            }
            source.start += 1
            try skipWhitespace()
            let value = try readValue(column: key, depth: objectDepth)
            if let key, let value { store(key, value) }
            try skipWhitespace()
            byte = try peekInObject()
            if byte == UInt8(ascii: ",") {
                source.start += 1
                try skipWhitespace()
                byte = try peekInObject()
                continue
            }
            if byte == UInt8(ascii: "}") {
                source.start += 1
                break
            }
            throw syntaxError("expected ',' or '}' after a value, found \(describe(byte))")
        }
        if let problem { throw problem }
        return RawRecord(line: recordLine, fields: fields)
    }

    /// Reads one value; nil when it is not acceptable (the problem has been noted).
    private func readValue(column: String?, depth: Int) throws(InputError) -> RawValue? {
        let byte = try peekInObject()
        switch byte {
        case ASCII.quote:
            if let stringProblem = try readString(keep: true) {
                note(stringProblem, column: column)
                return nil
            }
            switch decodeText(token.base, count: token.count) {
            case .text(let text):
                return countTowardsRecord(column: column) ? .text(text) : nil
            case let failure:
                note(failure.problem ?? "", column: column)
                return nil
            }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipValue(depth: depth)
            note("nested objects and arrays are not allowed", column: column)
            return nil
        default:
            guard isWordByte(byte) else {
                throw syntaxError("expected a value, found \(describe(byte))")
            }
            try readWord(keep: true)
            guard let value = classifyWord(column: column), countTowardsRecord(column: column) else { return nil }
            return value
        }
    }

    /// Interprets a bare word (`true`, `false`, `null` or a number) held in `token`.
    private func classifyWord(column: String?) -> RawValue? {
        if tokenTooLong {
            note("value is longer than \(limits.maxFieldBytes) bytes", column: column)
            return nil
        }
        let bytes = UnsafeBufferPointer(start: token.base, count: token.count)
        let text = String(decoding: bytes, as: UTF8.self)
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: break
        }
        let shown = text.count > 40 ? String(text.prefix(40)) + "..." : text
        guard let first = bytes.first, first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) else {
            note("invalid value \(shown) (strings need double quotes; literals are true, false, null)", column: column)
            return nil
        }
        guard isValidJSONNumber(bytes) else {
            note("invalid number \(shown)", column: column)
            return nil
        }
        return .number(text)
    }

    /// Adds a field, refusing duplicate keys, more than `maxColumns` keys and oversized records.
    private func store(_ key: String, _ value: RawValue) {
        if problem != nil { return }  // the record is rejected already: keep nothing more
        if fields.count >= limits.maxColumns {
            note("more than \(limits.maxColumns) columns", column: key)
            return
        }
        let duplicate: Bool
        if fields.count < 16 {
            duplicate = fields.contains { $0.column == key }
        } else {
            if keys.isEmpty { for field in fields { keys.insert(field.column) } }
            duplicate = !keys.insert(key).inserted
        }
        if duplicate {
            note("duplicate key", column: key)
            return
        }
        fields.append(RawField(column: key, value: value))
    }

    /// Counts a kept token towards `maxRecordBytes`; false (and a noted problem) once past it.
    private func countTowardsRecord(column: String?) -> Bool {
        recordBytes += token.count
        if recordBytes > limits.maxRecordBytes {
            note("record is longer than \(limits.maxRecordBytes) bytes", column: column)
            return false
        }
        return true
    }

    /// Keeps the record's first problem; it is thrown once the object has been read.
    func note(_ message: String, column: String?) {
        if problem == nil { problem = InputError(line: recordLine, column: column, message: message) }
    }

    /// A syntax error at the current token: fatal in a JSON array, a bad line in NDJSON.
    func syntaxError(_ message: String) -> InputError {
        InputError(line: line, message: message, isFatal: mode == .array)
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, checked byte by byte.
func isValidJSONNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = bytes.count
    @inline(__always) func isDigit(_ index: Int) -> Bool { index < n && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
    if i < n && bytes[i] == UInt8(ascii: "-") { i += 1 }
    guard isDigit(i) else { return false }
    if bytes[i] == UInt8(ascii: "0") {
        i += 1
    } else {
        while isDigit(i) { i += 1 }
    }
    if i < n && bytes[i] == UInt8(ascii: ".") {
        i += 1
        guard isDigit(i) else { return false }
        while isDigit(i) { i += 1 }
    }
    if i < n && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
        i += 1
        if i < n && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
        guard isDigit(i) else { return false }
        while isDigit(i) { i += 1 }
    }
    return i == n
}
