/// Blanks: the spaces and tabs dropped around a header name (spreadsheets
/// pad them), and, by the loader, around an id, a reference, a choice, a
/// number or a time. One definition for the readers and the loader.
public enum Blanks {
    public static func isBlank(_ byte: UInt8) -> Bool {
        byte == ASCII.space || byte == ASCII.tab
    }
}

extension String {
    /// Without leading and trailing blanks (header names are often padded).
    func trimmingSpaces() -> String {
        let utf8 = self.utf8
        var first = utf8.startIndex
        var last = utf8.endIndex
        while first < last, Blanks.isBlank(utf8[first]) {
            first = utf8.index(after: first)
        }
        while last > first {
            let before = utf8.index(before: last)
            guard Blanks.isBlank(utf8[before]) else { break }
            last = before
        }
        if first == utf8.startIndex && last == utf8.endIndex { return self }
        return String(self[first..<last])
    }
}
