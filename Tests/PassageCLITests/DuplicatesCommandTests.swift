import Foundation
import Testing

/// `passage duplicates`, its decisions and `case --personal`, end to end
/// on the built binary and the bundled sample (whose case-41 is case-01's
/// family reported a second time, by another source and spelling).
@Suite struct DuplicatesCommandTests {
    let folder = TemporaryDirectory()
    static let header = "case_a,case_b,score,evidence,source_a,source_b,status\n"

    func loadSample() throws {
        let load = try PassageProcess.run(["load", samplePath], in: folder.path)
        #expect(load.status == 0, "\(load.standardError)")
    }

    func listing(_ extra: [String] = []) throws -> String {
        let result = try PassageProcess.run(["duplicates", "--format", "csv"] + extra, in: folder.path)
        #expect(result.status == 0, "\(result.standardError)")
        return result.standardOutput
    }

    @Test func theSampleShowsTheFamilyReportedTwiceAndNoPersonalValue() throws {
        try loadSample()
        let csv = try listing()
        #expect(csv.hasPrefix(Self.header))
        let rows = csv.split(separator: "\n").dropFirst()
        #expect(rows.first?.hasPrefix("case-01,case-41,1.000,document;phone;name+birth;name;birth;size;category;place") == true, "\(csv)")
        #expect(rows.first?.hasSuffix(",src-net-veterans,src-net-ngo,open") == true)
        // Case ids, scores, codes and sources only.
        let all = try listing(["--all"])
        for personal in ["Rahimi", "RAHIMI", "Ahmadi", "0142", "555", "IOE", "ioe", "1979", "Family of six", "NGO case worker"] {
            #expect(!all.contains(personal), "\(personal) in the listing")
        }
        // Ordered by score, then the pair.
        let scores = all.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[2])! }
        #expect(scores == scores.sorted(by: >))
        // JSON gives the score as a number.
        let json = try PassageProcess.run(["duplicates", "--format", "json"], in: folder.path).standardOutput
        #expect(json.contains("\"score\":1"))
        // --min-score 1 keeps only the pairs that round to 1.000; 0 with --all lists the weak ones too.
        #expect(try listing(["--min-score", "1"]).split(separator: "\n").count == 2)
        #expect(all.split(separator: "\n").count > 2)
    }

    @Test func decisionsAreListedAuditedExportedAndLoadedBack() throws {
        try loadSample()
        let confirm = try PassageProcess.run(["duplicates", "confirm", "case-41", "case-01"], in: folder.path)
        #expect(confirm.status == 0, "\(confirm.standardError)")
        #expect(confirm.standardOutput.contains("case-01 and case-41: confirmed"))
        #expect(try listing().contains("case-01,case-41,1.000,") && listing().contains(",confirmed\n"))
        // Dismissed: gone from the listing but with --all.
        #expect(try PassageProcess.run(["duplicates", "dismiss", "case-01", "case-41"], in: folder.path).status == 0)
        #expect(try listing() == Self.header)
        #expect(try listing(["--all"]).contains(",src-net-veterans,src-net-ngo,dismissed\n"))
        // The earlier decision is in the audit.
        let audit = try PassageProcess.run(["query", "SELECT previous ->> 'status' AS was FROM audit WHERE kind = 'case_links'", "--format", "csv"],
                                           in: folder.path)
        #expect(audit.standardOutput == "was\nconfirmed\n")
        // Reloading the sample keeps the decision; the export carries it into a new database.
        #expect(try PassageProcess.run(["load", samplePath], in: folder.path).status == 0)
        #expect(try listing(["--all"]).contains(",dismissed\n"))
        #expect(try PassageProcess.run(["export", "out"], in: folder.path).status == 0)
        let links = try String(contentsOfFile: folder.file("out/case_links.csv"), encoding: .utf8)
        #expect(links.hasPrefix("id,case_a,case_b,status,decided_at,notes\ncase-01..case-41,case-01,case-41,dismissed,"))
        let reload = try PassageProcess.run(["load", "out", "--db", "copy.db"], in: folder.path)
        #expect(reload.status == 0, "\(reload.standardError)")
        let copied = try PassageProcess.run(["duplicates", "--all", "--format", "csv", "--db", "copy.db"], in: folder.path)
        #expect(copied.standardOutput.contains("case-01,case-41,1.000,") && copied.standardOutput.contains(",dismissed\n"))
    }

    @Test func badDecisionsAndOptionsAreRefused() throws {
        try loadSample()
        let unknown = try PassageProcess.run(["duplicates", "confirm", "case-01", "case-404"], in: folder.path)
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("no case with id 'case-404'"))
        let itself = try PassageProcess.run(["duplicates", "dismiss", "case-01", "case-01"], in: folder.path)
        #expect(itself.status == 1)
        #expect(itself.standardError.contains("a case cannot be linked with itself"))
        let range = try PassageProcess.run(["duplicates", "--min-score", "1.5"], in: folder.path)
        #expect(range.status == 64)
        #expect(try PassageProcess.run(["query", "SELECT count(*) AS n FROM case_links", "--format", "csv"], in: folder.path).standardOutput == "n\n0\n")
        // A case_links file in the wrong order is refused with its line.
        folder.write("links/case_links.csv", "id,case_a,case_b,status\nl-1,case-41,case-01,confirmed\n")
        let load = try PassageProcess.run(["load", "links"], in: folder.path)
        #expect(load.status == 1)
        #expect(load.standardError.contains("case_links.csv:2: case_b: 'case-01' sorts before case_a 'case-41'"))
        // A pair has one decision: a second id for it is refused, in one load or against the database.
        folder.write("twice/case_links.csv", "id,case_a,case_b,status\nl-1,case-01,case-41,confirmed\nl-2,case-01,case-41,dismissed\n")
        let twice = try PassageProcess.run(["load", "twice"], in: folder.path)
        #expect(twice.status == 1)
        #expect(twice.standardError.contains("case_links.csv:3: case_b: the pair case-01, case-41 already has a decision, case_links 'l-1'"))
        #expect(try PassageProcess.run(["duplicates", "confirm", "case-01", "case-41"], in: folder.path).status == 0)
        folder.write("again/case_links.csv", "id,case_a,case_b,status\nl-3,case-01,case-41,dismissed\n")
        let again = try PassageProcess.run(["load", "again"], in: folder.path)
        #expect(again.status == 1)
        #expect(again.standardError.contains("already has a decision, case_links 'case-01..case-41'"))
        let none = try PassageProcess.run(["duplicates", "--db", "missing.db"], in: folder.path)
        #expect(none.status == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.file("missing.db")))
    }

    @Test func casePersonalListsTheLabelContactAndMembers() throws {
        try loadSample()
        let plain = try PassageProcess.run(["case", "case-41"], in: folder.path)
        #expect(!plain.standardOutput.contains("Rahimi"))
        let personal = try PassageProcess.run(["case", "case-41", "--personal"], in: folder.path)
        #expect(personal.status == 0)
        for text in ["Rahimi family (second report)", "NGO case worker", "Members (5):", "RAHIMI, Muhammad Hossein", "0093705550142", "att-41-1"] {
            #expect(personal.standardOutput.contains(text), "\(text)")
        }
        let rows = try PassageProcess.run(["case", "case-41", "--personal", "--format", "csv"], in: folder.path).standardOutput
        #expect(rows.hasPrefix("case_id,label,contact,member_id,member_name,member_birth_date,"))
        #expect(rows.split(separator: "\n").count == 6)
    }
}
