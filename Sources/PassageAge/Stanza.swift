import Crypto
import CryptoExtras
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One recipient stanza of an age header: `-> TYPE ARG...` and a body that
/// wraps the file key.
public struct Stanza: Sendable, Equatable {
    public let type: String
    public let arguments: [String]
    public let body: [UInt8]

    public init(type: String, arguments: [String], body: [UInt8]) {
        self.type = type
        self.arguments = arguments
        self.body = body
    }

    /// The stanza as the header holds it: the body in lines of 64 base64
    /// characters, the last one shorter (empty when the body fills its lines).
    public var text: String {
        var out = "-> " + ([type] + arguments).joined(separator: " ") + "\n"
        let encoded = Array(Base64Text.encode(body).utf8)
        var index = 0
        while true {
            let line = encoded[index..<min(index + 64, encoded.count)]
            out += String(decoding: line, as: UTF8.self) + "\n"
            index += 64
            if line.count < 64 { break }
        }
        return out
    }

    /// Parses one stanza from its text (as `text` writes it).
    public init(parsing text: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.first else { throw AgeError("an empty stanza") }
        var index = 1
        self = try Stanza.parse(first: first, lines: lines, index: &index)
        guard index == lines.count else { throw AgeError("a stanza followed by more text") }
    }

    /// Parses a stanza whose first line is `first`, its body from
    /// `lines[index...]`; leaves `index` after the body's last line.
    static func parse(first: Substring, lines: [Substring], index: inout Int) throws -> Stanza {
        guard first.hasPrefix("-> ") else { throw AgeError("a stanza does not start with '-> '") }
        let words = first.dropFirst(3).split(separator: " ", omittingEmptySubsequences: false)
        guard let type = words.first, !words.contains(where: { $0.isEmpty || !isArgument($0) }) else {
            throw AgeError("a stanza has an empty or invalid argument")
        }
        var body: [UInt8] = []
        while true {
            guard index < lines.count else { throw AgeError("a stanza body does not end") }
            let line = lines[index]
            index += 1
            guard line.utf8.count <= 64, let bytes = Base64Text.decode(line) else { throw AgeError("a stanza body line is not canonical base64") }
            body += bytes
            if line.utf8.count < 64 { break }
        }
        return Stanza(type: String(type), arguments: words.dropFirst().map(String.init), body: body)
    }

    private static func isArgument(_ word: Substring) -> Bool {
        word.utf8.allSatisfy { $0 >= 33 && $0 <= 126 }
    }
}

/// The file key: 16 random bytes from which every other key of a file
/// (or of a sealed database) is derived.
public struct FileKey: Sendable, Equatable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// A new random key from the system's generator.
    public static func random() -> FileKey {
        FileKey(bytes: SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) })
    }

    /// HKDF-SHA-256 of the key, as age derives its header and payload keys.
    public func derive(salt: [UInt8], info: String, count: Int = 32) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: bytes), salt: salt, info: Array(info.utf8), outputByteCount: count)
    }
}

// MARK: Wrapping the file key

enum Wrap {
    static let zeroNonce = try! ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12))

    static func seal(_ fileKey: FileKey, with key: SymmetricKey) throws -> [UInt8] {
        let box = try ChaChaPoly.seal(fileKey.bytes, using: key, nonce: zeroNonce)
        return Array(box.ciphertext) + Array(box.tag)
    }

    /// The file key, or nil when the body does not open with `key`.
    static func open(_ body: [UInt8], with key: SymmetricKey) -> FileKey? {
        guard body.count == 32,
              let box = try? ChaChaPoly.SealedBox(nonce: zeroNonce, ciphertext: body[0..<16], tag: body[16..<32]),
              let bytes = try? ChaChaPoly.open(box, using: key)
        else { return nil }
        return FileKey(bytes: Array(bytes))
    }
}

extension X25519Recipient {
    static let label = "age-encryption.org/v1/X25519"

    /// `-> X25519 SHARE`: the file key wrapped with a key agreed between a
    /// new ephemeral key and this recipient.
    public func wrap(_ fileKey: FileKey) throws -> Stanza {
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        let share = Array(ephemeral.publicKey.rawRepresentation)
        let theirs = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey)
        let secret = try ephemeral.sharedSecretFromKeyAgreement(with: theirs)
        let key = secret.hkdfDerivedSymmetricKey(using: SHA256.self, salt: share + publicKey, sharedInfo: Array(Self.label.utf8), outputByteCount: 32)
        return Stanza(type: "X25519", arguments: [Base64Text.encode(share)], body: try Wrap.seal(fileKey, with: key))
    }
}

extension X25519Identity {
    /// The file key if this X25519 stanza was made for this identity; nil
    /// for another recipient's stanza. A malformed stanza throws.
    public func unwrap(_ stanza: Stanza) throws -> FileKey? {
        guard stanza.type == "X25519" else { return nil }
        guard stanza.arguments.count == 1, let share = Base64Text.decode(stanza.arguments[0]), share.count == 32 else {
            throw AgeError("an X25519 stanza has a malformed share")
        }
        guard stanza.body.count == 32 else { throw AgeError("an X25519 stanza has a body of the wrong length") }
        let theirs = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: share)
        // A share of low order gives an all-zero secret, which BoringSSL refuses.
        guard let secret = try? privateKey.sharedSecretFromKeyAgreement(with: theirs) else {
            throw AgeError("an X25519 stanza has a share of low order")
        }
        let key = secret.hkdfDerivedSymmetricKey(using: SHA256.self, salt: share + recipient.publicKey,
                                                 sharedInfo: Array(X25519Recipient.label.utf8), outputByteCount: 32)
        return Wrap.open(stanza.body, with: key)
    }
}

/// age's passphrase stanza, `-> scrypt SALT LOG2N`: the file key wrapped
/// with a key scrypt derives from the passphrase (r = 8, p = 1).
public enum ScryptStanza {
    static let label = Array("age-encryption.org/v1/scrypt".utf8)
    /// The highest work factor accepted when opening (age's own limit).
    static let maximumLogN = 22

    public static func wrap(_ fileKey: FileKey, passphrase: String, logN: Int) throws -> Stanza {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
        let key = try derive(passphrase: passphrase, salt: salt, logN: logN)
        return Stanza(type: "scrypt", arguments: [Base64Text.encode(salt), String(logN)], body: try Wrap.seal(fileKey, with: key))
    }

    /// The file key, or nil when the passphrase is wrong.
    public static func unwrap(_ stanza: Stanza, passphrase: String) throws -> FileKey? {
        guard stanza.type == "scrypt", stanza.arguments.count == 2, let salt = Base64Text.decode(stanza.arguments[0]), salt.count == 16,
              let logN = Int(stanza.arguments[1]), String(logN) == stanza.arguments[1], (1...maximumLogN).contains(logN),
              stanza.body.count == 32
        else { throw AgeError("a malformed scrypt stanza") }
        return Wrap.open(stanza.body, with: try derive(passphrase: passphrase, salt: salt, logN: logN))
    }

    static func derive(passphrase: String, salt: [UInt8], logN: Int) throws -> SymmetricKey {
        try KDF.Scrypt.deriveKey(from: Array(passphrase.utf8), salt: label + salt, outputByteCount: 32,
                                 rounds: 1 << logN, blockSize: 8, parallelism: 1)
    }
}
