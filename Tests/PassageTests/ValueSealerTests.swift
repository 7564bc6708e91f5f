import Crypto
import Foundation
import Testing
@testable import Passage
import PassageAge

/// A sealed value's text is a stored format: databases sealed by any
/// passage must keep opening. These tests rebuild it with swift-crypto's
/// own Swift interface, independently of the contexts `ValueCipher` keeps.
@Suite struct ValueSealerTests {
    let dataKey = FileKey.random()
    var sealer: ValueSealer { ValueSealer(dataKey: dataKey) }

    /// The documented construction: HKDF-derived keys, the nonce the first
    /// 12 bytes of HMAC-SHA-256 of the associated data, a zero byte and the
    /// value, then ChaCha20-Poly1305; base64 of nonce, ciphertext and tag.
    func reference(_ value: String, table: String, column: String, id: String) throws -> String {
        let data = Array("passage/v1\0\(table)\0\(column)\0\(id)".utf8)
        var mac = HMAC<SHA256>(key: dataKey.derive(salt: [], info: "passage/v1/nonces"))
        mac.update(data: data + [0] + Array(value.utf8))
        let nonce = Array(mac.finalize()).prefix(12)
        let box = try ChaChaPoly.seal(Array(value.utf8), using: dataKey.derive(salt: [], info: "passage/v1/values"),
                                      nonce: ChaChaPoly.Nonce(data: nonce), authenticating: data)
        return ValueSealer.prefix + Base64Text.encode(Array(nonce) + Array(box.ciphertext) + Array(box.tag))
    }

    @Test(arguments: ["", "Mohammad Ahmadi", "Ḥusayn ‎حسین, \"six\"", String(repeating: "notes ", count: 2000)])
    func sealsAsTheDocumentedConstruction(value: String) throws {
        let sealed = sealer.seal(value, table: "members", column: "name", id: "m-1")
        #expect(sealed == (try reference(value, table: "members", column: "name", id: "m-1")))
        #expect(sealer.open(sealed, table: "members", column: "name", id: "m-1") == value)
    }

    @Test func opensWhatTheReferenceSealed() throws {
        let sealed = try reference("+93 70 123 4567", table: "cases", column: "contact", id: "c-7")
        #expect(sealer.open(sealed, table: "cases", column: "contact", id: "c-7") == "+93 70 123 4567")
    }

    @Test func doesNotOpenElsewhereOrTampered() throws {
        let sealed = sealer.seal("Family Six", table: "cases", column: "label", id: "c-1")
        #expect(sealer.open(sealed, table: "cases", column: "label", id: "c-2") == nil)
        #expect(sealer.open(sealed, table: "cases", column: "notes", id: "c-1") == nil)
        #expect(sealer.open(sealed, table: "members", column: "label", id: "c-1") == nil)
        #expect(ValueSealer(dataKey: FileKey.random()).open(sealed, table: "cases", column: "label", id: "c-1") == nil)
        var bytes = try #require(Base64Text.decode(String(sealed.dropFirst(ValueSealer.prefix.count))))
        for position in [0, 12, bytes.count - 1] {
            var tampered = bytes
            tampered[position] ^= 1
            #expect(sealer.open(ValueSealer.prefix + Base64Text.encode(tampered), table: "cases", column: "label", id: "c-1") == nil)
        }
        bytes.removeLast()
        #expect(sealer.open(ValueSealer.prefix + Base64Text.encode(bytes), table: "cases", column: "label", id: "c-1") == nil)
        #expect(sealer.open(ValueSealer.prefix + Base64Text.encode(Array(bytes.prefix(27))), table: "cases", column: "label", id: "c-1") == nil)
        #expect(sealer.open("sealed:v1:not base64!", table: "cases", column: "label", id: "c-1") == nil)
        #expect(sealer.open("Family Six", table: "cases", column: "label", id: "c-1") == nil)
    }

    /// `duplicates` opens on two threads with one sealer.
    @Test func opensOnTwoThreadsAtOnce() throws {
        let sealer = self.sealer
        let values = (0..<2000).map { "member \($0)" }
        let sealed = values.enumerated().map { sealer.seal($1, table: "members", column: "name", id: "m-\($0)") }
        let (first, second) = try inParallel({
            sealed.enumerated().map { sealer.open($1, table: "members", column: "name", id: "m-\($0)") }
        }, {
            sealed.enumerated().map { sealer.open($1, table: "members", column: "name", id: "m-\($0)") }
        })
        #expect(first == values && second == values)
    }
}
