#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
/// a value must reach the database exactly as written or not at all.
@inline(__always)
func decodeText(_ bytes: UnsafePointer<UInt8>, count: Int) -> DecodedText {
    if count == 0 { return .text("") }
    if memchr(bytes, 0, count) != nil { return .containsNUL }
    let buffer = UnsafeBufferPointer(start: bytes, count: count)
    guard let string = String(validating: buffer, as: UTF8.self) else { return .invalidUTF8 }
    return .text(string)
}
