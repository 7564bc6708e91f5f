/// Phones and document numbers as lists write them, reduced to one form.
public enum IdentifierNormalizer {
    /// Afghanistan's country code: a national number (`0701234567`) is one of its.
    static let homeCountryCode: [UInt8] = Array("93".utf8)

    /// A phone in E.164 form (`+93701234567`): `+93 70 123 4567`,
    /// `0093701234567`, `0701234567` and `701234567` are one number. Nil
    /// when it has fewer than 7 digits (not a phone number).
    public static func phone(_ text: String) -> String? {
        var out: [UInt8] = []
        let found = Array(text.utf8).withUnsafeBufferPointer { phone($0, into: &out) }
        return found ? String(decoding: out, as: UTF8.self) : nil
    }

    /// `phone(_:)` on UTF-8 bytes: the E.164 form replaces `out`; false when
    /// it is not a phone number.
    static func phone(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        out.append(UInt8(ascii: "+"))
        var digits = 0
        let international = text.first { $0 != UInt8(ascii: " ") } == UInt8(ascii: "+")
        for byte in text where byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
            out.append(byte)
            digits += 1
        }
        if !international {
            if digits >= 2 && out[1] == 0x30 && out[2] == 0x30 {
                out.removeSubrange(1..<3)                        // 00 + country code
            } else if digits >= 1 && out[1] == 0x30 {
                out.replaceSubrange(1..<2, with: homeCountryCode) // national, trunk 0
            } else if digits == 9 {
                out.insert(contentsOf: homeCountryCode, at: 1)    // national without its 0
            }
        }
        return out.count - 1 >= 7
    }

    /// A document number as letters and digits only, in upper case
    /// (`ioe-091 234` is `IOE091234`). Nil when fewer than 4 remain.
    public static func document(_ text: String) -> String? {
        var out: [UInt8] = []
        let found = Array(text.utf8).withUnsafeBufferPointer { document($0, into: &out) }
        return found ? String(decoding: out, as: UTF8.self) : nil
    }

    /// `document(_:)` on UTF-8 bytes: the form replaces `out`; false when
    /// fewer than 4 letters and digits remain.
    static func document(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        for byte in text {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(byte)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): out.append(byte & ~0x20)
            default: continue
            }
        }
        return out.count >= 4
    }
}
