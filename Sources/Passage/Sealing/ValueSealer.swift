import PassageAge

/// Seals and opens personal values with a sealed database's data key.
///
/// Each value is ChaCha20-Poly1305 under a key derived from the data key,
/// with its table, column and record id as associated data: a sealed value
/// copied onto another record or column does not open. The nonce is
/// synthetic (the first 12 bytes of an HMAC of the associated data and the
/// value, under a second derived key), so sealing the same value of the
/// same record twice gives the same text: a reload of unchanged files
/// leaves rows unchanged without opening anything, and nonces never repeat
/// for different values. It reveals only that a record's value went back
/// to an earlier one (visible in the audit).
public struct ValueSealer: Sendable {
    /// Stored text of a sealed value: this prefix, then base64 of nonce,
    /// ciphertext and tag.
    public static let prefix = "sealed:v1:"

    /// The value key and the nonce key, each set up once (`ValueCipher`).
    private let cipher: ValueCipher

    init(dataKey: FileKey) {
        func derived(_ info: String) -> [UInt8] { dataKey.derive(salt: [], info: info).withUnsafeBytes { Array($0) } }
        cipher = ValueCipher(valueKey: derived("passage/v1/values"), nonceKey: derived("passage/v1/nonces"))
    }

    /// Whether stored text is a sealed value (by its form, not by opening it).
    public static func isSealed(_ text: String) -> Bool { text.hasPrefix(prefix) }

    static func associatedData(table: String, column: String, id: String) -> [UInt8] {
        // Tables, columns and ids hold no NUL: the parts cannot run together.
        var data: [UInt8] = []
        data.reserveCapacity(14 + table.utf8.count + column.utf8.count + id.utf8.count)
        data += "passage/v1\0".utf8
        data += table.utf8
        data.append(0)
        data += column.utf8
        data.append(0)
        data += id.utf8
        return data
    }

    public func seal(_ value: String, table: String, column: String, id: String) -> String {
        let data = Self.associatedData(table: table, column: column, id: id)
        var value = value
        return value.withUTF8 { plain in
            var sealed = [UInt8]()
            sealed.reserveCapacity(ValueCipher.nonceCount + plain.count + ValueCipher.tagCount)
            cipher.appendSyntheticNonce(associatedData: data, plain: plain, to: &sealed)
            let nonce = Array(sealed)
            nonce.withUnsafeBufferPointer { cipher.seal(plain, nonce: $0, associatedData: data, appendingTo: &sealed) }
            return Self.prefix + Base64Text.encode(sealed)
        }
    }

    /// The value, or nil when the text is not a sealed value of this table,
    /// column and record under this key.
    public func open(_ stored: String, table: String, column: String, id: String) -> String? {
        var value: [UInt8] = [], scratch: [UInt8] = []
        let opened = Array(stored.utf8).withUnsafeBufferPointer {
            open($0, associatedData: Self.associatedData(table: table, column: column, id: id), into: &value, scratch: &scratch)
        }
        return opened ? String(decoding: value, as: UTF8.self) : nil
    }

    static let prefixBytes = Array(prefix.utf8)

    /// `isSealed` on a stored text's bytes.
    static func isSealed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= prefixBytes.count && bytes.starts(with: prefixBytes)
    }

    /// `open` on bytes, for opening many values without a string or an
    /// allocation each: the stored text's UTF-8 bytes and its associated
    /// data (`associatedData(table:column:id:)`); the value's UTF-8 bytes
    /// replace `value`, `scratch` is working space. False when it does not
    /// open (or is not UTF-8).
    func open(_ stored: UnsafeBufferPointer<UInt8>, associatedData: [UInt8], into value: inout [UInt8], scratch: inout [UInt8]) -> Bool {
        let prefix = Self.prefixBytes
        guard stored.count >= prefix.count, stored.starts(with: prefix),
              Base64Text.decode(UnsafeBufferPointer(rebasing: stored[prefix.count...]), into: &scratch),
              // Nonce, ciphertext and tag, one after the other.
              scratch.withUnsafeBufferPointer({ cipher.open($0, associatedData: associatedData, into: &value) })
        else { return false }
        return value.allSatisfy { $0 < 0x80 } || String(validating: value, as: UTF8.self) != nil
    }

    /// The value, or `SealError.doesNotOpen` naming where it is kept.
    func opened(_ stored: String, table: String, column: String, id: String) throws -> String {
        guard let value = open(stored, table: table, column: column, id: id) else {
            throw SealError.doesNotOpen(table: table, column: column, id: id)
        }
        return value
    }
}
