/// Phones and document numbers as lists write them, reduced to one form.
public enum IdentifierNormalizer {
    /// Afghanistan's country code: a national number (`0701234567`) is one of its.
    static let homeCountryCode = "93"

    /// A phone in E.164 form (`+93701234567`): `+93 70 123 4567`,
    /// `0093701234567`, `0701234567` and `701234567` are one number. Nil
    /// when it has fewer than 7 digits (not a phone number).
    public static func phone(_ text: String) -> String? {
        var digits = text.utf8.filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let international = text.utf8.first { $0 != UInt8(ascii: " ") } == UInt8(ascii: "+")
        if !international {
            if digits.starts(with: [0x30, 0x30]) {
                digits.removeFirst(2)                       // 00 + country code
            } else if digits.first == 0x30 {
                digits = Array(homeCountryCode.utf8) + digits.dropFirst()   // national, trunk 0
            } else if digits.count == 9 {
                digits = Array(homeCountryCode.utf8) + digits   // national without its 0
            }
        }
        guard digits.count >= 7 else { return nil }
        return "+" + String(decoding: digits, as: UTF8.self)
    }

    /// A document number as letters and digits only, in upper case
    /// (`ioe-091 234` is `IOE091234`). Nil when fewer than 4 remain.
    public static func document(_ text: String) -> String? {
        var kept: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"): kept.append(byte)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): kept.append(byte & ~0x20)
            default: continue
            }
        }
        return kept.count >= 4 ? String(decoding: kept, as: UTF8.self) : nil
    }
}
