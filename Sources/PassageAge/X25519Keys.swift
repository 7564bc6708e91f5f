import Crypto
#if canImport(Glibc)
import Glibc
#endif

/// An age X25519 recipient, `age1…`: a public key files are encrypted to.
public struct X25519Recipient: Sendable, Equatable, CustomStringConvertible {
    public let publicKey: [UInt8]

    public init(publicKey: [UInt8]) { self.publicKey = publicKey }

    /// Parses `age1…`; a bad checksum, another prefix or a wrong length is refused.
    public init(parsing text: String) throws {
        let decoded: (hrp: String, data: [UInt8])
        do {
            decoded = try Bech32.decode(text)
        } catch let error as Bech32.DecodingError {
            throw AgeError("'\(text)' is not an age recipient: it \(error.description)")
        }
        guard text == text.lowercased(), decoded.hrp == "age" else { throw AgeError("'\(text)' is not an age recipient (they start with age1)") }
        guard decoded.data.count == 32 else { throw AgeError("'\(text)' is not an age X25519 recipient (wrong length)") }
        publicKey = decoded.data
    }

    public var description: String { Bech32.encode(hrp: "age", data: publicKey) }
}

/// An age X25519 identity, `AGE-SECRET-KEY-1…`: the private key that opens
/// what was encrypted to its recipient.
public struct X25519Identity: Sendable {
    let privateKey: Curve25519.KeyAgreement.PrivateKey

    /// A new random identity.
    public init() { privateKey = Curve25519.KeyAgreement.PrivateKey() }

    /// Parses `AGE-SECRET-KEY-1…`.
    public init(parsing text: String) throws {
        let decoded: (hrp: String, data: [UInt8])
        do {
            decoded = try Bech32.decode(text)
        } catch let error as Bech32.DecodingError {
            throw AgeError("not an age identity: it \(error.description)")
        }
        guard text == text.uppercased(), decoded.hrp == "age-secret-key-", decoded.data.count == 32 else {
            throw AgeError("not an age X25519 identity (they start with AGE-SECRET-KEY-1)")
        }
        privateKey = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: decoded.data)
    }

    /// Reads an identity file as age-keygen writes it: comments (`#`), blank
    /// lines and one or more `AGE-SECRET-KEY-1…` lines.
    public static func parseFile(_ text: String) throws -> [X25519Identity] {
        var identities: [X25519Identity] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                identities.append(try X25519Identity(parsing: String(trimmed)))
            } catch let error as AgeError {
                throw AgeError("line \(number + 1): \(error.description)")
            }
        }
        guard !identities.isEmpty else { throw AgeError("holds no age identity (AGE-SECRET-KEY-1…)") }
        return identities
    }

    public var recipient: X25519Recipient { X25519Recipient(publicKey: Array(privateKey.publicKey.rawRepresentation)) }

    /// `AGE-SECRET-KEY-1…`.
    public var secretText: String {
        Bech32.encode(hrp: "AGE-SECRET-KEY-", data: Array(privateKey.rawRepresentation), uppercase: true)
    }

    /// The file age-keygen would write for this identity.
    public func fileText(created: time_t = time(nil)) -> String {
        var moment = created
        var parts = tm()
        gmtime_r(&moment, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        let stamp = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "# created: \(stamp)\n# public key: \(recipient)\n\(secretText)\n"
    }
}
