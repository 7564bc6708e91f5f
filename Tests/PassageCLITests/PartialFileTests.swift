import Foundation
import Testing

/// A file with fewer columns than its kind updates only the columns it has.
@Suite struct PartialFileTests: PassageSuite {
    let folder = TemporaryDirectory()

    @Test func aColumnTheFileLacksKeepsItsStoredValueAndAnEmptyCellClearsIt() throws {
        #expect(try passage(["load", samplePath]).status == 0)  // the sample, unsealed
        let before = try csv("SELECT label, contact, registered_at, source_id, notes FROM cases WHERE id = 'case-01'")
        // The same values in the columns it has: unchanged, nothing erased.
        let same = folder.write("same/cases.csv", "id,category,size\ncase-01,lpr,6\n")
        let unchanged = try passage(["load", same, "--format", "csv"])
        #expect(unchanged.status == 0, "\(unchanged.standardError)")
        #expect(unchanged.standardOutput.hasSuffix("total,0,0,1,0\n"))
        #expect(try csv("SELECT label, contact, registered_at, source_id, notes FROM cases WHERE id = 'case-01'") == before)

        // A new size: one update, one audit row, the other columns kept.
        let resized = folder.write("resized/cases.csv", "id,category,size\ncase-01,lpr,7\n")
        #expect(try passage(["load", resized, "--format", "csv"]).standardOutput.hasSuffix("total,0,1,0,0\n"))
        #expect(try csv("SELECT size, label, notes FROM cases WHERE id = 'case-01'")
                == "size,label,notes\n7,Family of six (LPR),Both parents hold green cards; four children\n")
        #expect(try csv("SELECT count(*) AS n, json_extract(max(previous), '$.size') AS size FROM audit WHERE record_id = 'case-01' AND action = 'update'")
                == "n,size\n1,6\n")
        // Loading it again changes nothing.
        #expect(try passage(["load", resized, "--format", "csv"]).standardOutput.hasSuffix("total,0,0,1,0\n"))

        // An empty cell sets "not known"; a new record gets not known or the default.
        let cleared = folder.write("cleared/cases.csv", "id,category,size,notes\ncase-01,lpr,7,\ncase-new,lpr,2,\n")
        #expect(try passage(["load", cleared, "--format", "csv"]).standardOutput.hasSuffix("total,1,1,0,0\n"))
        #expect(try csv("SELECT id, label, notes FROM cases WHERE id IN ('case-01', 'case-new') ORDER BY id")
                == "id,label,notes\ncase-01,Family of six (LPR),\ncase-new,,\n")
        let sources = folder.write("partial/sources.csv", "id,kind\nsrc-net-veterans,network\nsrc-new,media\n")
        #expect(try passage(["load", sources]).status == 0)
        #expect(try csv("SELECT id, reliability FROM sources WHERE id IN ('src-net-veterans', 'src-new') ORDER BY id")
                == "id,reliability\nsrc-net-veterans,high\nsrc-new,unknown\n")
    }

    @Test func inJSONAnAbsentKeyKeepsTheValueAndNullClearsIt() throws {
        #expect(try passage(["load", samplePath]).status == 0)  // the sample, unsealed
        let json = folder.write("j/cases.ndjson", """
            {"id": "case-01", "category": "lpr", "size": 6, "contact": null}
            {"id": "case-02", "category": "us_citizen", "size": 5}

            """)
        let loaded = try passage(["load", json])
        #expect(loaded.status == 0, "\(loaded.standardError)")
        #expect(try csv("SELECT id, label IS NOT NULL AS labelled, contact FROM cases WHERE id IN ('case-01', 'case-02') ORDER BY id")
                == "id,labelled,contact\ncase-01,1,\ncase-02,1,relative in Virginia\n")
    }
}
