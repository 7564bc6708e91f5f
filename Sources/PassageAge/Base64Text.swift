/// age's base64: the standard alphabet without padding, decoded strictly
/// (canonical: unused bits zero, no padding, no line breaks).
public enum Base64Text {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    public static func encode<Bytes: Collection<UInt8>>(_ data: Bytes) -> String {
        let bytes = Array(data)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        func append(_ value: UInt32, digits: Int) {
            for digit in 0..<digits { out.append(alphabet[Int((value >> UInt32(18 - 6 * digit)) & 63)]) }
        }
        var index = 0
        while index + 3 <= bytes.count {
            append(UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]), digits: 4)
            index += 3
        }
        switch bytes.count - index {
        case 1: append(UInt32(bytes[index]) << 16, digits: 2)
        case 2: append(UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8, digits: 3)
        default: break
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `text`, or nil if it is not canonical unpadded base64.
    public static func decode(_ text: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        let valid = Array(text.utf8).withUnsafeBufferPointer { decode($0, into: &out) }
        return valid ? out : nil
    }

    /// Decodes the UTF-8 bytes `chars` into `out` (replacing what it held,
    /// keeping its capacity: for decoding many values); false if they are
    /// not canonical unpadded base64.
    public static func decode(_ chars: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        guard chars.count % 4 != 1 else { return false }
        out.reserveCapacity(chars.count * 3 / 4)
        var accumulator: UInt32 = 0, bits = 0
        return values.withUnsafeBufferPointer { values in
            for char in chars {
                let value = values[Int(char)]
                guard value >= 0 else { return false }
                accumulator = accumulator << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    out.append(UInt8((accumulator >> UInt32(bits)) & 0xff))
                }
            }
            // Canonical: the bits left over are zero.
            return accumulator & ((1 << UInt32(bits)) - 1) == 0
        }
    }

    public static func decode(_ text: String) -> [UInt8]? { decode(Substring(text)) }
}
