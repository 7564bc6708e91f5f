/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, checked byte by byte.
func isValidJSONNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = bytes.count
    @inline(__always) func isDigit(_ index: Int) -> Bool { index < n && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
    if i < n && bytes[i] == UInt8(ascii: "-") { i += 1 }
    guard isDigit(i) else { return false }
    if bytes[i] == UInt8(ascii: "0") {
        i += 1
    } else {
        while isDigit(i) { i += 1 }
    }
    if i < n && bytes[i] == UInt8(ascii: ".") {
        i += 1
        guard isDigit(i) else { return false }
        while isDigit(i) { i += 1 }
    }
    if i < n && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
        i += 1
        if i < n && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
        guard isDigit(i) else { return false }
        while isDigit(i) { i += 1 }
    }
    return i == n
}
