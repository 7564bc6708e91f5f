import Foundation
import Passage
import PassagePostgres
import PassageSQLite
import Testing

/// A sealed database's personal columns reach PostgreSQL sealed, whatever
/// the flags, and never in clear: checked in a whole-database `pg_dump`.
@Suite("passage mirror of a sealed database", .enabled(if: PostgresCluster.testsRun, "needs PostgreSQL's server (apt-get install postgresql)"))
struct MirrorSealedTests {
    static let passphrase = "a long test passphrase"

    /// A change that leaves previous personal values in the audit.
    static let renamed = """
        id,label,contact,category,size,notes
        case-01,Family of Rahimi (renamed),New contact for the test,lpr,6,Changed notes for the mirror test

        """

    /// Seals the fixture's database with a passphrase and a `passage keygen`
    /// identity; returns the environment that opens it with the identity
    /// (quicker than the passphrase's scrypt in a debug build).
    func seal(_ fixture: MirrorFixture) throws -> [String: String] {
        let made = try fixture.run(["keygen", "--out", fixture.folder.file("key.txt")])
        #expect(made.status == 0, "\(made.standardError)")
        let recipient = made.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let sealed = try fixture.run(["init", "--seal", "--recipient", recipient, "--db", fixture.db],
                                     ["PASSAGE_PASSPHRASE": Self.passphrase])
        #expect(sealed.status == 0, "\(sealed.standardError)")
        return ["PASSAGE_IDENTITY": fixture.folder.file("key.txt")]
    }

    /// Seals the fixture's database and loads the sample, then the change;
    /// returns the environment that opens it.
    func sealedSample(_ fixture: MirrorFixture) throws -> [String: String] {
        let key = try seal(fixture)
        let load = try fixture.run(["load", "--db", fixture.db, samplePath], key)
        #expect(load.status == 0, "\(load.standardError)")
        let change = try fixture.run(["load", "--db", fixture.db, fixture.folder.write("change/cases.csv", Self.renamed)], key)
        #expect(change.status == 0, "\(change.standardError)")
        return key
    }

    static let injected = "Injected clear contact"

    /// A value that is not in the sealed form (written into the sealed
    /// database behind passage's back) is mirrored as nothing, not in clear.
    func expectInjectedClearValueSentAsNothing(_ fixture: MirrorFixture, _ arguments: [String] = [], environment: [String: String] = [:],
                                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let sqlite = try PassageSQLite.Connection(path: fixture.db)
        try sqlite.run("UPDATE cases SET contact = ? WHERE id = 'case-02'", [Self.injected])
        try sqlite.close()
        let result = try fixture.mirror(arguments, environment: environment)
        #expect(result.status == 0, "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardOutput.contains("cases: 0 inserted, 1 updated"), "\(result.standardOutput)", sourceLocation: sourceLocation)
        let postgres = try fixture.postgres()
        defer { postgres.close() }
        #expect(try postgres.scalar("SELECT count(contact) FROM passage.cases WHERE id = 'case-02'") == "0", sourceLocation: sourceLocation)
    }

    /// No personal value of the sample, the change or the injected value is
    /// anywhere in the whole PostgreSQL database.
    func expectNoClearValueInTheDump(_ fixture: MirrorFixture, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let values = try Self.clearValues() + [Self.injected]
        #expect(values.count > 50, "too few clear values to search for: \(values.count)", sourceLocation: sourceLocation)
        let leaks = try found(values, in: fixture)
        #expect(leaks.isEmpty, "clear personal values in PostgreSQL: \(leaks)", sourceLocation: sourceLocation)
    }

    /// The sample's personal values (every personal column of every kind,
    /// and the change's), long enough not to occur by chance elsewhere and
    /// without the characters `pg_dump` escapes.
    static func clearValues() throws -> [String] {
        try personalValues(of: sampleFiles() + [(kind: .cases, text: renamed)])
            .filter { !$0.contains(where: { "\\\t\r\n".contains($0) }) }
            .sorted()
    }

    /// The values found anywhere in the whole PostgreSQL database, as
    /// `pg_dump` writes it: every schema, table, row, view and function.
    func found(_ values: [String], in fixture: MirrorFixture) throws -> [String] {
        let url = fixture.url.replacingOccurrences(of: "admin@", with: "admin:\(PostgresCluster.adminPassword)@")
        let dump = try PostgresCluster.run(fixture.cluster.binaries + "/pg_dump", ["--dbname=\(url)", "--no-owner"], asServer: false)
        #expect(dump.contains("COPY passage.cases"), "the dump holds the mirrored rows")
        return values.filter { dump.contains($0) }
    }

    /// Every personal column of every mirrored table holds a sealed text or
    /// nothing, the audit's previous values too; returns how many sealed.
    func expectOnlySealed(_ postgres: PostgresConnection, schema: String = "passage",
                          sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        var sealed = 0
        for kind in RecordKind.allCases {
            for column in kind.columns where column.isPersonal {
                let row = try postgres.query("""
                    SELECT count(*) FILTER (WHERE \(column.name) NOT LIKE 'sealed:v1:%'), count(\(column.name)) FROM \(schema).\(kind.table)
                    """).first
                #expect(row?[0] == "0", "\(kind.table).\(column.name) holds a value that is not sealed", sourceLocation: sourceLocation)
                sealed += Int(row?[1] ?? "0") ?? 0
                let audit = try postgres.query("""
                    SELECT count(*) FILTER (WHERE previous ->> '\(column.name)' NOT LIKE 'sealed:v1:%'), count(previous ->> '\(column.name)')
                    FROM \(schema).audit WHERE kind = '\(kind.table)'
                    """).first
                #expect(audit?[0] == "0", "the audit's \(kind.table).\(column.name) holds a value that is not sealed", sourceLocation: sourceLocation)
                sealed += Int(audit?[1] ?? "0") ?? 0
            }
        }
        return sealed
    }

    @Test("a sealed database is mirrored sealed by default and with --include-personal; no clear value reaches PostgreSQL")
    func sealedByDefault() throws {
        let fixture = try MirrorFixture()
        _ = try sealedSample(fixture)

        // No key: the mirror never opens a value.
        let output = try fixture.mirrorSucceeds()
        #expect(output.contains("Personal columns: sealed, as the database stores them."), "\(output)")
        try fixture.expectMirrorMatchesDatabase(personal: true)
        let postgres = try fixture.postgres()
        defer { postgres.close() }
        #expect(try expectOnlySealed(postgres) > 100)
        #expect(try postgres.scalar("SELECT previous ->> 'label' FROM passage.audit WHERE record_id = 'case-01'")?.hasPrefix("sealed:v1:") == true)
        #expect(try postgres.scalar("SELECT personal FROM passage.passage_mirror") == "sealed")

        // --include-personal asks for nothing more: the same sealed texts,
        // so nothing new into this schema, and sealed ones into a new one.
        #expect(try fixture.mirrorSucceeds(["--include-personal"]).contains("Nothing new since the last mirror"))
        let flagged = try fixture.mirrorSucceeds(["--include-personal", "--schema", "flagged"])
        #expect(flagged.contains("Personal columns: sealed"), "\(flagged)")
        try fixture.expectMirrorMatchesDatabase(personal: true, schema: "flagged")
        #expect(try expectOnlySealed(postgres, schema: "flagged") > 100)

        try expectInjectedClearValueSentAsNothing(fixture)
        try expectNoClearValueInTheDump(fixture)
    }

    @Test("a sealed database mirrored with --include-personal, its key at hand: every personal column holds its sealed text, no clear value reaches PostgreSQL")
    func includePersonalSendsOnlySealed() throws {
        let fixture = try MirrorFixture()
        // The identity and the passphrase both within the mirror's reach:
        // it could open every value, and must still send none in clear.
        let key = try sealedSample(fixture).merging(["PASSAGE_PASSPHRASE": Self.passphrase]) { $1 }
        let first = try fixture.mirror(["--include-personal"], environment: key)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("Created the mirror"), "\(first.standardOutput)")
        #expect(first.standardOutput.contains("Personal columns: sealed, as the database stores them."), "\(first.standardOutput)")
        // Every personal value as the database stores it, sealed.
        try fixture.expectMirrorMatchesDatabase(personal: true)
        let postgres = try fixture.postgres()
        defer { postgres.close() }
        #expect(try postgres.scalar("SELECT personal FROM passage.passage_mirror") == "sealed")
        #expect(try expectOnlySealed(postgres) > 100)
        for (table, column, id) in [("cases", "label", "case-01"), ("cases", "contact", "case-01"), ("cases", "notes", "case-01"), ("members", "name", "m-01-1")] {
            let value = try postgres.scalar("SELECT \(column) FROM passage.\(table) WHERE id = $1", [id])
            #expect(value?.hasPrefix(ValueSealer.prefix) == true, "\(table).\(column) of \(id): \(value ?? "null")")
        }
        #expect(try postgres.scalar("SELECT previous ->> 'label' FROM passage.audit WHERE record_id = 'case-01'")?.hasPrefix(ValueSealer.prefix) == true)
        try expectInjectedClearValueSentAsNothing(fixture, ["--include-personal"], environment: key)
        try expectNoClearValueInTheDump(fixture)
    }

    @Test("a database sealed after a mirror with its values in clear: the next mirror replaces every clear value by its sealed text")
    func sealedAfterAClearMirror() throws {
        let fixture = try MirrorFixture()
        try fixture.load([samplePath])
        try fixture.load([fixture.folder.write("change/cases.csv", Self.renamed)])
        #expect(try fixture.mirrorSucceeds(["--include-personal"]).contains("Personal columns: in clear."))
        let values = try Self.clearValues()
        // The search finds clear values when they are there.
        let inClear = try found(values, in: fixture)
        #expect(inClear.count > 50, "only \(inClear.count) of \(values.count) clear values found in the clear mirror")

        _ = try seal(fixture)
        let output = try fixture.mirrorSucceeds()
        #expect(output.contains("Personal columns: sealed"), "\(output)")
        #expect(output.contains("cases: 0 inserted, "), "\(output)")
        try fixture.expectMirrorMatchesDatabase(personal: true)
        let postgres = try fixture.postgres()
        defer { postgres.close() }
        #expect(try expectOnlySealed(postgres) > 100)
        let leaks = try found(values, in: fixture)
        #expect(leaks.isEmpty, "clear personal values left in PostgreSQL: \(leaks)")
        // Asked again for clear values, the sealed database still sends none.
        #expect(try fixture.mirrorSucceeds(["--include-personal"]).contains("Nothing new since the last mirror"))
    }

    @Test("an unsealed database: personal columns empty by default, in clear with --include-personal")
    func unsealedDefaultEmpty() throws {
        let fixture = try MirrorFixture()
        try fixture.load([samplePath])
        #expect(try fixture.mirrorSucceeds().contains("Personal columns: left empty (--include-personal sends them in clear)."))
        let values = try Self.clearValues()
        let leaks = try found(values, in: fixture)
        #expect(leaks.isEmpty, "clear values without --include-personal: \(leaks)")
        let postgres = try fixture.postgres()
        defer { postgres.close() }
        for kind in RecordKind.allCases {
            for column in kind.columns where column.isPersonal {
                #expect(try postgres.scalar("SELECT count(\(column.name)) FROM passage.\(kind.table)") == "0", "\(kind.table).\(column.name)")
            }
        }
        try fixture.mirrorSucceeds(["--include-personal"])
        try fixture.expectMirrorMatchesDatabase(personal: true)
        #expect(try postgres.scalar("SELECT name FROM passage.members WHERE id = 'm-01-1'") == "Mohammad Hussain Rahimi")
        #expect(try postgres.scalar("SELECT count(*) FROM passage.cases WHERE label LIKE 'sealed:%'") == "0")
    }
}
