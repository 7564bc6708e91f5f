/// Reading one JSON object into a record: keys, scalar values, and the problems that reject the record.
extension JSONRecordReader {
    /// Reads one object (the cursor is on its `{`) into a record. Problems with a value are collected
    /// and thrown, non-fatal, once the object has been read to its closing `}`.
    func readObject() throws(InputError) -> RawRecord {
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
            return RawRecord(line: recordLine, fields: [], element: mode == .array ? element : nil)
        }
        while true {
            guard byte == ASCII.quote else {
                throw syntaxError("expected a key in double quotes, found \(describe(byte))")
            }
            let keyProblem = try readString(keep: true)
            var key: String?
            if tokenTooLong {
                note("key is longer than \(limits.maxFieldBytes) bytes", column: nil)
            } else if let keyProblem {
                note(keyProblem, column: nil)
            } else {
                let decoded = decodeToken()
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
            let valueLine = line
            // Kept keys match whatever their case and surrounding spaces, as headers do.
            if let key, let keptKeys, !keptKeys.contains(key), !keptKeys.contains(key.trimmedOfBlanks.lowercased()) {
                try skipValue(depth: objectDepth, column: key)
            } else if let value = try readValue(column: key, depth: objectDepth), let key {
                store(key, value, line: valueLine)
            }
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
        return RawRecord(line: recordLine, fields: fields, element: mode == .array ? element : nil)
    }

    /// Reads one value; nil when it is not acceptable (the problem has been noted).
    fileprivate func readValue(column: String?, depth: Int) throws(InputError) -> RawValue? {
        let byte = try peekInObject()
        switch byte {
        case ASCII.quote:
            if let stringProblem = try readString(keep: true) {
                note(stringProblem, column: column)
                return nil
            }
            switch decodeToken() {
            case .text(let text):
                return countTowardsRecord(column: column) ? .text(text) : nil
            case let failure:
                note(failure.problem ?? "", column: column)
                return nil
            }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            note("nested objects and arrays are not allowed", column: column)
            try skipValue(depth: depth, column: column)
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
    func classifyWord(column: String?) -> RawValue? {
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
        guard let first = bytes.first,
              first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= 0x30 && first <= 0x39)
        else {
            note("invalid value \(shown) (strings need double quotes; literals are true, false, null)", column: column)
            return nil
        }
        guard isValidJSONNumber(bytes) else {
            note("invalid number \(shown)", column: column)
            return nil
        }
        return .number(text)
    }

    /// The string in `token`, checked for UTF-8 and NUL unless it is known to be plain ASCII.
    fileprivate func decodeToken() -> DecodedText {
        if tokenBits < 0x80 {
            return .text(String(decoding: UnsafeBufferPointer(start: token.base, count: token.count), as: UTF8.self))
        }
        return decodeText(token.base, count: token.count)
    }

    /// Adds a field, refusing duplicate keys, more than `maxColumns` keys and oversized records.
    fileprivate func store(_ key: String, _ value: RawValue, line: Int) {
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
        fields.append(RawField(column: key, value: value, line: line))
    }

    /// Counts a kept token towards `maxRecordBytes`; false (and a noted problem) once past it.
    fileprivate func countTowardsRecord(column: String?) -> Bool {
        recordBytes += token.count
        if recordBytes > limits.maxRecordBytes {
            note("record is longer than \(limits.maxRecordBytes) bytes", column: column)
            return false
        }
        return true
    }
}
