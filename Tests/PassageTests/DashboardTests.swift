import Foundation
import Testing
@testable import Passage

/// The dashboard page and the GeoJSON map on small worlds made to catch a
/// leak: personal values that are markers, hostile place names, and
/// distinctive names, ids and coordinates for `--no-places`.
@Suite struct DashboardTests {
    let folder = TemporaryDirectory()
    static let asOf = "2021-08-31T00:00"

    /// Places with distinctive ids, names and coordinates; every personal
    /// column holds a marker (`PERSONAL-…`). Muster point `mp-zz-b` sorts
    /// after `mp-zz-a` by id but comes first in the files; gate `gate-qq-9`
    /// has no coordinates, so route `rt-xx-2` has only one placed end.
    func writeWorld(musterPointName: String = "Secret Rendezvous Alpha", routeName: String = "Covert Route Charlie") -> String {
        folder.write("w/sources.csv", "id,kind,name,reliability,notes\nsrc-1,network,Desk,high,PERSONAL-NOTE-SOURCE\n")
        folder.write("w/muster_points.csv", """
            id,name,latitude,longitude,controlled_by,notes
            mp-zz-b,Hidden Yard Bravo,34.111111,69.222222,taliban,PERSONAL-NOTE-MP
            mp-zz-a,\(Self.csv(musterPointName)),34.123456,69.654321,taliban,PERSONAL-NOTE-MP

            """)
        folder.write("w/gates.csv", """
            id,name,latitude,longitude,controlled_by,notes
            gate-qq-7,Hidden Gate Delta,34.333333,69.444444,us_forces,PERSONAL-NOTE-GATE
            gate-qq-9,Unplaced Gate Echo,,,us_forces,

            """)
        folder.write("w/routes.csv", """
            id,muster_point_id,gate_id,name,notes
            rt-xx-1,mp-zz-a,gate-qq-7,\(Self.csv(routeName)),PERSONAL-NOTE-ROUTE
            rt-xx-2,mp-zz-b,gate-qq-9,Unplaced Route Foxtrot,
            rt-xx-3,,gate-qq-7,,

            """)
        folder.write("w/cases.csv", """
            id,label,category,size,children,contact,registered_at,source_id,notes
            c-1,PERSONAL-LABEL-ONE,lpr,6,4,PERSONAL-CONTACT-ONE,2021-08-20,src-1,PERSONAL-NOTE-CASE
            c-2,PERSONAL-LABEL-TWO,us_citizen,2,,PERSONAL-CONTACT-TWO,,,
            c-3,,siv,3,,,,,

            """)
        folder.write("w/escort_runs.csv", """
            id,route_id,escort,departed_at,arrived_at,people,status,source_id,notes
            run-1,rt-xx-1,taliban,2021-08-24T22:00,2021-08-24T23:00,40,completed,src-1,PERSONAL-NOTE-RUN

            """)
        folder.write("w/attempts.csv", """
            id,case_id,route_id,attempted_at,result,escort_run_id,people,source_id,notes
            a-1,c-1,rt-xx-1,2021-08-24T22:10,turned_away,run-1,,src-1,PERSONAL-NOTE-ATTEMPT
            a-2,c-1,rt-xx-1,2021-08-26T21:00,admitted,,,,
            a-3,c-2,rt-xx-2,2021-08-25T03:00,turned_away,,,,
            a-4,c-2,rt-xx-2,2021-08-25T23:00,turned_away,,,,
            a-5,c-3,rt-xx-3,2021-08-27T09:00,admitted,,,,

            """)
        folder.write("w/incidents.csv", """
            id,kind,occurred_at,muster_point_id,gate_id,case_id,attempt_id,denied_by,reason,documents,people_affected,verification,source_id,notes
            i-1,turned_away,2021-08-24T22:15,mp-zz-a,,c-1,a-1,taliban,Green cards refused,green_card,6,confirmed,src-1,PERSONAL-NOTE-INCIDENT
            i-2,turned_away,2021-08-25T03:05,mp-zz-b,,c-2,a-3,taliban,,,2,,,
            i-3,turned_away,2021-08-27T08:00,,gate-qq-7,,,crowd,,none,5,unconfirmed,,

            """)
        folder.write("w/outcomes.csv", """
            id,case_id,status,occurred_at,location,source_id,notes
            o-1,c-1,arrived,2021-08-29,Ramstein,src-1,PERSONAL-NOTE-OUTCOME
            o-2,c-2,still_in_country,2021-08-26,,,

            """)
        if RecordKind.allCases.contains(where: { $0.table == "members" }) {
            folder.write("w/members.csv", """
                id,case_id,name,birth_date,sex,relationship,document_kind,document_number,phone,source_id,notes
                m-1,c-1,PERSONAL-NAME-ONE,1999-01-02,female,principal,green_card,PERSONAL-DOC-ONE,PERSONAL-PHONE-ONE,,PERSONAL-NOTE-MEMBER

                """)
        }
        return folder.file("w")
    }

    static func csv(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    func loadedStore(_ world: String) throws -> Store {
        let store = try makeStore(folder)
        let summary = try load(store, [world])
        #expect(summary.succeeded, "\(summary.problems)")
        return store
    }

    @Test func noPersonalValueReachesThePageOrTheMap() throws {
        let store = try loadedStore(writeWorld())
        // The markers are in the database: a page without them is not a page that never read them by luck.
        let stored = try store.connection.scalarInt("SELECT count(*) FROM cases WHERE label LIKE 'PERSONAL-%'")
        #expect(stored == 2)
        if RecordKind.allCases.contains(where: { $0.table == "members" }) {
            #expect(try store.connection.scalarInt("SELECT count(*) FROM members WHERE name LIKE 'PERSONAL-%'") == 1)
        }
        for hidesPlaces in [false, true] {
            let html = try store.dashboardHTML(asOf: Self.asOf, hidesPlaces: hidesPlaces)
            #expect(html.contains("Evacuation dashboard"))
            #expect(!html.contains("PERSONAL-"), "hidesPlaces: \(hidesPlaces)")
            #expect(!html.contains("Ramstein"), "an outcome's location is not on the page")
        }
        #expect(!(try store.mapGeoJSON().text.contains("PERSONAL-")))
    }

    @Test func hostileNamesAreTextNeverMarkup() throws {
        let hostileName = "<script>alert(\"x\")</script> & 'quotes' <img src=x onerror=alert(1)>"
        let hostileRoute = "\"><svg onload=alert(2)><a href=\"https://evil.example/x.js\">"
        let store = try loadedStore(writeWorld(musterPointName: hostileName, routeName: hostileRoute))
        let html = try store.dashboardHTML(asOf: Self.asOf, hidesPlaces: false)
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;"))
        #expect(html.contains("&quot;&gt;&lt;svg onload=alert(2)&gt;"))
        // Only the page's own elements, no event handler, nothing that loads.
        let tags = Set(Self.matches(of: "<([a-zA-Z][a-zA-Z0-9]*)", in: html))
        let allowed: Set<String> = ["html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section",
                                    "h1", "h2", "h3", "p", "div", "span", "code", "ul", "li", "table", "caption", "thead",
                                    "tbody", "tr", "th", "td", "svg", "rect", "line", "circle", "text"]
        #expect(tags.subtracting(allowed).isEmpty, "\(tags.subtracting(allowed))")
        let openingTags = Self.matches(of: "<[a-zA-Z][^>]*>", in: html)
        #expect(openingTags.count > 100)
        #expect(openingTags.filter { !Self.matches(of: "\\s(on[a-z]+|src|href)\\s*=", in: $0).isEmpty }.isEmpty)
        #expect(!html.lowercased().contains("<script"))
        // The GeoJSON keeps the name as it is, as a JSON string.
        let map = try JSONSerialization.jsonObject(with: Data(try store.mapGeoJSON().text.utf8)) as? [String: Any]
        let names = (map?["features"] as? [[String: Any]] ?? []).compactMap { ($0["properties"] as? [String: Any])?["name"] as? String }
        #expect(names.contains(hostileName))
    }

    @Test func noPlacesShowsOnlyNeutralLabelsNumberedInIdOrder() throws {
        let store = try loadedStore(writeWorld())
        let html = try store.dashboardHTML(asOf: Self.asOf, hidesPlaces: true)
        for secret in ["mp-zz-", "gate-qq-", "rt-xx-", "Secret Rendezvous", "Hidden Yard", "Hidden Gate", "Unplaced Gate",
                       "Covert Route", "Unplaced Route", "34.1", "69.2", "69.6", "34.3", "69.4", "taliban", "us_forces"] {
            #expect(!html.contains(secret), "\(secret)")
        }
        #expect(!html.contains("class=\"map\""))
        for label in ["Muster point 1", "Muster point 2", "Gate 1", "Gate 2", "Route 1", "Route 2", "Route 3"] {
            #expect(html.contains(label), "\(label)")
        }
        // Muster point 1 is mp-zz-a (the first id), whose only case is c-1: one case, two attempts.
        let row = try #require(Self.row("Muster point 1", ofTable: "outcomes-by-muster-point", in: html))
        #expect(row.prefix(3) == ["1", "2", "1"], "\(row)")
        let second = try #require(Self.row("Muster point 2", ofTable: "outcomes-by-muster-point", in: html))
        #expect(second.prefix(3) == ["1", "2", "0"], "\(second)")
        // The same page with places names them, and has the map.
        let placed = try store.dashboardHTML(asOf: Self.asOf, hidesPlaces: false)
        #expect(placed.contains("Secret Rendezvous Alpha") && placed.contains("mp-zz-a") && placed.contains("class=\"map\""))
        #expect(placed.contains("Unplaced Gate Echo"), "a place without coordinates is listed beside the map")
    }

    @Test func theMapHasPlacedPointsAndRoutesWithBothEnds() throws {
        let store = try loadedStore(writeWorld())
        let map = try store.mapGeoJSON()
        #expect(map.points == 3 && map.lines == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(map.text.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "FeatureCollection")
        let features = try #require(object["features"] as? [[String: Any]])
        var byID: [String: [String: Any]] = [:]
        for feature in features {
            let properties = try #require(feature["properties"] as? [String: Any])
            byID[try #require(properties["id"] as? String)] = feature
        }
        #expect(Set(byID.keys) == ["mp-zz-a", "mp-zz-b", "gate-qq-7", "rt-xx-1"])
        let point = try #require(byID["mp-zz-a"]?["geometry"] as? [String: Any])
        #expect(point["type"] as? String == "Point")
        #expect(point["coordinates"] as? [Double] == [69.654321, 34.123456])
        let properties = try #require(byID["mp-zz-a"]?["properties"] as? [String: Any])
        #expect(properties["kind"] as? String == "muster_point")
        #expect(properties["attempts"] as? Int == 2 && properties["admitted"] as? Int == 1 && properties["turned_away"] as? Int == 1)
        let gate = try #require(byID["gate-qq-7"]?["properties"] as? [String: Any])
        #expect(gate["kind"] as? String == "gate" && gate["attempts"] as? Int == 3 && gate["admitted"] as? Int == 2)
        let line = try #require(byID["rt-xx-1"]?["geometry"] as? [String: Any])
        #expect(line["type"] as? String == "LineString")
        #expect(line["coordinates"] as? [[Double]] == [[69.654321, 34.123456], [69.444444, 34.333333]])
        let route = try #require(byID["rt-xx-1"]?["properties"] as? [String: Any])
        #expect(route["people_admitted"] as? Int == 6 && route["turned_away_attempts"] as? Int == 1)
        #expect(route["muster_point_id"] as? String == "mp-zz-a" && route["gate_id"] as? String == "gate-qq-7")
    }

    @Test func writingReplacesTheFileWholeAndOwnerOnly() throws {
        let store = try loadedStore(writeWorld())
        let path = folder.file("out/page.html")
        try FileManager.default.createDirectory(atPath: folder.file("out"), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        try store.writeDashboard(to: path, asOf: Self.asOf, hidesPlaces: false)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        // Nothing else is left in the folder (no temporary file).
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("out")) == ["page.html"])
        // A folder is refused, and --as-of must be a time.
        #expect(throws: (any Error).self) { try store.writeDashboard(to: folder.file("out"), asOf: nil, hidesPlaces: false) }
        #expect(throws: PassageError.self) { try store.dashboardHTML(asOf: "tomorrow", hidesPlaces: false) }
        // Never over the database or its files.
        let before = try Data(contentsOf: URL(fileURLWithPath: store.path))
        for target in [store.path, store.path + "-wal"] {
            #expect(throws: PassageError.outputIsDatabase(output: target, database: store.path)) {
                try store.writeDashboard(to: target, asOf: nil, hidesPlaces: false)
            }
            #expect(throws: PassageError.outputIsDatabase(output: target, database: store.path)) { try store.writeMap(to: target) }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: store.path)) == before)
    }

    @Test func theSamePageFromTheSameDatabaseAndMoment() throws {
        let store = try loadedStore(writeWorld())
        let first = try store.dashboardHTML(asOf: Self.asOf, hidesPlaces: false)
        #expect(first == (try store.dashboardHTML(asOf: Self.asOf, hidesPlaces: false)))
        // The two unresolved cases (c-2 last active on 26 August, c-3 on
        // 27 August) have waited 3–6 days on 31 August, a week or more later.
        let later = try store.dashboardHTML(asOf: "2021-09-30", hidesPlaces: false)
        #expect(Self.row("3–6 days", ofTable: "unresolved", in: first) == ["2"])
        #expect(Self.row("7 days or more", ofTable: "unresolved", in: first) == ["0"])
        #expect(Self.row("7 days or more", ofTable: "unresolved", in: later) == ["2"])
    }

    @Test func anEmptyDatabaseGivesAnEmptyPageAndMap() throws {
        let store = try makeStore(folder)
        let html = try store.dashboardHTML(asOf: Self.asOf, hidesPlaces: false)
        let figures = DashboardTable.figures(html)
        #expect(figures.count == 8 && figures.values.allSatisfy { $0 == "0" })
        #expect(html.contains("No finding.") && html.contains("No muster point or gate has coordinates."))
        let map = try store.mapGeoJSON()
        #expect(map.points == 0 && map.lines == 0)
        #expect(try JSONSerialization.jsonObject(with: Data(map.text.utf8)) is [String: Any])
    }

    /// No text of the page is set below 12 px (9 pt, the printed tables' size, is 12 px).
    @Test func noTextIsSmallerThanTwelvePixels() throws {
        let css = DashboardStyle.css.description
        let sizes = Self.matches(of: "font(?:-size)?:([0-9.]+(?:px|pt))", in: css)
        #expect(sizes.count > 10)
        for size in sizes {
            let value = Double(size.dropLast(2)) ?? 0
            #expect((size.hasSuffix("pt") ? value * 4 / 3 : value) >= 12, "\(size)")
        }
        // SVG text takes its size from the style sheet, never from an attribute.
        let store = try loadedStore(writeWorld())
        #expect(!(try store.dashboardHTML(asOf: Self.asOf, hidesPlaces: false)).contains("font-size="))
    }

    @Test func chartHelpers() {
        #expect(Charts.niceCeiling(0) == 0 && Charts.niceCeiling(1) == 2 && Charts.niceCeiling(17) == 20)
        #expect(Charts.niceCeiling(10) == 10 && Charts.niceCeiling(41) == 50 && Charts.niceCeiling(2_001) == 4_000)
        #expect(Charts.labelledIndexes(count: 5) == [0, 1, 2, 3, 4])
        #expect(Charts.labelledIndexes(count: 12) == [0, 3, 6, 11])
        #expect(Format.count(1_234_567) == "1,234,567" && Format.count(999) == "999" && Format.count(1, "case", "cases") == "1 case")
        #expect(Format.percentage(0.438) == "43.8%" && Format.percentage(1.0) == "100.0%" && Format.percentage(nil) == "–")
        #expect(LocalDates.days(from: "2021-02-27", to: "2021-03-01") == ["2021-02-27", "2021-02-28", "2021-03-01"])
        #expect(LocalDates.days(from: "2024-02-28", to: "2024-03-01")?.count == 3)
        #expect(Markup.escape("<a href='x'>&\"") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;")
    }

    // MARK: Reading the page

    static func matches(of pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: match.numberOfRanges > 1 ? 1 : 0), in: text).map { String(text[$0]) }
        }
    }

    /// The cells after the key of the row `key` in the table of `report`.
    static func row(_ key: String, ofTable report: String, in html: String) -> [String]? {
        DashboardTable.parse(html)[report]?.rows.first { $0.key == key }?.cells
    }
}
