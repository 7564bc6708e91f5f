import Foundation
import Testing
@testable import Passage

/// Each rule of docs/data-model.md and docs/loading.md: the row is rejected with FILE:LINE: column: message,
/// and nothing changes.
@Suite struct LoaderRuleTests {
    let folder = TemporaryDirectory()

    /// Loads the world, then `name` with `text` on its own, expecting failure.
    func rejection(_ name: String, _ text: String) throws -> (summary: LoadSummary, path: String, before: [String], after: [String]) {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        #expect(try load(store, [world]).succeeded)
        let before = try dump(store)
        let path = folder.write("bad/\(name)", text)
        let summary = try load(store, [path])
        return (summary, path, before, try dump(store))
    }

    static let rules: [(file: String, text: String, line: Int, column: String, message: String)] = [
        ("sources.csv", "id,kind\ns-x,blog\n", 2, "kind", "'blog' is not one of us_official, network, family, evacuee, media, other"),
        ("sources.csv", "id,kind,reliability\ns-x,media,certain\n", 2, "reliability", "'certain' is not one of high, medium, low, unknown"),
        ("sources.csv", "id,kind\n,media\n", 2, "id", "a required value is missing"),
        ("sources.csv", "id,kind\nhas space,media\n", 2, "id", "'has space' is not a valid id: a space is not allowed"),
        ("sources.csv", "id,kind\n\(String(repeating: "x", count: 65)),media\n", 2, "id", "an id has at most 64 characters (this one has 65)"),
        ("sources.csv", "id,kind\ns-ok,media\n'; DROP TABLE cases;--,media\n", 3, "id", "is not a valid id"),
        ("muster_points.csv", "id\nmp-x\n", 1, "name", "required column is missing from the header"),
        ("muster_points.csv", "id,name,latitude\nmp-x,X,91\n", 2, "latitude", "91 is outside -90…90"),
        ("gates.csv", "id,name,longitude\ng-x,X,east\n", 2, "longitude", "'east' is not a number"),
        ("gates.csv", "id,name,longitude\ng-x,X,0x10\n", 2, "longitude", "'0x10' is not a number"),
        ("routes.csv", "id,muster_point_id,gate_id\nrt-x,mp-moi,gate-nowhere\n", 2, "gate_id", "no gates with id 'gate-nowhere' in the database or this load"),
        ("routes.csv", "id,muster_point_id\nrt-x,mp-moi\n", 1, "gate_id", "required column is missing from the header"),
        ("cases.csv", "id,category,size\nc-x,tourist,1\n", 2, "category", "'tourist' is not one of"),
        ("cases.csv", "id,category,size\nc-x,lpr,0\n", 2, "size", "0 is below the minimum of 1"),
        ("cases.csv", "id,category,size\nc-x,lpr,two\n", 2, "size", "'two' is not a whole number"),
        ("cases.csv", "id,category,size\nc-x,lpr,2.5\n", 2, "size", "'2.5' is not a whole number"),
        // Sums over any number of rows must fit SQLite's 64-bit integers.
        ("cases.csv", "id,category,size\nc-x,lpr,1000000000\n", 2, "size", "1000000000 is too large (at most 999999999)"),
        ("cases.csv", "id,category,size\nc-x,lpr,999999999999999999999\n", 2, "size", "999999999999999999999 is too large (at most 999999999)"),
        ("escort_runs.csv", "id,route_id,escort,departed_at,people\nrun-x,rt-moi,taliban,2021-08-25T10:00,1e12\n", 2, "people", "1e12 is too large"),
        ("incidents.csv", "id,kind,occurred_at,gate_id,people_affected\ni-x,turned_away,2021-08-25T10:00,gate-abbey,5000000000\n", 2, "people_affected", "is too large"),
        ("cases.csv", "id,category,size,children\nc-x,lpr,2,3\n", 2, "children", "3 children in a party of 2 (children ≤ size)"),
        ("cases.csv", "id,category,size,children\nc-x,lpr,2,-1\n", 2, "children", "-1 is below the minimum of 0"),
        ("cases.csv", "id,category,size,registered_at\nc-x,lpr,2,2021-02-30\n", 2, "registered_at", "is not a real date (February 2021 has 28 days)"),
        ("cases.csv", "id,category,size,registered_at\nc-x,lpr,2,yesterday\n", 2, "registered_at", "'yesterday' is not a time"),
        ("cases.csv", "id,category,size,source_id\nc-x,lpr,2,src-nowhere\n", 2, "source_id", "no sources with id 'src-nowhere'"),
        ("cases.csv", "id,category,size,favourite_colour\nc-x,lpr,2,blue\n", 1, "favourite_colour", "unknown column for cases"),
        ("escort_runs.csv", "id,route_id,escort,departed_at,arrived_at\nrun-x,rt-moi,taliban,2021-08-25T10:00,2021-08-25T09:59\n", 2, "arrived_at", "is before departed_at"),
        ("escort_runs.csv", "id,route_id,escort,departed_at\nrun-x,rt-moi,army,2021-08-25T10:00\n", 2, "escort", "'army' is not one of"),
        ("escort_runs.csv", "id,route_id,escort,departed_at,people\nrun-x,rt-moi,taliban,2021-08-25T10:00,-3\n", 2, "people", "-3 is below the minimum of 0"),
        ("escort_runs.csv", "id,route_id,escort,departed_at,status\nrun-x,rt-moi,taliban,2021-08-25T10:00,lost\n", 2, "status", "'lost' is not one of completed, aborted, unknown"),
        ("escort_runs.csv", "id,route_id,escort\nrun-x,rt-moi,taliban\n", 1, "departed_at", "required column is missing from the header"),
        ("attempts.csv", "id,case_id,route_id,attempted_at,result\na-x,c-1,rt-moi,2021-08-25T10:00,waved\n", 2, "result", "'waved' is not one of admitted, turned_away, aborted, no_show, unknown"),
        ("attempts.csv", "id,case_id,route_id,attempted_at,result,people\na-x,c-1,rt-moi,2021-08-25T10:00,admitted,7\n", 2, "people", "7 people, but case 'c-1' has a party of 6"),
        ("attempts.csv", "id,case_id,route_id,attempted_at,result,people\na-x,c-1,rt-moi,2021-08-25T10:00,admitted,0\n", 2, "people", "0 is below the minimum of 1"),
        ("attempts.csv", "id,case_id,route_id,attempted_at,result,escort_run_id\na-x,c-1,rt-moi,2021-08-25T10:00,admitted,run-2\n", 2, "escort_run_id", "escort run 'run-2' is on route 'rt-fuel', not the attempt's route 'rt-moi'"),
        ("attempts.csv", "id,case_id,route_id,attempted_at,result\na-x,c-404,rt-moi,2021-08-25T10:00,admitted\n", 2, "case_id", "no cases with id 'c-404'"),
        ("attempts.csv", "id,case_id,route_id,attempted_at,result\na-x,c-1,rt-moi,2021-8-25,admitted\n", 2, "attempted_at", "'2021-8-25' is not a time"),
        ("attempts.csv", "id,case_id,route_id,attempted_at,result\na-x,c-1,rt-moi,,admitted\n", 2, "attempted_at", "a required value is missing"),
        ("attempts.csv", "id,case_id,route_id,attempted_at,result\na-x,c-1,rt-moi,2021-08-25T10:00,admitted\na-y,c-1,rt-moi,2021-08-25T11:00,admitted\na-x,c-2,rt-moi,2021-08-25T12:00,admitted\n", 4, "id", "attempts id 'a-x' appears more than once in this load"),
        ("incidents.csv", "id,kind,occurred_at\ni-x,turned_away,2021-08-25T10:00\n", 2, "muster_point_id", "an incident needs a muster_point_id or a gate_id (or both)"),
        ("incidents.csv", "id,kind,occurred_at,gate_id,denied_by\ni-x,turned_away,2021-08-25T10:00,gate-abbey,police\n", 2, "denied_by", "'police' is not one of taliban, us_forces, crowd, unknown"),
        ("incidents.csv", "id,kind,occurred_at,gate_id,documents\ni-x,turned_away,2021-08-25T10:00,gate-abbey,passport\n", 2, "documents", "'passport' is not one of"),
        ("incidents.csv", "id,kind,occurred_at,gate_id,verification\ni-x,turned_away,2021-08-25T10:00,gate-abbey,true\n", 2, "verification", "'true' is not one of confirmed, unconfirmed, disputed"),
        ("incidents.csv", "id,kind,occurred_at,gate_id,people_affected\ni-x,turned_away,2021-08-25T10:00,gate-abbey,-1\n", 2, "people_affected", "-1 is below the minimum of 0"),
        ("incidents.csv", "id,kind,occurred_at,gate_id,attempt_id\ni-x,turned_away,2021-08-25T10:00,gate-abbey,a-404\n", 2, "attempt_id", "no attempts with id 'a-404'"),
        ("outcomes.csv", "id,case_id,status,occurred_at\no-x,c-1,home,2021-08-25T10:00\n", 2, "status", "'home' is not one of still_in_country"),
        ("outcomes.csv", "id,case_id,status,occurred_at\no-x,c-1,arrived,2021-13-01\n", 2, "occurred_at", "has no month 13"),
        ("outcomes.csv", "id,case_id,status,occurred_at\no-x,c-1,arrived,0000-01-01\n", 2, "occurred_at", "'0000-01-01' is in year 0000: years run from 0001"),
        ("outcomes.ndjson", "{\"id\":\"o-x\",\"case_id\":\"c-1\",\"status\":\"arrived\",\"occurred_at\":\"2021-09-01\",\"mood\":\"glad\"}\n", 1, "mood", "unknown column for outcomes"),
        ("outcomes.ndjson", "{\"id\":\"o-x\",\"case_id\":\"c-1\",\"status\":\"arrived\"}\n", 1, "occurred_at", "a required value is missing"),
        // JSON values have types: a number is a number, everything else a string.
        ("cases.json", "[{\"id\":\"c-x\",\"category\":\"lpr\",\"size\":\"3\"}]", 1, "size", "'3' is a string; write the number without quotes"),
        ("cases.ndjson", "{\"id\":6,\"category\":\"lpr\",\"size\":3}\n", 1, "id", "6 is a number; write it as a string, in double quotes"),
        ("cases.ndjson", "{\"id\":\"c-x\",\"category\":\"lpr\",\"size\":3,\"label\":true}\n", 1, "label", "true is not a value of this column"),
        ("muster_points.ndjson", "{\"id\":\"mp-x\",\"name\":\"X\",\"latitude\":\"34.5\"}\n", 1, "latitude", "'34.5' is a string"),
        // A carriage return is not a blank: trimming the spaces around it
        // leaves it, and a choice that ends with one is not a choice.
        ("sources.csv", "id,kind\nsrc-cr,\" media\r\"\n", 2, "kind", "is not one of"),
        ("sources.csv", "id,kind\nsrc-cr,\"media\r\"\n", 2, "kind", "is not one of"),
        // A repeat of an id whose first row was invalid is still a repeat.
        ("sources.csv", "id,kind\nsrc-d,rumour\nsrc-d,network\n", 3, "id", "sources id 'src-d' appears more than once in this load"),
        ("sources.csv", "id,kind\nsrc-d,network\nsrc-d,rumour\n", 3, "id", "sources id 'src-d' appears more than once in this load"),
        ("sources.csv", "id,kind\nsrc-d,rumour\nsrc-d,gossip\n", 3, "id", "sources id 'src-d' appears more than once in this load"),
    ]

    @Test(arguments: rules.indices)
    func eachRuleIsRejectedAndNothingChanges(index: Int) throws {
        let rule = Self.rules[index]
        let result = try rejection(rule.file, rule.text)
        #expect(!result.summary.succeeded)
        let prefix = "\(result.path):\(rule.line): \(rule.column): "
        #expect(result.summary.problems.contains { $0.hasPrefix(prefix) && $0.contains(rule.message) },
                "expected \(prefix)…\(rule.message) in \(result.summary.problems)")
        #expect(result.before == result.after)
    }

    @Test func extraColumnsAreIgnoredWhenAllowed() throws {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        let path = folder.write("more/cases.csv", "id,category,size,favourite_colour\nc-x,lpr,2,blue\n")
        let summary = try load(store, [world, path]) { $0.allowExtraColumns = true }
        #expect(summary.succeeded)
        #expect(summary.counts[.cases]?.inserted == 3)
    }

    @Test func extraJSONKeysAreSkippedWhateverTheyHoldButMustStillBeJSON() throws {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        let good = folder.write("more/cases.ndjson", "{\"id\":\"c-x\",\"meta\":{\"tags\":[1,\"a\",{\"b\":null}]},\"category\":\"lpr\",\"size\":2}\n")
        #expect(try load(store, [world, good]) { $0.allowExtraColumns = true }.succeeded)
        #expect(try store.count(.cases) == 3)
        for broken in ["{\"a\" \"b\"}", "[1,,2]", "{:::}", "[\"bad \\q\"]", "[tru]", "{\"a\":1,}"] {
            let path = folder.write("bad/cases.ndjson", "{\"id\":\"c-y\",\"meta\":\(broken),\"category\":\"lpr\",\"size\":2}\n")
            let summary = try load(store, [path]) { $0.allowExtraColumns = true }
            #expect(!summary.succeeded, "\(broken) was taken for JSON")
        }
        #expect(try store.count(.cases) == 3)
    }

    @Test func everyProblemIsCountedAndTheFirstTwentyShown() throws {
        var text = "id,category,size\n"
        for index in 1...25 { text += "c-\(index),lpr,0\n" }
        let result = try rejection("cases.csv", text)
        #expect(result.summary.problemCount == 25)
        #expect(result.summary.problems.count == 20)
        #expect(result.summary.problems.first == "\(result.path):2: size: 0 is below the minimum of 1")
    }

    @Test func aFailedLoadLeavesNoTrace() throws {
        let store = try makeStore(folder)
        let world = World.write(into: folder)
        folder.write("world/attempts.csv", "id,case_id,route_id,attempted_at,result\na-1,c-1,rt-moi,2021-08-25T10:00,admitted\na-2,c-9,rt-moi,2021-08-25T10:00,admitted\n")
        let summary = try load(store, [world])
        #expect(!summary.succeeded)
        #expect(summary.loadID == nil)
        #expect(try dump(store).isEmpty)
    }
}
