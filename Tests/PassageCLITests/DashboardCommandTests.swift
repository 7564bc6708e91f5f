import Foundation
import Testing

/// `passage dashboard` and `passage map` end to end on the built binary:
/// the page's figures against `passage report` on the same database, the
/// page in a real headless Chromium (offline: no console message, no
/// request), the GeoJSON read by GDAL's `ogrinfo`.
@Suite struct DashboardCommandTests {
    let folder = TemporaryDirectory()
    static let asOf = "2021-08-31T00:00"
    static let worlds = ["Sources/PassageCLI/Sample", "Tests/Fixtures/small"]

    /// A database loaded from one of the package's folders of CSV files.
    func database(_ world: String, name: String = "world.db") throws -> String {
        let loaded = try PassageProcess.run(["load", packageRoot + "/" + world, "--db", name], in: folder.path)
        #expect(loaded.status == 0, "\(loaded.standardError)")
        return name
    }

    func report(_ name: String, _ parameters: [String] = [], db: String) throws -> [[String: String]] {
        let result = try PassageProcess.run(["report", name, "--db", db, "--format", "csv"] + parameters.flatMap { ["--param", $0] }, in: folder.path)
        #expect(result.status == 0, "\(result.standardError)")
        return CSVRows.parse(result.standardOutput)
    }

    @Test(arguments: worlds)
    func thePageShowsTheReportsFigures(world: String) throws {
        let db = try database(world)
        let written = try PassageProcess.run(["dashboard", "page.html", "--db", db, "--as-of", Self.asOf], in: folder.path)
        #expect(written.status == 0, "\(written.standardError)")
        #expect(written.standardOutput.contains("Wrote the dashboard of \(db) to page.html"))
        let html = try String(contentsOfFile: folder.file("page.html"), encoding: .utf8)
        let tables = DashboardTable.parse(html)

        // Every table of a report, row by row in the report's order, every figure column.
        for name in ["entries-per-route", "daily-entries", "outcomes-by-muster-point", "outcomes-by-gate", "time-to-entry",
                     "turned-away", "turned-away-documents"] {
            let table = try #require(tables[name], "no table of \(name)")
            let rows = try report(name, db: db)
            #expect(table.rows.count == rows.count, "\(name)")
            #expect(!table.columns.isEmpty && table.columns.allSatisfy { rows.first?[$0] != nil || rows.isEmpty }, "\(name): \(table.columns)")
            for (shown, row) in zip(table.rows, rows) {
                let key = row[table.keyColumn ?? ""] ?? ""
                #expect(shown.key == (key.isEmpty ? "Straight to a gate" : key), "\(name)")
                for (column, cell) in zip(table.columns, shown.cells) {
                    #expect(Self.shown(cell, is: row[column] ?? "<missing>", column: column), "\(name) \(key) \(column): page \(cell), report \(row[column] ?? "")")
                }
            }
        }

        // The page without places has the same figures, row by row; only the places' names differ.
        let hidden = try PassageProcess.run(["dashboard", "public.html", "--db", db, "--as-of", Self.asOf, "--no-places"], in: folder.path)
        #expect(hidden.status == 0, "\(hidden.standardError)")
        let publicHTML = try String(contentsOfFile: folder.file("public.html"), encoding: .utf8)
        let publicTables = DashboardTable.parse(publicHTML)
        for (name, table) in tables where name != "places" {
            let other = try #require(publicTables[name], "no table of \(name) without places")
            #expect(other.columns == table.columns, "\(name)")
            let figures = table.columns.indices.filter { !["muster_point_id", "gate_id"].contains(table.columns[$0]) }
            #expect(other.rows.map { row in figures.map { row.cells[$0] } } == table.rows.map { row in figures.map { row.cells[$0] } }, "\(name)")
        }
        #expect(publicTables["places"] == nil)
        #expect(DashboardTable.figures(publicHTML) == DashboardTable.figures(html))

        // The headline figures.
        let figures = DashboardTable.figures(html).mapValues { $0.replacingOccurrences(of: ",", with: "") }
        let outcomes = try report("outcomes", db: db)
        let routes = try report("entries-per-route", db: db)
        let unresolved = try report("unresolved", ["as_of=\(Self.asOf)"], db: db)
        let findings = try report("data-quality", db: db)
        #expect(figures["cases"] == String(outcomes.count))
        #expect(figures["people"] == String(outcomes.reduce(0) { $0 + Int($1["size"]!)! }))
        #expect(figures["admitted_cases"] == String(outcomes.filter { $0["admitted_here"] == "true" }.count))
        #expect(figures["arrived_cases"] == String(outcomes.filter { $0["current_status"] == "arrived" }.count))
        #expect(figures["unresolved_cases"] == String(unresolved.count))
        #expect(figures["people_admitted"] == String(routes.reduce(0) { $0 + Int($1["people_admitted"]!)! }))
        #expect(figures["turned_away_attempts"] == String(routes.reduce(0) { $0 + Int($1["turned_away_attempts"]!)! }))
        #expect(figures["data_quality_findings"] == String(findings.count))
        #expect(figures.count == 8 && outcomes.count > 0)

        // Unresolved cases by days since activity, and findings by problem.
        let days = try #require(tables["unresolved"])
        let buckets: [(String, (Int?) -> Bool)] = [("Less than 1 day", { $0.map { $0 < 1 } ?? false }), ("1–2 days", { $0.map { (1...2).contains($0) } ?? false }),
                                                   ("3–6 days", { $0.map { (3...6).contains($0) } ?? false }), ("7 days or more", { $0.map { $0 >= 7 } ?? false }),
                                                   ("No activity recorded", { $0 == nil })]
        for (label, holds) in buckets {
            let count = unresolved.filter { holds(Int($0["days_since_activity"] ?? "")) }.count
            #expect(days.cell(label, "cases") == String(count), "\(label)")
        }
        if let problems = tables["data-quality"] {
            for row in problems.rows {
                let count = findings.filter { ($0["kind"] ?? "") + ": " + ($0["problem"] ?? "") == row.key }.count
                #expect(row.cells.last == String(count), "\(row.key)")
            }
        } else {
            #expect(findings.isEmpty)
        }
    }

    /// A cell as the page shows it against the report's CSV value.
    static func shown(_ cell: String, is value: String, column: String) -> Bool {
        if value.isEmpty { return cell == "–" }
        switch column {
        case "admission_rate":
            guard let rate = Double(value) else { return false }
            return cell == String(format: "%.1f%%", rate * 100)
        case "place_kind":
            return cell == value.replacingOccurrences(of: "_", with: " ")
        case "first_entry_at", "last_entry_at":
            // `2021-08-25T02:40:00+04:30` is shown `25 Aug 02:40`.
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            let parts = value.prefix(10).split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return false }
            return cell == "\(parts[2]) \(months[parts[1] - 1]) " + value.dropFirst(11).prefix(5)
        default:
            return cell.replacingOccurrences(of: ",", with: "") == value
        }
    }

    @Test func theDemoWritesTheDashboardAndSaysWhere() throws {
        let demo = try PassageProcess.run(["demo"], in: folder.path)
        #expect(demo.status == 0, "\(demo.standardError)")
        #expect(demo.standardOutput.contains("Wrote the dashboard of passage-demo.db to passage-demo.html"))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.file("passage-demo.html"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func badArgumentsChangeNothing() throws {
        let db = try database(Self.worlds[0])
        let badTime = try PassageProcess.run(["dashboard", "page.html", "--db", db, "--as-of", "yesterday"], in: folder.path)
        #expect(badTime.status == 1 && badTime.standardError.contains("--as-of"))
        let noDatabase = try PassageProcess.run(["map", "map.geojson", "--db", "missing.db"], in: folder.path)
        #expect(noDatabase.status == 1)
        let noFolder = try PassageProcess.run(["dashboard", "missing/page.html", "--db", db], in: folder.path)
        #expect(noFolder.status == 1 && noFolder.standardError.contains("missing/page.html: No such file or directory"), "\(noFolder.standardError)")
        let overDatabase = try PassageProcess.run(["map", db, "--db", db], in: folder.path)
        #expect(overDatabase.status == 1 && overDatabase.standardError.contains("is the database"), "\(overDatabase.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("page.html")))
        #expect(!FileManager.default.fileExists(atPath: folder.file("map.geojson")))
    }

    // MARK: Headless Chromium

    @Test func thePageRendersOfflineInChromiumWithNoMessageAndNoRequest() throws {
        guard let chromium = ExternalTool.find("chromium", package: "chromium") else { return }
        let browser = HeadlessChromium(path: chromium, folder: folder)
        // First, that the checks can fail: a page that fetches and logs is caught.
        let canary = folder.write("canary.html", "<!DOCTYPE html><p>canary</p><img src=\"http://127.0.0.1:9/canary.png\"><script>console.error('canary-message')</script>")
        let caught = try browser.load(canary)
        #expect(caught.pageRequests.contains { $0.contains("canary.png") }, "the net log shows a page's request")
        #expect(caught.consoleMessages.contains { $0.contains("canary-message") }, "the log shows the console")

        let db = try database(Self.worlds[0])
        for (file, options) in [("page.html", [String]()), ("public.html", ["--no-places"])] {
            let written = try PassageProcess.run(["dashboard", file, "--db", db, "--as-of", Self.asOf] + options, in: folder.path)
            #expect(written.status == 0, "\(written.standardError)")
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.file(file))
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let loaded = try browser.load(folder.file(file))
            #expect(loaded.dom.contains("Evacuation dashboard") && loaded.dom.contains("Entries per route"), "\(file)")
            #expect(loaded.consoleMessages.isEmpty, "\(file): \(loaded.consoleMessages)")
            #expect(loaded.pageRequests.isEmpty, "\(file): \(loaded.pageRequests)")
        }

        // It prints: Chromium's PDF of it has A4 pages.
        let pdf = folder.file("page.pdf")
        let printed = try ExternalTool.run(chromium, browser.common + ["--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + folder.file("page.html")], in: folder.path)
        #expect(printed.status == 0, "\(printed.standardError.suffix(2000))")
        let pdfText = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: pdf))) ?? Data(), as: UTF8.self)
        #expect(pdfText.hasPrefix("%PDF"))
        // Every page is A4: 595 × 842 points (the page's @page rule).
        let boxes = pdfMediaBoxes(pdfText)
        #expect(!boxes.isEmpty && boxes.allSatisfy { abs($0.width - 595) < 1 && abs($0.height - 842) < 1 }, "\(boxes)")

        // Screenshots at a desktop's and a phone's width are not blank: far
        // larger than the same screenshot of an empty page.
        let blank = folder.write("blank.html", "<!DOCTYPE html><title>blank</title>")
        for width in [1280, 390] {
            let empty = try browser.screenshot(blank, width: width, height: 2000, to: folder.file("blank-\(width).png"))
            let page = try browser.screenshot(folder.file("page.html"), width: width, height: 2000, to: folder.file("page-\(width).png"))
            #expect(empty > 0 && page > 8 * empty, "\(width) px: \(page) bytes against \(empty) for an empty page")
        }
    }

    // MARK: ogrinfo

    @Test func theMapIsReadByOgrinfo() throws {
        guard let ogrinfo = ExternalTool.find("ogrinfo", package: "gdal-bin") else { return }
        let db = try database(Self.worlds[1])
        let written = try PassageProcess.run(["map", "places.geojson", "--db", db], in: folder.path)
        #expect(written.status == 0, "\(written.standardError)")
        #expect(written.standardOutput.contains("Wrote 5 places and 4 routes"), "\(written.standardOutput)")
        let info = try ExternalTool.run(ogrinfo, ["-ro", "-al", "places.geojson"], in: folder.path)
        #expect(info.status == 0, "\(info.standardError)")
        var features: [String: String] = [:]
        for block in info.standardOutput.components(separatedBy: "OGRFeature(").dropFirst() {
            guard let id = block.components(separatedBy: "\n").first(where: { $0.contains("id (String) = ") && !$0.contains("_id") })?
                .components(separatedBy: " = ").last else { continue }
            features[id] = block
        }
        // MP-ZEBRA has no coordinates; R-10 goes straight to a gate.
        #expect(Set(features.keys) == ["MP-MOI", "mp-serena", "G-ABBEY", "G-EAST", "G-NORTH", "R-1", "R-2", "R-3", "R-4"])
        #expect(features["MP-MOI"]?.contains("POINT (69.2172 34.5478)") == true)
        #expect(features["MP-MOI"]?.contains("kind (String) = muster_point") == true)
        #expect(features["G-NORTH"]?.contains("POINT (69.222 34.569)") == true)
        #expect(features["G-NORTH"]?.contains("kind (String) = gate") == true)
        #expect(features["R-1"]?.contains("LINESTRING (69.2172 34.5478,69.2166 34.5572)") == true)
        // The counts are the reports'.
        let points = try report("outcomes-by-muster-point", db: db)
        let moi = try #require(points.first { $0["muster_point_id"] == "MP-MOI" })
        for column in ["attempts", "admitted", "turned_away"] {
            #expect(features["MP-MOI"]?.contains("\(column) (Integer) = \(moi[column]!)\n") == true, "\(column)")
        }
        let routes = try report("entries-per-route", db: db)
        let route = try #require(routes.first { $0["route_id"] == "R-1" })
        #expect(features["R-1"]?.contains("people_admitted (Integer) = \(route["people_admitted"]!)\n") == true)
    }
}

/// The width and height of each `/MediaBox [0 0 W H]` of a PDF.
func pdfMediaBoxes(_ pdf: String) -> [(width: Double, height: Double)] {
    pdf.components(separatedBy: "/MediaBox [").dropFirst().compactMap { rest in
        let numbers = rest.prefix { $0 != "]" }.split(separator: " ").compactMap { Double($0) }
        return numbers.count == 4 ? (numbers[2] - numbers[0], numbers[3] - numbers[1]) : nil
    }
}

/// Debian's chromium, headless, in a profile of its own, with the
/// browser's own background traffic turned off as far as flags go (the net
/// log tells the page's requests from the browser's by their origin).
struct HeadlessChromium {
    let path: String
    let folder: TemporaryDirectory

    var common: [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run", "--disable-sync",
         "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
         "--disable-domain-reliability", "--user-data-dir=" + folder.file("chromium-profile")]
    }

    struct Load {
        let dom: String
        let consoleMessages: [String]
        /// URLs the page asked for (not the browser's own requests).
        let pageRequests: [String]
    }

    func load(_ file: String) throws -> Load {
        let netLog = folder.file("net-\(UUID().uuidString).json")
        let result = try ExternalTool.run(path, common + ["--enable-logging=stderr", "--v=1", "--log-net-log=" + netLog,
                                                         "--virtual-time-budget=2000", "--dump-dom", "file://" + file], in: folder.path)
        #expect(result.status == 0, "\(result.standardError.suffix(2000))")
        let console = result.standardError.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Load(dom: result.standardOutput, consoleMessages: console, pageRequests: try Self.pageRequests(netLog))
    }

    /// Takes a screenshot; returns the PNG's size in bytes.
    func screenshot(_ file: String, width: Int, height: Int, to png: String) throws -> Int {
        let result = try ExternalTool.run(path, common + ["--screenshot=" + png, "--window-size=\(width),\(height)", "file://" + file], in: folder.path)
        #expect(result.status == 0, "\(result.standardError.suffix(2000))")
        let attributes = try FileManager.default.attributesOfItem(atPath: png)
        return (attributes[.size] as? Int) ?? 0
    }

    /// The URLs of the net log's URL_REQUEST_START_JOB events made for a
    /// page from a file: their network isolation key names `file://`, or
    /// their initiator is the file's opaque origin (`null`).
    static func pageRequests(_ netLog: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: netLog))
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let constants = try #require(log["constants"] as? [String: Any])
        let types = try #require(constants["logEventTypes"] as? [String: Int])
        let start = try #require(types["URL_REQUEST_START_JOB"])
        let events = try #require(log["events"] as? [[String: Any]])
        return events.compactMap { event -> String? in
            guard event["type"] as? Int == start, let parameters = event["params"] as? [String: Any],
                  let url = parameters["url"] as? String else { return nil }
            let key = parameters["network_isolation_key"] as? String ?? ""
            let initiator = parameters["initiator"] as? String ?? ""
            return key.contains("file://") || initiator == "null" ? url : nil
        }
    }
}

/// RFC 4180 CSV as `passage report --format csv` writes it, rows keyed by the header.
enum CSVRows {
    static func parse(_ text: String) -> [[String: String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                record.append(field); field = ""
            } else if character == "\n" || character == "\r\n" {
                record.append(field); field = ""
                records.append(record); record = []
            } else if character != "\r" {
                field.append(character)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        guard let header = records.first else { return [] }
        return records.dropFirst().map { Dictionary(zip(header, $0).map { ($0, $1) }, uniquingKeysWith: { a, _ in a }) }
    }
}
