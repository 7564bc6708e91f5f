import Foundation
import PassageAge
import PassageTestSupport
import Testing

/// The age format against the real `age` and `age-keygen` (Debian's
/// package), both ways, at the sizes where STREAM chunking can go wrong.
@Suite(.enabled(if: ToolProcess.shouldRun("age", "age-keygen")))
struct AgeInteropTests {
    let folder = TemporaryDirectory()
    static let sizes = [0, 1, 100, 65_535, 65_536, 65_537, 2 * 65_536, 200_000]

    func bytes(_ count: Int) -> [UInt8] {
        var generator = SeededGenerator(seed: UInt64(count) + 7)
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// An identity made by age-keygen, parsed here.
    func ageKeygenIdentity() throws -> (path: String, identity: X25519Identity, recipient: String) {
        let path = folder.file("key-\(UUID().uuidString).txt")
        let made = try ToolProcess.run("age-keygen", ["-o", path])
        try #require(made.status == 0, "\(made.standardError)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let identity = try #require(try X25519Identity.parseFile(text).first)
        let recipient = try #require(text.split(separator: "\n").first { $0.hasPrefix("# public key: ") }).dropFirst("# public key: ".count)
        #expect(identity.recipient.description == recipient)
        return (path, identity, String(recipient))
    }

    @Test(arguments: sizes)
    func filesEncryptedHereOpenWithAge(size: Int) throws {
        let key = try ageKeygenIdentity()
        let other = X25519Identity()
        let plain = bytes(size)
        let encrypted = try AgeFile.encrypt(plain, to: [other.recipient, X25519Recipient(parsing: key.recipient)])
        let decrypted = try ToolProcess.run("age", ["-d", "-i", key.path], input: Data(encrypted))
        #expect(decrypted.status == 0, "\(decrypted.standardError)")
        #expect(Array(decrypted.output) == plain)
    }

    @Test(arguments: sizes)
    func filesEncryptedByAgeOpenHere(size: Int) throws {
        let key = try ageKeygenIdentity()
        let plain = bytes(size)
        let encrypted = try ToolProcess.run("age", ["-e", "-r", key.recipient, "-r", X25519Identity().recipient.description], input: Data(plain))
        try #require(encrypted.status == 0, "\(encrypted.standardError)")
        #expect(try AgeFile.decrypt(Array(encrypted.output), identities: [key.identity]) == plain)
        #expect(throws: AgeError("no identity opens this file")) {
            try AgeFile.decrypt(Array(encrypted.output), identities: [X25519Identity()])
        }
    }

    @Test func anIdentityFileMadeHereIsReadByAge() throws {
        let identity = X25519Identity()
        let path = folder.write("mine.txt", identity.fileText())
        let encrypted = try ToolProcess.run("age", ["-e", "-r", identity.recipient.description], input: Data("hello".utf8))
        let encryptedPath = folder.file("hello.age")
        _ = FileManager.default.createFile(atPath: encryptedPath, contents: encrypted.output)
        let decrypted = try ToolProcess.run("age", ["-d", "-i", path, encryptedPath])
        #expect(decrypted.status == 0, "\(decrypted.standardError)")
        #expect(String(decoding: decrypted.output, as: UTF8.self) == "hello")
        // age-keygen -y gives the same recipient for it.
        let converted = try ToolProcess.run("age-keygen", ["-y", path])
        #expect(String(decoding: converted.output, as: UTF8.self) == identity.recipient.description + "\n")
    }

    @Test func aTamperedFileOpensNeitherHereNorInAge() throws {
        let key = try ageKeygenIdentity()
        let plain = bytes(70_000)
        let encrypted = try AgeFile.encrypt(plain, to: [X25519Recipient(parsing: key.recipient)])
        let headerEnd = try #require(encrypted.firstIndex(of: UInt8(ascii: "-")).flatMap { start in
            encrypted[start...].firstIndex(of: UInt8(ascii: "\n"))
        })
        // A payload byte, the last byte, and a byte of the header's stanza.
        for position in [headerEnd + 40, encrypted.count - 1, 30] {
            var tampered = encrypted
            tampered[position] ^= 0x01
            #expect(throws: AgeError.self) { try AgeFile.decrypt(tampered, identities: [key.identity]) }
            let theirs = try ToolProcess.run("age", ["-d", "-i", key.path], input: Data(tampered))
            #expect(theirs.status != 0)
        }
        // Cut at a chunk boundary: the first chunk alone is not the last.
        let cut = Array(encrypted.prefix(headerEnd + 1 + 16 + 65_536 + 16))
        #expect(throws: AgeError.self) { try AgeFile.decrypt(cut, identities: [key.identity]) }
        #expect(try ToolProcess.run("age", ["-d", "-i", key.path], input: Data(cut)).status != 0)
    }
}
