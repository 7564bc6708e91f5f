import Foundation
import Testing

/// The reports on the PostgreSQL side give the same rows as `passage
/// report` on the same data: several data sets and event zones, ties of a
/// date alone with the same midnight, and `as_of` before some activity.
@Suite("passage mirror: the reports in PostgreSQL", .enabled(if: PostgresCluster.testsRun, "needs PostgreSQL's server (apt-get install postgresql)"))
struct MirrorReportTests {
    @Test("the small fixture (ties, date-only values, code-point order, half rounding)")
    func smallFixture() throws {
        let fixture = try MirrorFixture()
        try fixture.load(smallFixtureFiles)
        try fixture.mirrorSucceeds()
        try expectThreeReportsMatch(fixture, asOf: "2021-09-01T00:00+04:30")
        // A date alone as as_of is local midnight, and C-05 gets -1 days.
        try expectThreeReportsMatch(fixture, asOf: "2021-08-28", postgresAsOf: "2021-08-28T00:00:00+04:30")
    }

    @Test("other event zones: date-only values are local midnight there, and tie with it", arguments: ["-05:00", "+00:00", "+14:00"])
    func otherZones(zone: String) throws {
        let fixture = try MirrorFixture()
        let initialized = try fixture.run(["init", "--db", fixture.db, "--zone=\(zone)"])
        try #require(initialized.status == 0, "\(initialized.standardError)")
        let files = [
            fixture.folder.write("z/sources.csv", "id,kind\nS,network\n"),
            fixture.folder.write("z/muster_points.csv", "id,name\nMP-b,B\nMP-a,A\nmp-c,C\n"),
            fixture.folder.write("z/gates.csv", "id,name\nG,Gate\n"),
            fixture.folder.write("z/routes.csv", "id,muster_point_id,gate_id\nR-1,MP-a,G\nR-10,MP-b,G\nR-2,,G\n"),
            fixture.folder.write("z/cases.csv", """
                id,category,size,registered_at,source_id
                C-1,lpr,3,2021-08-20,S
                C-2,siv,2,2021-08-21T10:00,S
                C-3,other,1,2021-08-22,
                C-4,us_citizen,4,,

                """),
            fixture.folder.write("z/escort_runs.csv", """
                id,route_id,escort,departed_at,arrived_at,people,status
                E-1,R-1,taliban,2021-08-23T20:00,2021-08-23T23:00,5,completed
                E-2,R-10,us_forces,2021-08-24,2021-08-24T02:00,3,aborted

                """),
            fixture.folder.write("z/attempts.csv", """
                id,case_id,route_id,attempted_at,result,escort_run_id,people
                A-1,C-1,R-1,2021-08-23T21:00,turned_away,E-1,
                A-2,C-1,R-10,2021-08-24,admitted,E-2,2
                A-3,C-2,R-2,2021-08-24T00:00,turned_away,,
                A-4,C-2,R-1,2021-08-24,turned_away,,1
                A-5,C-3,R-10,2021-08-25T23:30Z,admitted,,

                """),
            fixture.folder.write("z/incidents.csv", """
                id,kind,occurred_at,muster_point_id,gate_id,case_id
                I-1,turned_away,2021-08-23T21:00,MP-a,,C-1
                I-2,turned_away,2021-08-24,mp-c,,

                """),
            fixture.folder.write("z/outcomes.csv", """
                id,case_id,status,occurred_at
                O-1,C-1,entered_airport,2021-08-24T00:00
                O-2,C-1,still_in_country,2021-08-24
                O-3,C-3,arrived,2021-08-27
                O-4,C-2,unknown,2021-08-26T12:00+04:30

                """),
        ]
        try fixture.load(files)
        try fixture.mirrorSucceeds()
        try expectThreeReportsMatch(fixture, asOf: "2021-08-25", postgresAsOf: "2021-08-25T00:00:00\(zone)")
        try expectThreeReportsMatch(fixture, asOf: "2021-08-30T06:00:00Z")
    }

    @Test("the demo's sample")
    func demoSample() throws {
        let fixture = try MirrorFixture()
        try fixture.load([samplePath])
        try fixture.mirrorSucceeds()
        try expectThreeReportsMatch(fixture, asOf: "2021-08-25T12:00:00+04:30")
    }

    @Test("generated data sets (CSV and NDJSON, two seeds), then after a reload that updates and inserts outcomes",
          .enabled(if: reliabilityPython != nil, "needs python3 for Scripts/generate.py"),
          arguments: [("csv", 7, "2021-08-25T12:00:00+04:30"), ("ndjson", 3, "2021-08-31T00:00:00Z")])
    func generatedData(format: String, seed: Int, asOf: String) throws {
        let fixture = try MirrorFixture()
        let data = fixture.folder.file("data")
        let generate = Process()
        generate.executableURL = URL(fileURLWithPath: reliabilityPython!)
        generate.arguments = [packageRoot + "/Scripts/generate.py", "--cases", "1500", "--seed", "\(seed)", "--format", format,
                              "--out", data, "--quiet"]
        try generate.run()
        generate.waitUntilExit()
        try #require(generate.terminationStatus == 0)
        try fixture.load([data])
        try fixture.mirrorSucceeds()
        try expectThreeReportsMatch(fixture, asOf: asOf)

        // The same data with another seed's outcomes over it: many records
        // updated, some inserted; the mirror follows.
        let other = fixture.folder.file("other")
        let regenerate = Process()
        regenerate.executableURL = URL(fileURLWithPath: reliabilityPython!)
        regenerate.arguments = [packageRoot + "/Scripts/generate.py", "--cases", "1500", "--seed", "\(seed + 100)", "--format", format,
                                "--out", other, "--quiet"]
        try regenerate.run()
        regenerate.waitUntilExit()
        try #require(regenerate.terminationStatus == 0)
        try fixture.load([data + "/cases.\(format)", other + "/outcomes.\(format)"])
        let output = try fixture.mirrorSucceeds()
        #expect(output.contains("outcomes:"), "\(output)")
        try fixture.expectMirrorMatchesDatabase()
        try expectThreeReportsMatch(fixture, asOf: asOf)
    }
}
