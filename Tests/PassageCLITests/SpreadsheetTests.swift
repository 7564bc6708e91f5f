import Foundation
import Testing

/// Files as spreadsheets and scripts really write them, and messages that
/// say what to do.
@Suite struct SpreadsheetTests: PassageSuite {
    let folder = TemporaryDirectory()

    @Test func headersBlankRowsSpacesAndFractionsOfASecond() throws {
        let cases = folder.write("in/cases.csv", "ID, Category ,SIZE,Registered_At,label\n case-x ,lpr , 4 ,2021-08-27T22:00:00.000Z, Mr X \n,,,,\n,,,,\n,,\n")
        let result = try passage(["load", cases])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Skipped 3 rows with every cell empty in \(cases)."))
        let row = try passage(["query", "SELECT id, category, size, registered_at, label FROM cases", "--format", "csv"]).standardOutput
        // Spaces dropped around the id, enum, number and time; free text kept as given.
        #expect(row == "id,category,size,registered_at,label\ncase-x,lpr,4,2021-08-28T02:30:00+04:30, Mr X \n")
        // `ID` and `id` are the same column.
        let twice = folder.write("twice/cases.csv", "id,ID,category,size\na,a,lpr,1\n")
        #expect(try passage(["load", twice]).standardError.contains("duplicate column name"))
    }

    @Test func jsonKeysMatchWhateverTheirCaseEvenWithExtraColumnsAllowed() throws {
        let json = folder.write("j/sources.ndjson", "{\"ID\": \"s-1\", \" Kind \": \"media\", \"extra\": {\"nested\": 1}}\n")
        let result = try passage(["load", json, "--allow-extra-columns", "--format", "csv"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasSuffix("total,1,0,0,0\n"))
    }

    @Test func countsAreParsedExactly() throws {
        let cases = folder.write("in/cases.csv", "id,category,size\na,lpr,2.9999999999999999\nb,lpr,3.0\nc,lpr,3e1\n")
        let result = try passage(["load", cases])
        #expect(result.status == 1)
        #expect(result.standardError.contains("\(cases):2: size: '2.9999999999999999' is not a whole number"))
        #expect(!result.standardError.contains(":3:") && !result.standardError.contains(":4:"))
    }

    @Test func messagesSayHowToSaveTheFile() throws {
        let utf16 = try passage(["load", packageRoot + "/Tests/Hostile/utf16.cases.csv"])
        #expect(utf16.status == 1 && utf16.standardError.contains("UTF-16") && utf16.standardError.contains("CSV UTF-8"))
        let latin1 = folder.file("latin/sources.csv")
        try FileManager.default.createDirectory(atPath: folder.file("latin"), withIntermediateDirectories: true)
        try Data([UInt8]("id,kind,name\ns-1,media,Caf".utf8) + [0xE9] + [UInt8]("\n".utf8)).write(to: URL(fileURLWithPath: latin1))
        let notUTF8 = try passage(["load", latin1])
        #expect(notUTF8.status == 1 && notUTF8.standardError.contains("Windows-1252") && notUTF8.standardError.contains("CSV UTF-8"))
        let semicolons = folder.write("semi/sources.csv", "id;kind\ns-1;media\n")
        let semi = try passage(["load", semicolons])
        #expect(semi.status == 1 && semi.standardError.contains("separated by ';'"), "\(semi.standardError)")
        try FileManager.default.createDirectory(atPath: folder.file("a-folder"), withIntermediateDirectories: true)
        let intoFolder = try PassageProcess.run(["load", semicolons, "--db", "a-folder"], in: folder.path)
        #expect(intoFolder.status == 1 && intoFolder.standardError.contains("a-folder is a folder"), "\(intoFolder.standardError)")
        #expect(!intoFolder.standardError.contains("I/O"))
    }

    @Test func usageErrorsExit64AndPointAtTheCommandsHelp() throws {
        for arguments in [["load"], ["load", "x.csv", "--kind", "nonsense"], ["delete", "nonsense", "x"], ["report", "outcomes", "--bogus"]] {
            let result = try PassageProcess.run(arguments, in: folder.path)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.standardError.contains("passage \(arguments[0]) --help"), "\(arguments): \(result.standardError)")
        }
    }

    @Test func jsonProblemsPointAtTheValueAndTheElement() throws {
        let oneLine = folder.write("one/sources.json", "[{\"id\":\"s-1\",\"kind\":\"media\"},{\"id\":\"s-2\",\"kind\":\"rumour\"}]\n")
        let result = try passage(["load", oneLine])
        #expect(result.standardError.contains("\(oneLine):1: kind: 'rumour' is not one of"))
        #expect(result.standardError.contains("(array element 2)"))
        let pretty = folder.write("pretty/sources.json", "[\n  {\n    \"id\": \"s-1\",\n    \"kind\": \"rumour\"\n  }\n]\n")
        #expect(try passage(["load", pretty]).standardError.contains("\(pretty):4: kind:"))
    }

    @Test func aRepeatedIdNamesTheLineOfItsFirstOccurrence() throws {
        let sources = folder.write("in/sources.csv", "id,kind\ns-1,media\ns-2,media\ns-1,other\n")
        let result = try passage(["load", sources])
        #expect(result.standardError.contains("\(sources):4: id: sources id 's-1' appears more than once in this load (first at \(sources):2)"), "\(result.standardError)")
        // Also when the first row changes nothing (it is in no table of this load).
        let once = folder.write("once/sources.csv", "id,kind\ns-1,media\ns-2,media\n")
        #expect(try passage(["load", once]).status == 0)
        let again = try passage(["load", sources])
        #expect(again.standardError.contains("\(sources):4: id: sources id 's-1' appears more than once in this load (first at \(sources):2)"), "\(again.standardError)")
    }
}
