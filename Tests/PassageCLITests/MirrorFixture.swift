import Foundation
import Passage
import PassagePostgres
import PassageSQLite
import Testing

/// One mirror test's world: a passage database in a temporary folder and an
/// empty PostgreSQL database of the test cluster to mirror it into. Every
/// command runs with the administrator's password in PGPASSWORD.
final class MirrorFixture: PassageSuite {
    let cluster: PostgresCluster
    /// The PostgreSQL database the mirror goes into.
    let postgresDatabase: String
    let folder = TemporaryDirectory()
    static let database = "passage.db"
    static var environment: [String: String] { ["PGPASSWORD": PostgresCluster.adminPassword] }
    var url: String { cluster.url(database: postgresDatabase) }

    init(cluster: PostgresCluster? = nil) throws {
        self.cluster = try cluster ?? PostgresCluster.sharedCluster()
        postgresDatabase = try self.cluster.makeDatabase()
    }

    /// Loads `paths` into the database; the load must commit.
    func load(_ paths: [String]) throws {
        let result = try run(["load", "--db", db] + paths)
        #expect(result.status == 0, "load failed: \(result.standardError)")
    }

    /// `passage mirror --db DB URL ARGUMENTS`.
    @discardableResult
    func mirror(_ arguments: [String] = [], url: String? = nil, environment: [String: String] = [:]) throws -> PassageProcess.Result {
        try run(["mirror", "--db", db, url ?? self.url] + arguments, environment)
    }

    /// Mirrors; the run must succeed.
    @discardableResult
    func mirrorSucceeds(_ arguments: [String] = []) throws -> String {
        let result = try mirror(arguments)
        #expect(result.status == 0, "mirror failed: \(result.standardError)")
        return result.standardOutput
    }

    /// The administrator's connection to the test database, with times
    /// printed in UTC.
    func postgres() throws -> PostgresConnection {
        let connection = try cluster.connect(database: postgresDatabase)
        try connection.execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO'")
        return connection
    }

    /// Every row version of every table of the schema (xmin and ctid), to
    /// tell whether a run wrote any row.
    func rowVersions(schema: String = "passage") throws -> [String: String] {
        let connection = try postgres()
        defer { connection.close() }
        var versions: [String: String] = [:]
        for row in try connection.query("SELECT tablename FROM pg_tables WHERE schemaname = $1", [schema]) {
            let table = row[0]!
            versions[table] = try connection.scalar("SELECT coalesce(string_agg(xmin::text || '@' || ctid::text, ' ' ORDER BY ctid), '') FROM \(schema).\(table)") ?? ""
        }
        return versions
    }

    /// Rows inserted, updated and deleted in the schema's tables, as the
    /// server's statistics count them (after the writing backends ended).
    func rowChangeCount(schema: String = "passage") throws -> Int {
        let connection = try postgres()
        defer { connection.close() }
        for _ in 0..<100 {
            let writers = try connection.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'passage mirror'") ?? "0"
            if writers == "0" { break }
            usleep(50_000)
        }
        try connection.execute("SELECT pg_stat_clear_snapshot()")
        return Int(try connection.scalar("""
            SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables WHERE schemaname = $1
            """, [schema]) ?? "0") ?? -1
    }

    /// Checks that every record table, the loads and the audit in
    /// PostgreSQL hold exactly what the SQLite database holds (personal
    /// columns empty unless `personal`).
    func expectMirrorMatchesDatabase(personal: Bool = false, schema: String = "passage",
                                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let sqlite = try PassageSQLite.Connection(path: db, mode: .readOnly)
        let zone = try sqlite.scalarText("SELECT value FROM settings WHERE key = 'event_zone'") ?? "+04:30"
        let postgres = try postgres()
        defer { postgres.close() }
        for kind in RecordKind.allCases {
            var here: [String] = ["id"], there: [String] = ["id"]
            for column in kind.columns where column.name != "id" {
                let name = column.name
                let value = column.isPersonal && !personal ? "NULL" : name
                switch column.type {
                case .time where !column.isPersonal:
                    here += ["unixepoch(CASE WHEN length(\(value)) = 10 THEN \(value) || 'T00:00:00' || '\(zone)' ELSE \(value) END)",
                             "CASE WHEN length(\(value)) = 10 THEN \(value) END"]
                    there += ["extract(epoch FROM \(name))::bigint", "\(name)_date"]
                default:
                    here.append(value)
                    there.append(name)
                }
            }
            here += ["load_id", "load_row", "revision"]
            there += ["load_id", "load_row", "revision"]
            let expected = try sqlite.prepare("SELECT \(here.joined(separator: ", ")) FROM \(kind.table) ORDER BY id").allRows()
                .map { $0.map(MirrorFixture.text) }
            let actual = try postgres.query("SELECT \(there.map { "(\($0))::text" }.joined(separator: ", ")) FROM \(schema).\(kind.table) ORDER BY id COLLATE \"C\"")
                .map { $0.map(MirrorFixture.normalized) }
            #expect(actual.count == expected.count, "\(kind.table): \(actual.count) rows mirrored, \(expected.count) in SQLite", sourceLocation: sourceLocation)
            for (index, (want, got)) in zip(expected, actual).enumerated() where want != got {
                Issue.record("\(kind.table) row \(index): SQLite \(want), PostgreSQL \(got)", sourceLocation: sourceLocation)
                break
            }
        }
        for table in ["loads", "load_files", "load_counts", "audit"] {
            let here = try sqlite.scalarInt("SELECT count(*) FROM \(table)") ?? -1
            let there = Int64(try postgres.scalar("SELECT count(*) FROM \(schema).\(table)") ?? "") ?? -2
            #expect(here == there, "\(table): \(there) rows mirrored, \(here) in SQLite", sourceLocation: sourceLocation)
        }
        try sqlite.close()
    }

    /// SQLite values as the text PostgreSQL prints for the same value.
    static func text(_ value: SQLiteValue) -> String? {
        switch value {
        case .null: nil
        case .integer(let integer): String(integer)
        case .real(let real): String(real)
        case .text(let text): text
        case .blob(let bytes): "<\(bytes.count) bytes>"
        }
    }

    /// PostgreSQL's text of a double may differ from Swift's in form only.
    static func normalized(_ text: String?) -> String? {
        guard let text, text.contains("."), let number = Double(text) else { return text }
        return String(number)
    }

    /// Runs a canned report and the same report in PostgreSQL, and checks
    /// that they give the same rows in the same order: times as instants,
    /// numbers as numbers.
    func expectReportMatches(_ report: String, postgresQuery: String, timeColumns: Set<String>, parameters: [String] = [],
                             schema: String = "passage", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try run(["report", report, "--db", db, "--format", "json"] + parameters.flatMap { ["--param", $0] })
        #expect(result.status == 0, "report \(report): \(result.standardError)", sourceLocation: sourceLocation)
        let rows = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]] ?? []
        let sqlite = try PassageSQLite.Connection(path: db, mode: .readOnly)
        let zone = EventZone(try sqlite.scalarText("SELECT value FROM settings WHERE key = 'event_zone'") ?? "+04:30")!
        try sqlite.close()
        let postgres = try postgres()
        defer { postgres.close() }
        try postgres.execute("SET search_path TO \(schema)")
        let names = try MirrorFixture.columnNames(of: postgresQuery, on: postgres)
        let mirrored = try postgres.query(postgresQuery)
        #expect(mirrored.count == rows.count, "\(report): \(mirrored.count) rows in PostgreSQL, \(rows.count) from passage", sourceLocation: sourceLocation)
        #expect(!rows.isEmpty, "\(report) gave no rows: the comparison would prove nothing", sourceLocation: sourceLocation)
        for (index, (row, theirs)) in zip(rows, mirrored).enumerated() {
            #expect(Set(row.keys) == Set(names), "\(report): columns differ", sourceLocation: sourceLocation)
            for (offset, name) in names.enumerated() {
                let mine = row[name].flatMap { $0 is NSNull ? nil : $0 }
                let other = theirs[offset]
                let same: Bool
                switch (mine, other) {
                case (nil, nil): same = true
                case (nil, _), (_, nil): same = false
                case (let mine?, let other?):
                    if timeColumns.contains(name) {
                        same = MirrorFixture.instant(mine as? String ?? "", zone: zone) == MirrorFixture.instant(other, zone: zone)
                            && MirrorFixture.instant(other, zone: zone) != nil
                    } else if let number = mine as? NSNumber, !(mine is String) {
                        same = Double(other) == number.doubleValue
                    } else {
                        same = (mine as? String) == other
                    }
                }
                if !same {
                    Issue.record("\(report) row \(index) \(name): passage \(String(describing: mine)), PostgreSQL \(String(describing: other))", sourceLocation: sourceLocation)
                    return
                }
            }
        }
    }

    static func columnNames(of query: String, on connection: PostgresConnection) throws -> [String] {
        try connection.execute("CREATE TEMP VIEW passage_test_columns AS \(query)")
        defer { try? connection.execute("DROP VIEW passage_test_columns") }
        return try connection.query("""
            SELECT attname FROM pg_attribute WHERE attrelid = 'passage_test_columns'::regclass AND attnum > 0 ORDER BY attnum
            """).compactMap { $0[0] }
    }

    /// Seconds since 1970 of a time as passage prints it (`YYYY-MM-DD` is
    /// local midnight in `zone`) or as PostgreSQL does in UTC
    /// (`YYYY-MM-DD HH:MM:SS+00`).
    static func instant(_ text: String, zone: EventZone) -> Int? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            return Int(String(decoding: bytes[range], as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        if bytes.count == 10 { return days * 86400 - zone.offsetSeconds }
        guard let hour = number(11..<13), let minute = number(14..<16) else { return nil }
        var index = 16
        var second = 0
        if bytes.count > 18, bytes[16] == UInt8(ascii: ":"), let value = number(17..<19) { second = value; index = 19 }
        var offset = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            let hours = number(index + 1..<index + 3) ?? 0
            let minutes = bytes.count >= index + 6 ? number(index + 4..<index + 6) ?? 0 : 0
            offset = sign * (hours * 3600 + minutes * 60)
        }
        return days * 86400 + hour * 3600 + minute * 60 + second - offset
    }
}
