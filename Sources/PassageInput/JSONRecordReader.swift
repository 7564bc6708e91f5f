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
    /// The OR of the token's bytes: below 0x80 (and no `\u0000`) means plain ASCII, no UTF-8 check needed.
    var tokenBits: UInt8 = 0
    var fields: [RawField] = []
    var keys = Set<String>()
    var recordLine = 1
    /// Array mode: the element being read, counting from 1 (0 before the first).
    var element = 0
    var recordBytes = 0
    var problem: InputError?

    /// When given, keys outside it are skipped with their values.
    let keptKeys: Set<String>?

    init(source: ByteSource, mode: Mode, limits: InputLimits, keptKeys: Set<String>? = nil) throws(InputError) {
        self.source = source
        self.mode = mode
        self.limits = limits
        self.keptKeys = keptKeys
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
            element += 1
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

    /// Keeps the record's first problem; it is thrown once the object has been read.
    func note(_ message: String, column: String?) {
        guard problem == nil else { return }
        var error = InputError(line: recordLine, column: column, message: message)
        // The value's line, and in an array its element: a one-line array
        // is one line for every element.
        error.valueLine = line
        if mode == .array && element > 0 { error.element = element }
        problem = error
    }

    /// A syntax error at the current token: fatal in a JSON array, a bad line in NDJSON.
    func syntaxError(_ message: String) -> InputError {
        InputError(line: line, message: message, isFatal: mode == .array)
    }
}
