import Testing
@testable import Passage
import PassageAge
import PassageSQLite

/// The codec is the one place output changes a stored value: every format,
/// streamed or not, prints what it gives.
@Suite struct ValueCodecTests {
    let folder = TemporaryDirectory()
    let sealer = ValueSealer(dataKey: FileKey.random())

    /// Rows of the `cases` table's shape: a sealed label and contact, a
    /// clear one, NULL, and a number beside them.
    func casesSQL() -> String {
        let label = sealer.seal("Family, \"six\"", table: "cases", column: "label", id: "c-1")
        let contact = sealer.seal("+93 70 000 0000", table: "cases", column: "contact", id: "c-1")
        let other = sealer.seal("Citizen", table: "cases", column: "label", id: "c-2")
        return """
            SELECT 'c-1' AS id, '\(label)' AS label, 6 AS size, '\(contact)' AS contact, 1 AS flag
            UNION ALL SELECT 'c-2', '\(other)', 1, NULL, 0
            """
    }

    func outputs(_ codec: ValueCodec, format: OutputFormat, sql: String) throws -> (written: String, streamed: String?) {
        let connection = try Connection(path: folder.file("codec.db"))
        let formatter = RowFormatter(format: format, codec: codec)
        var written = ""
        try formatter.write(connection.prepare(sql), booleanColumns: ["flag"]) { written += $0 }
        var bytes: [UInt8] = []
        let handled = try formatter.writeStreamed(connection.prepare(sql), booleanColumns: ["flag"]) { bytes.append(contentsOf: $0) }
        return (written, handled.map { _ in String(decoding: bytes, as: UTF8.self) })
    }

    @Test(arguments: OutputFormat.allCases)
    func aSealedValueIsShownAsAPlaceholderNeverItsCiphertext(format: OutputFormat) throws {
        let (written, streamed) = try outputs(.maskingSealed, format: format, sql: casesSQL())
        #expect(!written.contains(ValueSealer.prefix))
        #expect(written.contains(ValueCodec.sealedPlaceholder))
        #expect(written.contains("c-2"))
        if let streamed { #expect(streamed == written) }
    }

    @Test(arguments: OutputFormat.allCases)
    func thePersonalColumnsOfAKindAreOpenedWithTheKey(format: OutputFormat) throws {
        let (written, streamed) = try outputs(.opening(.cases, with: sealer), format: format, sql: casesSQL())
        #expect(!written.contains(ValueSealer.prefix))
        #expect(written.contains("Citizen"))
        #expect(written.contains("+93 70 000 0000"))
        if let streamed { #expect(streamed == written) }
        // The same rows in clear print the same bytes.
        let clear = """
            SELECT 'c-1' AS id, 'Family, "six"' AS label, 6 AS size, '+93 70 000 0000' AS contact, 1 AS flag
            UNION ALL SELECT 'c-2', 'Citizen', 1, NULL, 0
            """
        #expect(try outputs(.stored, format: format, sql: clear).written == written)
    }

    /// A value sealed for another record does not open: the output stops
    /// with an error naming the table, column and record.
    @Test(arguments: [OutputFormat.csv, .json, .table])
    func aValueSealedForAnotherRecordStopsTheOutput(format: OutputFormat) throws {
        let moved = sealer.seal("Family", table: "cases", column: "label", id: "c-9")
        #expect {
            _ = try outputs(.opening(.cases, with: sealer), format: format, sql: "SELECT 'c-1' AS id, '\(moved)' AS label")
        } throws: { error in
            "\(error)".contains("cases.label of 'c-1' does not open")
        }
    }

    /// Only the kind's personal columns are opened; a sealed-looking value
    /// elsewhere is printed as stored.
    @Test func onlyPersonalColumnsAreOpened() throws {
        let codec = ValueCodec.opening(.cases, with: sealer).columns(["id", "label", "category", "contact", "notes"])
        #expect(codec.converts == [false, true, false, true, true])
        #expect(ValueCodec.stored.columns(["id", "label"]).convertsNothing)
    }

    /// `passage case`'s timeline comes from the library, in time order.
    @Test func aCaseTimelineIsReadFromTheStore() throws {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        folder.write("more/attempts.csv", """
            id,case_id,route_id,attempted_at,result,people,escort_run_id,source_id,notes
            att-2,c-1,rt-fuel,2021-08-25T01:00,admitted,,,,
            att-1,c-1,rt-moi,2021-08-24T22:30,turned_away,,run-1,,

            """)
        #expect(try load(store, [world, folder.file("more")]).succeeded)
        let timeline = try store.caseTimeline(caseID: "c-1")
        #expect(timeline.columns.prefix(3) == ["at", "kind", "id"])
        #expect(timeline.rows.map { $0[2] } == [.text("att-1"), .text("att-2")])
        #expect(timeline.rows.map { $0[7] } == [.integer(6), .integer(6)])
        #expect(try store.caseTimeline(caseID: "c-none").rows.isEmpty)
    }
}
