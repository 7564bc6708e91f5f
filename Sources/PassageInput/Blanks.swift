/// Blanks: the spaces and tabs dropped around a header name (spreadsheets
/// pad them), and, by the loader, around an id, a reference, a choice, a
/// number or a time. One definition for the readers and the loader.
///
/// Read byte by byte: Foundation's `trimmingCharacters(in:)` goes through
/// NSString and UTF-16, which showed in the start-up time of every report
/// command, and these are asked of every value a load reads.
public enum Blanks {
    public static func isBlank(_ byte: UInt8) -> Bool {
        byte == ASCII.space || byte == ASCII.tab
    }
}

extension StringProtocol where SubSequence == Substring {
    /// Without leading and trailing blanks. A carriage return is not a
    /// blank: it stays, so a value that ends with one is read the same
    /// with spaces around it or without.
    public var trimmedOfBlanks: String { trimmed(droppingReturn: false) }

    /// A line of text without its blanks and the carriage return at its end
    /// (a line of a file written with CRLF).
    public var trimmedLine: String { trimmed(droppingReturn: true) }

    private func trimmed(droppingReturn: Bool) -> String {
        let text = self[...]
        let utf8 = text.utf8
        var first = utf8.startIndex
        var last = utf8.endIndex
        while first < last, Blanks.isBlank(utf8[first]) {
            first = utf8.index(after: first)
        }
        while last > first {
            let before = utf8.index(before: last)
            let byte = utf8[before]
            guard Blanks.isBlank(byte) || (droppingReturn && byte == ASCII.cr) else { break }
            last = before
        }
        return String(text[first..<last])
    }
}

extension String {
    /// Whether the first or the last byte is a blank, read in place.
    public var hasBlankAtAnEnd: Bool {
        var text = self
        return text.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            return Blanks.isBlank(first) || Blanks.isBlank(last)
        }
    }
}
