import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The age file format (age-encryption.org/v1): a text header of recipient
/// stanzas closed by an HMAC, then the payload as a STREAM of
/// ChaCha20-Poly1305 chunks of 64 KiB under a key derived from a nonce.
public enum AgeFile {
    static let intro = "age-encryption.org/v1\n"
    static let chunkSize = 64 * 1024
    static let tagSize = 16

    /// The header for `stanzas`, MAC included, ending in a line break.
    static func header(_ stanzas: [Stanza], fileKey: FileKey) -> [UInt8] {
        let body = intro + stanzas.map(\.text).joined() + "---"
        let mac = HMAC<SHA256>.authenticationCode(for: Array(body.utf8), using: fileKey.derive(salt: [], info: "header"))
        return Array((body + " " + Base64Text.encode(Array(mac)) + "\n").utf8)
    }

    /// The nonce of chunk `counter`: an 11-byte big-endian counter and a
    /// last-chunk flag.
    static func chunkNonce(_ counter: UInt64, last: Bool) -> ChaChaPoly.Nonce {
        var bytes = [UInt8](repeating: 0, count: 12)
        for index in 0..<8 { bytes[10 - index] = UInt8((counter >> (8 * UInt64(index))) & 0xff) }
        bytes[11] = last ? 1 : 0
        return try! ChaChaPoly.Nonce(data: bytes)
    }

    /// Encrypts `plaintext` in one go (small files and tests; see `AgeWriter`).
    public static func encrypt(_ plaintext: [UInt8], to recipients: [X25519Recipient]) throws -> [UInt8] {
        var out: [UInt8] = []
        let writer = try AgeWriter(recipients: recipients) { out += $0 }
        try writer.write(plaintext)
        try writer.finish()
        return out
    }

    /// Decrypts a whole age file with the first identity whose stanza opens.
    public static func decrypt(_ file: [UInt8], identities: [X25519Identity]) throws -> [UInt8] {
        let (stanzas, headerEnd, macStart) = try parseHeader(file)
        if stanzas.contains(where: { $0.type == "scrypt" }) {
            throw AgeError("the file is encrypted with a passphrase, not to a recipient")
        }
        var fileKey: FileKey?
        search: for stanza in stanzas {
            for identity in identities {
                if let key = try identity.unwrap(stanza) { fileKey = key; break search }
            }
        }
        guard let fileKey else { throw AgeError("no identity opens this file") }
        let macText = Array(file[..<(macStart + 3)])
        let givenMAC = Base64Text.decode(Substring(decoding: file[(macStart + 4)..<(headerEnd - 1)], as: UTF8.self))
        guard let givenMAC, givenMAC.count == 32, HMAC<SHA256>.isValidAuthenticationCode(givenMAC, authenticating: macText, using: fileKey.derive(salt: [], info: "header")) else {
            throw AgeError("the header's MAC does not match: the file was changed")
        }
        return try decryptPayload(file[headerEnd...], fileKey: fileKey)
    }

    /// The stanzas; where the header ends (after its last line break); where
    /// its `---` line starts.
    static func parseHeader(_ file: [UInt8]) throws -> (stanzas: [Stanza], end: Int, macStart: Int) {
        // Lines of the header, each without its line break, and where each starts.
        var lines: [Substring] = []
        var starts: [Int] = []
        var start = 0
        var end: Int?
        var position = 0
        while position < file.count {
            if file[position] == UInt8(ascii: "\n") {
                let line = file[start..<position]
                guard let text = String(validating: line, as: UTF8.self) else { throw AgeError("the header is not text") }
                lines.append(Substring(text))
                starts.append(start)
                start = position + 1
                if text.hasPrefix("---") { end = start; break }
            }
            position += 1
        }
        guard let end, lines.first.map({ $0 + "\n" == intro }) == true else {
            throw AgeError("not an age file (no age-encryption.org/v1 header)")
        }
        guard let last = lines.last, last.hasPrefix("--- "), last.utf8.count == 4 + 43 else { throw AgeError("the header's MAC line is malformed") }
        var stanzas: [Stanza] = []
        var index = 1
        while index < lines.count - 1 {
            let first = lines[index]
            index += 1
            stanzas.append(try Stanza.parse(first: first, lines: Array(lines[..<(lines.count - 1)]), index: &index))
        }
        guard !stanzas.isEmpty else { throw AgeError("the header has no recipient stanza") }
        return (stanzas, end, starts[lines.count - 1])
    }

    static func decryptPayload(_ payload: ArraySlice<UInt8>, fileKey: FileKey) throws -> [UInt8] {
        guard payload.count >= 16 + tagSize else { throw AgeError("the payload is truncated") }
        let nonce = Array(payload.prefix(16))
        let key = fileKey.derive(salt: nonce, info: "payload")
        var out: [UInt8] = []
        var position = payload.startIndex + 16
        var counter: UInt64 = 0
        while true {
            let remaining = payload.endIndex - position
            let size = min(remaining, chunkSize + tagSize)
            let last = remaining <= chunkSize + tagSize
            guard size >= tagSize else { throw AgeError("the payload is truncated") }
            let chunk = payload[position..<(position + size)]
            guard let box = try? ChaChaPoly.SealedBox(nonce: chunkNonce(counter, last: last), ciphertext: chunk.dropLast(tagSize), tag: chunk.suffix(tagSize)),
                  let plain = try? ChaChaPoly.open(box, using: key)
            else { throw AgeError("chunk \(counter) of the payload does not open: the file was changed or cut") }
            if last && plain.isEmpty && counter > 0 { throw AgeError("the payload ends with an empty chunk") }
            out += plain
            position += size
            counter += 1
            if last { break }
        }
        return out
    }
}

/// Writes an age file as its plaintext comes: the header at once, then each
/// 64 KiB chunk when the next byte shows it is not the last.
public final class AgeWriter {
    private let emit: ([UInt8]) throws -> Void
    private let key: SymmetricKey
    private var pending: [UInt8] = []
    private var counter: UInt64 = 0
    private var finished = false

    public init(recipients: [X25519Recipient], emit: @escaping ([UInt8]) throws -> Void) throws {
        guard !recipients.isEmpty else { throw AgeError("no recipient to encrypt to") }
        self.emit = emit
        let fileKey = FileKey.random()
        let stanzas = try recipients.map { try $0.wrap(fileKey) }
        let nonce = SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
        key = fileKey.derive(salt: nonce, info: "payload")
        try emit(AgeFile.header(stanzas, fileKey: fileKey) + nonce)
        pending.reserveCapacity(AgeFile.chunkSize)
    }

    public func write(_ bytes: some Collection<UInt8>) throws {
        var rest = bytes[...]
        while !rest.isEmpty {
            // A full chunk goes out only once more bytes follow it.
            if pending.count == AgeFile.chunkSize { try seal(last: false) }
            let take = min(AgeFile.chunkSize - pending.count, rest.count)
            pending += rest.prefix(take)
            rest = rest.dropFirst(take)
        }
    }

    public func write(bytes: UnsafeRawBufferPointer) throws {
        try write(bytes.bindMemory(to: UInt8.self))
    }

    /// Seals the last chunk (empty only when the whole file is).
    public func finish() throws {
        guard !finished else { return }
        finished = true
        try seal(last: true)
    }

    private func seal(last: Bool) throws {
        let box = try ChaChaPoly.seal(pending, using: key, nonce: AgeFile.chunkNonce(counter, last: last))
        counter += 1
        pending.removeAll(keepingCapacity: true)
        try emit(Array(box.ciphertext) + Array(box.tag))
    }
}
