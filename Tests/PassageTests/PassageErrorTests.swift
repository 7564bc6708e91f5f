import Testing
@testable import Passage

/// The library's errors are data with plain sentences: no sentence names a
/// command-line option or command (the CLI words those itself).
@Suite struct PassageErrorTests {
    static let examples: [PassageError] = [
        .busy(path: "p.db", detail: "database is locked"), .noDatabase(path: "p.db"),
        .newerSchema(path: "p.db", version: 99, supported: 9), .notOurs(path: "p.db"),
        .olderSchema(path: "p.db", version: 3, current: 9), .staleDerivedFigures(path: "p.db"),
        .noEventZone(path: "p.db"), .zoneOutOfRange(zone: .kabul),
        .zoneCannotChange(path: "p.db", current: "+04:30", requested: .kabul), .cannotCreate(path: "p.db", reason: "denied"),
        .newDatabaseNotClosed(temporary: ".p.db.x", path: "p.db", reason: "busy"), .newDatabaseKeptWAL(temporary: ".p.db.x", path: "p.db"),
        .newDatabaseTakenMeanwhile(path: "p.db"), .newDatabaseNotNamed(temporary: ".p.db.x", path: "p.db", reason: "denied"),
        .databaseIsDanglingLink("p.db"), .noSuchPath("x.csv"), .unknownFormat("x.txt"),
        .unknownKind(path: "x.csv", pathExtension: "csv"), .nothingToLoad(paths: ["d"], skipped: ["d/x.txt"]),
        .unreadableEventZone(reason: "denied"), .invalidEventZone(file: "event_zone.txt", text: "K"),
        .conflictingEventZones(first: "a/event_zone.txt", zone: .kabul, second: "b/event_zone.txt", otherZone: .kabul),
        .rejectsIsFolder("r"), .rejectsIsInput(rejects: "r", input: "x.csv"), .rejectsIsDatabase(rejects: "r", database: "p.db"),
        .rejectsIsDanglingLink("r"), .cannotCreateRejects(path: "r", reason: "denied"),
        .backupExists("b.db"), .backupFailedIntegrity(path: "b.db", verdict: "bad"),
        .exportTargetIsFile("out"), .exportTargetNotEmpty("out"), .cannotCreateExportFile(reason: "out/x.csv: denied"),
        .missingReport("data-quality"), .missingReportColumn(report: "r", column: "c"), .invalidAsOf(reason: "not a time"), .outputIsDatabase(output: "p.db", database: "p.db"), .unknownParameter(report: "r", name: "x", takes: []),
        .missingParameter(report: "r", name: "x", help: "the x"), .invalidParameter(report: "r", detail: "x is bad"),
        .queryWouldWrite, .queryParametersUnnamed, .queryUnknownParameter("x"),
        .invalidMirrorSchema("A-b"), .mirrorSchemaNotOurs(schema: "passage", server: "postgresql://u@h:5432/d"),
        .mirrorOfAnotherDatabase(schema: "passage", server: "postgresql://u@h:5432/d", mirroredPath: "/a.db", mirroredID: "1", path: "/b.db", id: "2"),
        .mirrorSchemaNewer(schema: "passage", server: "postgresql://u@h:5432/d", version: 9, supported: 1),
        .mirrorTableLacksColumns(schema: "passage", table: "cases", server: "postgresql://u@h:5432/d", columns: ["x"]),
        .noDatabaseID(path: "p.db"), .missingSchemaFile("mirror/reports.sql"),
    ]

    @Test func noSentenceNamesAnOptionOrACommand() {
        for error in Self.examples {
            #expect(!error.description.contains("--") && !error.description.contains("`passage"), "\(error)")
            #expect(!error.description.isEmpty)
        }
    }
}
