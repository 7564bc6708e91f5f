import PassageAge
import Testing

@Suite struct AgeKeyTests {
    @Test func aRecipientWithABadChecksumIsRefused() throws {
        let good = X25519Identity().recipient.description
        _ = try X25519Recipient(parsing: good)
        // Change one data character: the checksum no longer matches.
        var characters = Array(good)
        characters[10] = characters[10] == "q" ? "p" : "q"
        #expect(throws: AgeError.self) { try X25519Recipient(parsing: String(characters)) }
        #expect(throws: AgeError.self) { try X25519Recipient(parsing: good.uppercased()) }
        #expect(throws: AgeError.self) { try X25519Recipient(parsing: "age1") }
        #expect(throws: AgeError.self) { try X25519Recipient(parsing: "ssh-ed25519 AAAA") }
    }

    @Test func anIdentityRoundTripsThroughItsText() throws {
        let identity = X25519Identity()
        let parsed = try X25519Identity(parsing: identity.secretText)
        #expect(parsed.recipient == identity.recipient)
        #expect(identity.secretText.hasPrefix("AGE-SECRET-KEY-1"))
        #expect(throws: AgeError.self) { try X25519Identity.parseFile("# only a comment\n") }
        #expect(throws: AgeError.self) { try X25519Identity.parseFile(identity.recipient.description) }
    }

    @Test func aScryptStanzaOpensWithItsPassphraseOnly() throws {
        let key = FileKey.random()
        let stanza = try ScryptStanza.wrap(key, passphrase: "correct horse", logN: 10)
        let parsed = try Stanza(parsing: stanza.text)
        #expect(parsed == stanza)
        #expect(try ScryptStanza.unwrap(parsed, passphrase: "correct horse") == key)
        #expect(try ScryptStanza.unwrap(parsed, passphrase: "wrong horse") == nil)
    }

    @Test func anX25519StanzaOpensForItsIdentityOnly() throws {
        let key = FileKey.random()
        let identity = X25519Identity()
        let stanza = try identity.recipient.wrap(key)
        #expect(try identity.unwrap(try Stanza(parsing: stanza.text)) == key)
        #expect(try X25519Identity().unwrap(stanza) == nil)
    }
}
