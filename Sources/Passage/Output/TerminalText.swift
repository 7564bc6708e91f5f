/// Text made safe to show on a terminal: second-hand values from many
/// sources must not be able to move the cursor, erase lines or reorder
/// what stands beside them.
enum TerminalText {
    /// The control characters refused outside free text (docs/loading.md): C0 but tab, CR
    /// and LF; DEL; C1.
    static func isRefusedControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// What a table never shows raw: every control character (line breaks
    /// become spaces before this) and the bidirectional embeddings,
    /// overrides and isolates (U+202A–U+202E, U+2066–U+2069).
    static func isShownEscaped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The first refused control character of `text`, nil when none.
    static func firstControl(in text: String) -> Unicode.Scalar? {
        // Printable ASCII, the usual case, holds none.
        guard mayHoldControl(text) else { return nil }
        return text.unicodeScalars.first(where: isRefusedControl)
    }

    /// Whether any byte of `text` is outside printable ASCII: one tight
    /// loop over its bytes (a load asks this of every value).
    static func mayHoldControl(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte >= 0x7F { return true }
            return false
        }
    }

    /// `\u{1B}`: a character as Swift writes it.
    static func escaped(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    /// Every control and bidirectional control escaped (line breaks too).
    static func escape(_ text: String) -> String {
        guard mayHoldControl(text) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isShownEscaped(scalar) {
                out.append(contentsOf: escaped(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A table cell: line breaks as spaces, controls escaped, and text that
    /// holds anything but ASCII wrapped in a first-strong isolate (U+2068 …
    /// U+2069), so right-to-left text cannot reorder its neighbours.
    static func cell(_ text: String) -> String {
        guard mayHoldControl(text) else { return text }
        let escaped = escape(text.replacing("\r\n", with: " ").replacing("\n", with: " "))
        guard escaped.utf8.contains(where: { $0 >= 0x80 }) else { return escaped }
        return "\u{2068}" + escaped + "\u{2069}"
    }

    /// Columns a terminal gives the text: wide (CJK) characters and emoji
    /// count two, combining marks and the isolates none.
    static func displayWidth(_ text: String) -> Int {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text.utf8.count }
        var width = 0
        for character in text {
            width += columns(of: character)
        }
        return width
    }

    static func columns(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count == 1, first.value == 0x2068 || first.value == 0x2069 || first.value == 0x200B { return 0 }
        // An emoji shown as one (with VS16, or a sequence of them).
        if scalars.contains(where: { $0.value == 0xFE0F }) || first.properties.isEmojiPresentation { return 2 }
        if isWide(first.value) { return 2 }
        // A mark on its own (a combining character with nothing to sit on).
        if first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark { return 0 }
        return 1
    }

    /// East Asian wide and fullwidth ranges (Unicode's EastAsianWidth W and F).
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default:
            false
        }
    }
}
