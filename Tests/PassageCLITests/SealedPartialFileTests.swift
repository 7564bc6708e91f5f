import Foundation
import Testing

/// A file without personal columns, and a delete, on a sealed database: no
/// key is needed, the sealed values the file lacks are kept, and they still
/// open with the key afterwards.
@Suite(.enabled(if: ToolProcess.shouldRun("age", "age-keygen")))
struct SealedPartialFileTests: PassageSuite {
    let folder = TemporaryDirectory()
    static let passphrase = "a long test passphrase"

    static let database = "s.db"
    static let withoutTerminal = true

    @Test func aPartialFileKeepsTheSealedValuesItLacks() throws {
        let key = ["PASSAGE_PASSPHRASE": Self.passphrase]
        #expect(try passage(["init", "--seal"], key).status == 0)
        let loaded = try passage(["load", samplePath], key)
        #expect(loaded.status == 0, "\(loaded.standardError)")
        let sealedLabel = try passage(["query", "SELECT label FROM cases WHERE id = 'case-01'", "--format", "csv"]).standardOutput
        #expect(sealedLabel == "label\n[sealed]\n")

        // No key: the file gives no personal value.
        let resized = folder.write("resized/cases.csv", "id,category,size\ncase-01,lpr,7\n")
        let partial = try passage(["load", resized, "--format", "csv"])
        #expect(partial.status == 0, "\(partial.standardError)")
        #expect(partial.standardOutput.hasSuffix("total,0,1,0,0\n"))

        // The label is still there, sealed, and opens with the key.
        let opened = try passage(["case", "case-01", "--personal", "--format", "csv"], key)
        #expect(opened.status == 0, "\(opened.standardError)")
        #expect(opened.standardOutput.contains("Family of six (LPR)"))

        // A delete needs no key either, and its audit row keeps the value sealed.
        let deleted = try passage(["delete", "outcomes", "out-01-1"])
        #expect(deleted.status == 0, "\(deleted.standardError)")
        let check = try passage(["check"], key)
        #expect(check.status == 0, "\(check.standardError)")
    }
}
