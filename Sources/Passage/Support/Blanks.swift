/// Blanks: the spaces and tabs a load drops around an id, a reference, a
/// choice, a number or a time (spreadsheets leave them), and that header
/// names and the lines of the SQL files may carry. Read byte by byte:
/// Foundation's `trimmingCharacters(in:)` goes through NSString and
/// UTF-16, which showed in the start-up time of every report command, and
/// these are asked of every value a load reads.
enum Blanks {
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
}

extension StringProtocol {
    /// Without leading and trailing blanks (and a carriage return at the
    /// end: a line of a text written with CRLF).
    var trimmedOfBlanks: String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, Blanks.isBlank(bytes[start]) { start += 1 }
        while end > start, Blanks.isBlank(bytes[end - 1]) || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

extension String {
    /// Whether the first or the last byte is a blank, read in place.
    var hasBlankAtAnEnd: Bool {
        var text = self
        return text.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            return Blanks.isBlank(first) || Blanks.isBlank(last)
        }
    }
}
