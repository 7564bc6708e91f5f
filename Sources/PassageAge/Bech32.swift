/// Bech32 (BIP 173), the text form of age's recipients and identities:
/// a human-readable part, `1`, then 5-bit groups and a 6-character checksum.
/// age lifts BIP 173's 90-character limit, and so does this.
enum Bech32 {
    private static let alphabet = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    struct DecodingError: Error, CustomStringConvertible {
        let description: String
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ffffff) << 5 ^ UInt32(value)
            for bit in 0..<5 where (top >> bit) & 1 == 1 { checksum ^= generator[bit] }
        }
        return checksum
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    /// Regroups bits: 8 to 5 when encoding (padding the last group), 5 to 8
    /// when decoding (refusing padding that is not zero or too long).
    private static func regroup(_ data: [UInt8], from: Int, to: Int, pad: Bool) throws -> [UInt8] {
        var accumulator = 0, bits = 0
        var result: [UInt8] = []
        let mask = (1 << to) - 1
        for value in data {
            accumulator = (accumulator << from) | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                result.append(UInt8((accumulator >> bits) & mask))
            }
        }
        if pad {
            if bits > 0 { result.append(UInt8((accumulator << (to - bits)) & mask)) }
        } else if bits >= from || (accumulator << (to - bits)) & mask != 0 {
            throw DecodingError(description: "has non-zero padding bits")
        }
        return result
    }

    /// Encodes `data` under the lowercase `hrp`; `uppercase` for identities.
    static func encode(hrp: String, data: [UInt8], uppercase: Bool = false) -> String {
        let hrpBytes = Array(hrp.lowercased().utf8)
        let groups = (try? regroup(data, from: 8, to: 5, pad: true)) ?? []
        let checksumValue = polymod(expand(hrpBytes) + groups + [0, 0, 0, 0, 0, 0]) ^ 1
        let checksum = (0..<6).map { UInt8((checksumValue >> (5 * (5 - UInt32($0)))) & 31) }
        let text = String(decoding: hrpBytes + [UInt8(ascii: "1")] + (groups + checksum).map { alphabet[Int($0)] }, as: UTF8.self)
        return uppercase ? text.uppercased() : text
    }

    /// Decodes a string, all lower or all upper case; returns its
    /// human-readable part in lower case and its bytes.
    public static func decode(_ text: String) throws -> (hrp: String, data: [UInt8]) {
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 >= 33 && $0 <= 126 }) else { throw DecodingError(description: "holds a character that is not printable ASCII") }
        let lower = text.lowercased(), upper = text.uppercased()
        guard text == lower || text == upper else { throw DecodingError(description: "mixes upper and lower case") }
        let folded = Array(lower.utf8)
        guard let separator = folded.lastIndex(of: UInt8(ascii: "1")), separator >= 1, folded.count - separator - 1 >= 6 else {
            throw DecodingError(description: "is not Bech32 (no separator or too short)")
        }
        let hrp = Array(folded[..<separator])
        var groups: [UInt8] = []
        for byte in folded[(separator + 1)...] {
            guard byte < 128, values[Int(byte)] >= 0 else { throw DecodingError(description: "holds a character outside Bech32's alphabet") }
            groups.append(UInt8(values[Int(byte)]))
        }
        guard polymod(expand(hrp) + groups) == 1 else { throw DecodingError(description: "has a bad checksum") }
        let data = try regroup(Array(groups.dropLast(6)), from: 5, to: 8, pad: false)
        return (String(decoding: hrp, as: UTF8.self), data)
    }
}
