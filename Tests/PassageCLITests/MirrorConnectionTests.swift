import Foundation
import Testing

/// Passwords, TLS and servers that cannot be reached: clear errors, and no
/// password ever printed.
@Suite("passage mirror: connections", .enabled(if: PostgresCluster.testsRun, "needs PostgreSQL's server (apt-get install postgresql)"))
struct MirrorConnectionTests {
    /// Neither output stream holds `secret`.
    func expectHidden(_ secret: String, in result: PassageProcess.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!result.standardOutput.contains(secret), "\(result.standardOutput)", sourceLocation: sourceLocation)
        #expect(!result.standardError.contains(secret), "\(result.standardError)", sourceLocation: sourceLocation)
    }

    @Test("a wrong password, in the URL or in PGPASSWORD, is refused clearly and never printed")
    func wrongPassword() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        let inURL = try fixture.mirror(url: fixture.url.replacingOccurrences(of: "admin@", with: "admin:Wrong-Pw-In-Url@"))
        #expect(inURL.status == 1)
        #expect(inURL.standardError.contains("cannot connect to \(fixture.url)"), "\(inURL.standardError)")
        #expect(inURL.standardError.contains("password authentication failed for user \"admin\""), "\(inURL.standardError)")
        expectHidden("Wrong-Pw-In-Url", in: inURL)

        let inEnvironment = try fixture.mirror(environment: ["PGPASSWORD": "Wrong-Pw-In-Env"])
        #expect(inEnvironment.status == 1)
        #expect(inEnvironment.standardError.contains("password authentication failed"), "\(inEnvironment.standardError)")
        expectHidden("Wrong-Pw-In-Env", in: inEnvironment)
    }

    @Test("the password may come from ~/.pgpass (libpq reads it)")
    func passwordFile() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        let home = fixture.folder.file("home")
        let passwordFile = fixture.folder.write("home/.pgpass", "127.0.0.1:\(fixture.cluster.port):*:admin:\(PostgresCluster.adminPassword)\n")
        #expect(chmod(passwordFile, 0o600) == 0)
        // An empty PGPASSWORD is no password: libpq then reads the file.
        let result = try fixture.mirror(environment: ["PGPASSWORD": "", "HOME": home])
        #expect(result.status == 0, "\(result.standardError)")
        expectHidden(PostgresCluster.adminPassword, in: result)
    }

    @Test("errors that come after the login, or from a URL libpq cannot read, never show the URL's password")
    func passwordRedactedFromErrors() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        let missing = try fixture.mirror(url: "postgresql://admin:\(PostgresCluster.adminPassword)@127.0.0.1:\(fixture.cluster.port)/no_such_database")
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("database \"no_such_database\" does not exist"), "\(missing.standardError)")
        expectHidden(PostgresCluster.adminPassword, in: missing)

        let malformed = try fixture.mirror(url: "postgresql://admin:Secret%ZZword@127.0.0.1:\(fixture.cluster.port)/postgres")
        #expect(malformed.status == 1)
        #expect(malformed.standardError.contains("invalid PostgreSQL URL"), "\(malformed.standardError)")
        expectHidden("Secret", in: malformed)
        expectHidden("ZZword", in: malformed)

        let notAURL = try fixture.mirror(url: "host=127.0.0.1 password=Key-Value-Secret")
        #expect(notAURL.status == 1)
        #expect(notAURL.standardError.contains("must start with postgresql://"), "\(notAURL.standardError)")
        expectHidden("Key-Value-Secret", in: notAURL)

        let shown = try fixture.mirror(url: "postgresql://admin:Query-Secret@127.0.0.1:\(fixture.cluster.port)/no_such_database?password=Query-Secret")
        #expect(shown.status == 1)
        expectHidden("Query-Secret", in: shown)
    }

    @Test("a port where nothing listens, and an address that does not answer, give a clear error within seconds")
    func unreachable() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        let port = try PostgresCluster.freePort()
        var started = Date()
        let refused = try fixture.mirror(url: "postgresql://admin@127.0.0.1:\(port)/postgres")
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("cannot connect to postgresql://admin@127.0.0.1:\(port)/postgres"), "\(refused.standardError)")
        #expect(refused.standardError.contains("Connection refused"), "\(refused.standardError)")
        #expect(Date().timeIntervalSince(started) < 10)

        // TEST-NET-1 (RFC 5737): never routed, so the connection attempt hangs
        // (or fails at once where there is no route); connect_timeout ends it.
        started = Date()
        let silent = try fixture.mirror(url: "postgresql://admin@192.0.2.1:5432/postgres?connect_timeout=2")
        #expect(silent.status == 1)
        #expect(silent.standardError.contains("cannot connect to postgresql://admin@192.0.2.1:5432/postgres"), "\(silent.standardError)")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test("TLS as the URL's sslmode asks: required, verified against the server's certificate, or refused when the name does not match")
    func tlsModes() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        let plain = try fixture.mirror(url: fixture.url + "?sslmode=disable")
        #expect(plain.status == 0, "\(plain.standardError)")
        #expect(!plain.standardOutput.contains("(TLS)"), "\(plain.standardOutput)")

        try fixture.load([smallFixturePath + "/outcomes.csv", fixture.folder.write("more/sources.csv", "id,kind\nS-NEW,media\n")])
        let verified = try fixture.mirror(url: fixture.url + "?sslmode=verify-full&sslrootcert=\(fixture.cluster.certificate)")
        #expect(verified.status == 0, "\(verified.standardError)")
        #expect(verified.standardOutput.contains("schema passage (TLS):"), "\(verified.standardOutput)")

        let wrongName = try fixture.mirror(url: "postgresql://admin@localhost:\(fixture.cluster.port)/\(fixture.postgresDatabase)?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=\(fixture.cluster.certificate)")
        #expect(wrongName.status == 1)
        #expect(wrongName.standardError.contains("does not match host name \"localhost\""), "\(wrongName.standardError)")
    }
}
