/// The outcome of turning a value's bytes into a `String`.
enum DecodedText {
    case text(String)
    case invalidUTF8
    case containsNUL

    /// The error message for a failure, nil for success.
    var problem: String? {
        switch self {
        case .text: return nil
        case .invalidUTF8: return "invalid UTF-8"
        case .containsNUL: return "contains a NUL byte"
        }
    }
}

/// Makes one `String` from raw bytes, refusing NUL bytes and invalid UTF-8 rather than repairing them:
/// a value must reach the database exactly as written or not at all. The check is ours (ASCII eight
/// bytes at a time), so the standard library's decoding only copies.
@inline(__always)
func decodeText(_ bytes: UnsafePointer<UInt8>, count: Int) -> DecodedText {
    switch checkUTF8(bytes, count: count) {
    case .valid: return .text(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
    case .invalidUTF8: return .invalidUTF8
    case .containsNUL: return .containsNUL
    }
}

enum UTF8Check { case valid, invalidUTF8, containsNUL }

/// Validates UTF-8 strictly (no overlong forms, no surrogates, nothing above U+10FFFF) and looks for NUL.
func checkUTF8(_ bytes: UnsafePointer<UInt8>, count: Int) -> UTF8Check {
    let raw = UnsafeRawPointer(bytes)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    var i = 0
    var sawInvalid = false
    while i < count {
        // Fast path: eight ASCII bytes, none of them zero.
        if i + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let hasZero = (word &- ones) & ~word & highs
            if word & highs == 0 && hasZero == 0 {
                i += 8
                continue
            }
        }
        let lead = bytes[i]
        if lead < 0x80 {
            if lead == 0 { return .containsNUL }
            i += 1
            continue
        }
        let length: Int
        var minimum: UInt32
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
        default:
            sawInvalid = true
            i += 1
            continue
        }
        guard i + length <= count else {
            sawInvalid = true
            i += 1
            continue
        }
        var ok = true
        for k in 1..<length {
            let byte = bytes[i + k]
            if byte & 0xC0 != 0x80 {
                ok = false
                break
            }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        if !ok || scalar < minimum || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) {
            sawInvalid = true
            i += 1
            continue
        }
        i += length
    }
    return sawInvalid ? .invalidUTF8 : .valid
}
