import Foundation
import Testing
@testable import Passage
import PassageSQLite

/// The rules of members: birth dates, at most `size` members and one
/// principal per case (also over several loads and when a size shrinks),
/// references, the four formats, export and reload.
@Suite struct MemberRuleTests {
    let folder = TemporaryDirectory()
    static let header = "id,case_id,name,birth_date,sex,relationship,document_kind,document_number,phone,source_id,notes\n"

    func loaded() throws -> Store {
        let store = try makeStore(folder)
        let summary = try load(store, [World.write(into: folder)])
        #expect(summary.succeeded)
        return store
    }

    func problems(_ store: Store, _ name: String, _ text: String) throws -> [String] {
        try load(store, [folder.write(name, text)]).problems
    }

    @Test func birthDatesAreAYearAMonthOrADayThatExistedAndIsNotInTheFuture() throws {
        let store = try loaded()
        let found = try problems(store, "members.csv", Self.header + """
            m-1,c-1,A,1990-13,,,,,,,
            m-2,c-1,B,1990-02-30,,,,,,,
            m-3,c-1,C,2999,,,,,,,
            m-4,c-1,D,90,,,,,,,
            m-5,c-1,E,1850,,,,,,,
            m-6,c-1,F,2000-02-29,,,,,,,
            m-7,c-1,G,1984,,,,,,,
            m-8,c-1,H,1984-07,,,,,,,

            """)
        #expect(found.count == 5)
        #expect(found.contains { $0.hasSuffix("members.csv:2: birth_date: '1990-13' is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD (a real month and day)") })
        #expect(found.contains { $0.contains("members.csv:3: birth_date: '1990-02-30'") })
        #expect(found.contains { $0.hasSuffix("members.csv:4: birth_date: '2999' is in the future") })
        #expect(found.contains { $0.contains("members.csv:5: birth_date: '90'") })
        #expect(found.contains { $0.hasSuffix("members.csv:6: birth_date: '1850' is before 1880") })
        #expect(try store.count(.members) == 0, "nothing is loaded")
        #expect(PartialDate.problem("2021-08-31", today: "2021-08-30") != nil)
        #expect(PartialDate.problem("2021-08", today: "2021-08-30") == nil)
        #expect(PartialDate.problem("2021-09", today: "2021-08-30") != nil)
    }

    @Test func aMemberOfACaseThatDoesNotExistIsRefused() throws {
        let store = try loaded()
        let found = try problems(store, "members.csv", Self.header + "m-1,c-404,A,,,,,,,,\n")
        #expect(found == ["\(folder.file("members.csv")):2: case_id: no cases with id 'c-404' in the database or this load"])
    }

    @Test func aCaseHasAtMostSizeMembersAndOnePrincipal() throws {
        let store = try loaded()
        // c-2 is a party of one.
        let found = try problems(store, "members.csv", Self.header + """
            m-1,c-2,A,,,principal,,,,,
            m-2,c-2,B,,,principal,,,,,

            """)
        #expect(found == [
            "\(folder.file("members.csv")):3: case_id: case 'c-2' would have 2 members, more than its party of 1 (at most size members)",
            "\(folder.file("members.csv")):3: relationship: case 'c-2' would have 2 principals (at most one)",
        ])
        #expect(try store.count(.members) == 0)
    }

    @Test func theRulesHoldOverSeveralLoadsAndWhenASizeShrinks() throws {
        let store = try loaded()
        #expect(try problems(store, "a.members.csv", Self.header + "m-1,c-1,A,,,principal,,,,,\nm-2,c-1,B,,,child,,,,,\n").isEmpty)
        // A second principal in a later load.
        let second = try problems(store, "b.members.csv", Self.header + "m-3,c-1,C,,,principal,,,,,\n")
        #expect(second == ["\(folder.file("b.members.csv")):2: relationship: case 'c-1' would have 2 principals (at most one)"])
        // Shrinking c-1 below its two members.
        let shrink = try problems(store, "c.cases.csv", "id,category,size\nc-1,lpr,1\n")
        #expect(shrink == ["\(folder.file("c.cases.csv")):2: size: case 'c-1' has 2 members, more than a party of 1 (at most size members)"])
        // With --rejects too: which member to drop is not for passage to choose.
        let rejected = try load(store, [folder.file("c.cases.csv")]) { $0.rejectsPath = folder.file("rejects.csv") }
        #expect(!rejected.succeeded)
        #expect(try store.fetch(Case.self, id: "c-1")?.size == 6)
        // Moving a member to another case frees its place; the principal may change hands in one load.
        #expect(try problems(store, "d.members.csv", Self.header + "m-1,c-1,A,,,child,,,,,\nm-3,c-1,C,,,principal,,,,,\n").isEmpty)
        #expect(try store.count(.members) == 3)
    }

    @Test func membersLoadFromEveryFormatExportAndReloadUnchanged() throws {
        let store = try loaded()
        folder.write("f/a.members.tsv", "id\tcase_id\tname\tbirth_date\tphone\nm-1\tc-1\tFatima Rahimi\t1984-09-03\t+93 70 555 0142\n")
        folder.write("f/b.members.json", #"[{"id": "m-2", "case_id": "c-1", "name": "RAHIMI, Muhammad", "birth_date": "1979", "document_number": "ioe-091"}]"#)
        folder.write("f/c.members.ndjson", #"{"id": "m-3", "case_id": "c-1", "relationship": "child", "sex": "female"}"# + "\n")
        folder.write("f/d.members.csv", Self.header + "m-4,c-1,Naqib Ulla,2013-11,male,child,tazkira,1400-0101,,src-net,a note\n")
        let summary = try load(store, [folder.file("f")])
        #expect(summary.succeeded, "\(summary.problems)")
        #expect(summary.counts[.members]?.inserted == 4)
        let member = try #require(try store.fetch(Member.self, id: "m-3"))
        #expect(member.relationship == .child && member.sex == .female && member.documentKind == .unknown)
        try store.export(to: folder.file("out"), format: .csv, redact: false)
        let exported = try String(contentsOfFile: folder.file("out/members.csv"), encoding: .utf8)
        #expect(exported.contains("Fatima Rahimi"))
        let copy = try makeStore(folder, name: "copy.db")
        #expect(try load(copy, [folder.file("out")]).succeeded)
        let columns = "SELECT \(RecordKind.members.columns.map(\.name).joined(separator: ", ")) FROM members ORDER BY id"
        #expect(try copy.connection.prepare(columns).allRows() == store.connection.prepare(columns).allRows())
        // Loading the export again changes nothing.
        let again = try load(store, [folder.file("out")])
        #expect(again.counts[.members]?.unchanged == 4)
        // A redacted export leaves every personal column of members empty.
        try store.export(to: folder.file("redacted"), format: .csv, redact: true)
        let redacted = try String(contentsOfFile: folder.file("redacted/members.csv"), encoding: .utf8)
        for value in ["Fatima", "1984", "0142", "ioe", "a note"] { #expect(!redacted.contains(value)) }
    }

    @Test func anUpdateOfAMemberIsAudited() throws {
        let store = try loaded()
        #expect(try problems(store, "a.members.csv", Self.header + "m-1,c-1,Fatima,,,,,,,,\n").isEmpty)
        #expect(try problems(store, "b.members.csv", Self.header + "m-1,c-1,Fatema,,,,,,,,\n").isEmpty)
        let previous = try store.connection.scalarText("SELECT previous ->> 'name' FROM audit WHERE kind = 'members' AND record_id = 'm-1'")
        #expect(previous == "Fatima")
    }
}
