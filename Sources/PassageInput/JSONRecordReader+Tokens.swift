/// The lexical layer of the JSON reader: cursor, whitespace, strings, bare words, skipping values.
extension JSONRecordReader {
    /// The next byte without consuming it; nil at the end of the input.
    @inline(__always)
    func peek() throws(InputError) -> UInt8? {
        if source.start == source.end {
            if try refill() == 0 { return nil }
        }
        return source.buffer[source.start]
    }

    /// The next byte inside an object, where the end of the input is a syntax error.
    func peekInObject() throws(InputError) -> UInt8 {
        if let byte = try peek() { return byte }
        if mode == .array {
            throw InputError(line: recordLine, message: "unexpected end of file inside this object", isFatal: true)
        }
        throw syntaxError("incomplete object: the file ends in the middle of it")
    }

    /// Reads the next chunk; source errors get the current line.
    func refill() throws(InputError) -> Int {
        try located { () throws(InputError) in try source.refill() }
    }

    func located<T>(_ body: () throws(InputError) -> T) throws(InputError) -> T {
        do throws(InputError) {
            return try body()
        } catch {
            var error = error
            error.line = line
            throw error
        }
    }

    /// Skips spaces, tabs, CRs and (except in NDJSON, where a line feed ends the record) line feeds.
    func skipWhitespace() throws(InputError) {
        let crossLines = mode == .array
        while true {
            let base = source.buffer
            var p = source.start
            let end = source.end
            while p < end {
                let byte = base[p]
                if byte == ASCII.space || byte == ASCII.tab || byte == ASCII.cr {
                    p += 1
                } else if byte == ASCII.lf && crossLines {
                    line += 1
                    p += 1
                } else {
                    break
                }
            }
            source.start = p
            if p < end { return }
            if try refill() == 0 { return }
        }
    }

    /// Reads a string (the cursor is on its opening quote). With `keep`, its decoded bytes are left in
    /// `token`, up to `maxFieldBytes`. Returns a problem with the content (the string's extent is still
    /// known, so it is not a syntax error), nil when it is fine.
    func readString(keep: Bool) throws(InputError) -> String? {
        source.start += 1
        token.removeAll()
        tokenTooLong = false
        tokenBits = 0
        var problem: String?
        while true {
            if source.start == source.end, try refill() == 0 {
                throw unterminatedString()
            }
            let base = source.buffer
            let start = source.start
            var p = start
            let end = source.end
            var bits: UInt8 = 0
            while p < end {
                let byte = base[p]
                if byte == ASCII.quote || byte == ASCII.backslash || byte < 0x20 { break }
                bits |= byte
                p += 1
            }
            if keep && p > start {
                tokenBits |= bits
                keepBytes(base + start, count: p - start)
            }
            source.start = p
            if p == end { continue }
            let byte = base[p]
            if byte == ASCII.quote {
                source.start += 1
                if problem == nil && tokenTooLong { problem = "value is longer than \(limits.maxFieldBytes) bytes" }
                return problem
            }
            if byte == ASCII.backslash {
                source.start += 1
                if let escapeProblem = try readEscape(keep: keep), problem == nil { problem = escapeProblem }
                continue
            }
            if byte == ASCII.lf {
                if mode == .lines { throw unterminatedString() }
                line += 1
            }
            source.start += 1
            if problem == nil { problem = "control character in a string (write it as an escape such as \\n)" }
        }
    }

    private func unterminatedString() -> InputError {
        if mode == .array {
            return InputError(line: line, message: "unterminated string", isFatal: true)
        }
        return syntaxError("unterminated string (a string cannot span lines)")
    }

    /// Decodes one escape; the backslash has been consumed. Consumes nothing that could end the string.
    private func readEscape(keep: Bool) throws(InputError) -> String? {
        guard let byte = try peek() else { throw unterminatedString() }
        if byte < 0x20 { return "invalid escape sequence" }  // the control character is dealt with by the caller
        source.start += 1
        var decoded: UInt8
        switch byte {
        case ASCII.quote, ASCII.backslash, UInt8(ascii: "/"): decoded = byte
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = ASCII.lf
        case UInt8(ascii: "r"): decoded = ASCII.cr
        case UInt8(ascii: "t"): decoded = ASCII.tab
        case UInt8(ascii: "u"): return try readUnicodeEscape(keep: keep)
        default:
            return byte < 0x80 ? "invalid escape sequence \\\(Character(Unicode.Scalar(byte)))" : "invalid escape sequence"
        }
        if keep {
            tokenBits |= decoded
            keepBytes(&decoded, count: 1)
        }
        return nil
    }

    /// `\uXXXX`, combining a surrogate pair into one scalar; a lone surrogate is a problem.
    private func readUnicodeEscape(keep: Bool) throws(InputError) -> String? {
        let lonely = "invalid \\u escape: lone surrogate"
        guard let unit = try readHex4() else { return "invalid \\u escape (it needs 4 hex digits)" }
        var scalar = unit
        if unit >= 0xDC00 && unit <= 0xDFFF { return lonely }
        if unit >= 0xD800 && unit <= 0xDBFF {
            guard try peek() == ASCII.backslash else { return lonely }
            source.start += 1
            guard try peek() == UInt8(ascii: "u") else {
                _ = try readEscape(keep: false)  // the next escape is not a \u, so this cannot recurse further
                return lonely
            }
            source.start += 1
            guard let low = try readHex4() else { return "invalid \\u escape (it needs 4 hex digits)" }
            guard low >= 0xDC00 && low <= 0xDFFF else { return lonely }
            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        }
        if keep { keepScalar(scalar) }
        return nil
    }

    /// Four hex digits; nil (consuming only the digits seen) when they are not there.
    private func readHex4() throws(InputError) -> UInt32? {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = try peek() else { return nil }
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: return nil
            }
            source.start += 1
            value = value << 4 | digit
        }
        return value
    }

    /// Appends a scalar as UTF-8; NUL and non-ASCII mark the token for a full check.
    private func keepScalar(_ scalar: UInt32) {
        tokenBits |= (scalar == 0 || scalar >= 0x80) ? 0x80 : UInt8(truncatingIfNeeded: scalar)
        var bytes: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        let count: Int
        switch scalar {
        case 0..<0x80:
            bytes.0 = UInt8(scalar)
            count = 1
        case 0x80..<0x800:
            bytes.0 = UInt8(0xC0 | (scalar >> 6))
            bytes.1 = UInt8(0x80 | (scalar & 0x3F))
            count = 2
        case 0x800..<0x10000:
            bytes.0 = UInt8(0xE0 | (scalar >> 12))
            bytes.1 = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            bytes.2 = UInt8(0x80 | (scalar & 0x3F))
            count = 3
        default:
            bytes.0 = UInt8(0xF0 | ((scalar >> 18) & 0x07))
            bytes.1 = UInt8(0x80 | ((scalar >> 12) & 0x3F))
            bytes.2 = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            bytes.3 = UInt8(0x80 | (scalar & 0x3F))
            count = 4
        }
        withUnsafeBytes(of: &bytes) { raw in
            keepBytes(raw.bindMemory(to: UInt8.self).baseAddress!, count: count)
        }
    }

    /// Appends to `token` up to `maxFieldBytes`; past it, drops the bytes and remembers.
    @inline(__always)
    func keepBytes(_ bytes: UnsafePointer<UInt8>, count: Int) {
        if tokenTooLong { return }
        if token.count + count > limits.maxFieldBytes {
            tokenTooLong = true
            return
        }
        token.append(bytes, count: count)
    }

    /// Characters of a bare word: literals and numbers, plus what commonly appears in malformed ones.
    @inline(__always)
    func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
             UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// Reads a bare word (a literal or a number) into `token` (up to `maxFieldBytes`).
    func readWord(keep: Bool) throws(InputError) {
        token.removeAll()
        tokenTooLong = false
        while true {
            let base = source.buffer
            let start = source.start
            var p = start
            let end = source.end
            while p < end && isWordByte(base[p]) { p += 1 }
            if keep && p > start { keepBytes(base + start, count: p - start) }
            source.start = p
            if p < end { return }
            if try refill() == 0 { return }
        }
    }

    /// Skips one value of any kind without keeping it, checking that it is
    /// JSON all the same: brackets that match, keys, colons and commas where
    /// they belong, strings and literals that read (a bad one rejects the
    /// record under `column`). Nesting is tracked with a counter and a bit
    /// stack (1 = object), so depth costs no memory; beyond `maxDepth`
    /// levels it is an error. `depth` is the nesting level of the container
    /// the value is in.
    func skipValue(depth: Int, column: String? = nil) throws(InputError) {
        /// What the next token must be.
        enum Expect { case value, valueOrClose, keyOrClose, key, colon, commaOrClose }
        var stack: UInt64 = 0
        var level = 0
        var expect = Expect.value
        func afterValue() { expect = level == 0 ? .value : .commaOrClose }
        repeat {
            try skipWhitespace()
            let byte = try peekInObject()
            let inObject = stack & 1 == 1
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard expect == .value || expect == .valueOrClose else { throw syntaxError("unexpected \(describe(byte))") }
                level += 1
                if depth + level > Self.maxDepth {
                    throw InputError(line: line, message: "nesting deeper than \(Self.maxDepth) levels",
                                     isFatal: mode == .array)
                }
                stack = stack << 1 | (byte == UInt8(ascii: "{") ? 1 : 0)
                source.start += 1
                expect = byte == UInt8(ascii: "{") ? .keyOrClose : .valueOrClose
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard level > 0, expect == .commaOrClose || expect == .keyOrClose || expect == .valueOrClose else {
                    throw syntaxError("unexpected \(describe(byte))")
                }
                guard inObject == (byte == UInt8(ascii: "}")) else {
                    throw syntaxError("mismatched \(describe(byte))")
                }
                stack >>= 1
                level -= 1
                source.start += 1
                afterValue()
            case ASCII.quote:
                let isKey = expect == .key || expect == .keyOrClose
                guard isKey || expect == .value || expect == .valueOrClose else { throw syntaxError("unexpected string") }
                if let problem = try readString(keep: false) { note(problem, column: column) }
                if isKey { expect = .colon } else { afterValue() }
            case UInt8(ascii: ":"):
                guard expect == .colon else { throw syntaxError("unexpected ':'") }
                source.start += 1
                expect = .value
            case UInt8(ascii: ","):
                guard expect == .commaOrClose else { throw syntaxError("unexpected ','") }
                source.start += 1
                expect = inObject ? .key : .value
            default:
                guard isWordByte(byte), expect == .value || expect == .valueOrClose else {
                    throw syntaxError("unexpected \(describe(byte))")
                }
                try readWord(keep: true)
                _ = classifyWord(column: column)
                afterValue()
            }
        } while level > 0
    }

    /// A byte as an error message shows it.
    func describe(_ byte: UInt8) -> String {
        switch byte {
        case ASCII.lf: return "the end of the line"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            return "byte 0x" + (byte < 0x10 ? "0" + hex : hex)
        }
    }

    /// The kind of value a byte starts, for "expected an object, found ...".
    func describeValue(_ byte: UInt8) -> String {
        switch byte {
        case ASCII.quote: return "a string"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "-"), 0x30...0x39: return "a number"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        default: return describe(byte)
        }
    }
}
