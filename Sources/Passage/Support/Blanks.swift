import PassageInput

// The blanks themselves (`Blanks.isBlank`: space and tab) are defined in
// PassageInput, whose readers trim header names. Read byte by byte here:
// Foundation's `trimmingCharacters(in:)` goes through NSString and UTF-16,
// which showed in the start-up time of every report command, and these are
// asked of every value a load reads.

extension StringProtocol {
    /// Without leading and trailing blanks. A carriage return is not a
    /// blank: it stays, so a value that ends with one is read the same
    /// with spaces around it or without.
    var trimmedOfBlanks: String { trimmed(droppingReturn: false) }

    /// A line of text without its blanks and the carriage return at its end
    /// (a line of a file written with CRLF).
    var trimmedLine: String { trimmed(droppingReturn: true) }

    private func trimmed(droppingReturn: Bool) -> String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, Blanks.isBlank(bytes[start]) { start += 1 }
        while end > start, Blanks.isBlank(bytes[end - 1]) || (droppingReturn && bytes[end - 1] == UInt8(ascii: "\r")) { end -= 1 }
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
