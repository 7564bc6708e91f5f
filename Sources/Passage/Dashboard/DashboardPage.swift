/// The dashboard as one self-contained HTML page: inline style, SVG charts
/// and map, no script, nothing fetched. Each section says which canned
/// report its figures come from, and shows them as a table under its chart.
/// Personal columns are never read: every figure comes from a report
/// (which holds none) or from places' names and coordinates.
struct DashboardPage {
    let figures: DashboardFigures
    let labels: PlaceLabels

    init(figures: DashboardFigures, hidesPlaces: Bool) {
        self.figures = figures
        labels = PlaceLabels(places: figures.places, hidesPlaces: hidesPlaces)
    }

    var hidesPlaces: Bool { labels.hidesPlaces }

    func html() -> String {
        var m = Markup()
        m.raw("<!DOCTYPE html>\n")
        m.element("html", ["lang": "en"]) { m in
            m.element("head") { m in
                m.empty("meta", ["charset": "utf-8"], selfClosing: false)
                m.empty("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"], selfClosing: false)
                // Nothing may be fetched, even by mistake: no script, no connection, images only inline.
                m.empty("meta", ["http-equiv": "Content-Security-Policy",
                                 "content": "default-src 'none'; style-src 'unsafe-inline'; img-src data:"], selfClosing: false)
                m.element("title", text: "Evacuation dashboard, as of \(Self.readable(figures.asOf))")
                m.raw("<style>")
                m.raw(DashboardStyle.css)
                m.raw("</style>")
            }
            m.element("body") { m in
                m.element("main") { m in
                    header(&m)
                    headlines(&m)
                    daily(&m)
                    routes(&m)
                    musterPoints(&m)
                    timeToEntry(&m)
                    turnedAway(&m)
                    unresolved(&m)
                    dataQuality(&m)
                    if !hidesPlaces { map(&m) }
                    m.element("footer") { m in
                        m.text("Written by passage from the database's canned reports (")
                        m.element("code", text: "passage report")
                        m.text(" lists them); it holds no personal data: no case label or contact, no member's details, no notes.")
                    }
                }
            }
        }
        m.raw("\n")
        return m.html
    }

    // MARK: Sections

    private func header(_ m: inout Markup) {
        m.element("header") { m in
            m.element("h1", text: "Evacuation dashboard")
            m.element("p", text: "As of \(Self.readable(figures.asOf)) (event zone UTC\(figures.zone)). Dates are local dates in the event zone.")
            if hidesPlaces {
                m.element("p", ["class": "notice"], text: "Places are shown only as numbered labels (Muster point 1, Gate 2, Route 3): this page has no map, no place names, no ids and no coordinates.")
            }
        }
    }

    private func headlines(_ m: inout Markup) {
        let items: [(key: String, value: Int, label: String, alert: Bool)] = [
            ("cases", figures.cases, "cases", false),
            ("people", figures.people, "people in them", false),
            ("admitted_cases", figures.admittedCases, "cases admitted", false),
            ("people_admitted", figures.peopleAdmitted, "people admitted", false),
            ("unresolved_cases", figures.unresolvedCases, "cases unresolved", true),
            ("arrived_cases", figures.arrivedCases, "cases arrived", false),
            ("turned_away_attempts", figures.turnedAwayAttempts, "turned-away attempts", true),
            ("data_quality_findings", figures.findingCount, "data-quality findings", false),
        ]
        m.element("div", ["class": "figures", "role": "list"]) { m in
            for item in items {
                m.element("div", ["class": item.alert && item.value > 0 ? "figure alert" : "figure", "role": "listitem", "data-figure": item.key]) { m in
                    m.element("span", ["class": "value"], text: Format.count(item.value))
                    m.element("span", ["class": "label"], text: item.label)
                }
            }
        }
        Self.note(&m, ["Cases, people, cases admitted and arrived: ", "passage report outcomes",
                       "; people admitted and turned-away attempts: sums of ", "passage report entries-per-route",
                       "; unresolved: ", "passage report unresolved", "; findings: ", "passage report data-quality", "."])
    }

    private func daily(_ m: inout Markup) {
        let rows = figures.dailyEntries
        section(&m, id: "daily", title: "Daily entries", report: "daily-entries",
                lead: "People admitted and turned-away attempts per local date.") { m in
            let (dates, admitted, turnedAway) = dailySeries(rows)
            m.element("div", ["class": "pair"]) { m in
                m.element("div") { m in
                    m.element("h3", text: "People admitted")
                    Charts.dailyColumns(&m, title: "People admitted per day", dates: dates, values: admitted, color: Palette.admitted, unit: "people")
                }
                m.element("div") { m in
                    m.element("h3", text: "Turned-away attempts")
                    Charts.dailyColumns(&m, title: "Turned-away attempts per day", dates: dates, values: turnedAway, color: Palette.turnedAway, unit: "attempts")
                }
            }
            table(&m, rows, caption: "Per local date", key: ("date", "Date", nil), columns: [
                ("escort_runs", "Escort runs"), ("admitted_attempts", "Admitted attempts"),
                ("people_admitted", "People admitted"), ("turned_away_attempts", "Turned-away attempts"),
            ])
        }
    }

    /// The report's dates with the days between them filled with zeros
    /// (a day with nothing is a zero on the chart, not a missing column),
    /// unless they span more than a season.
    private func dailySeries(_ rows: ReportRows) -> ([String], [Int], [Int]) {
        var byDate: [String: (Int, Int)] = [:]
        var dates: [String] = []
        for row in rows.indices {
            guard let date = rows.text(row, "date") else { continue }
            dates.append(date)
            byDate[date] = (rows.int(row, "people_admitted"), rows.int(row, "turned_away_attempts"))
        }
        if let first = dates.first, let last = dates.last,
           let days = LocalDates.days(from: first, to: last), days.count <= 120 {
            dates = days
        }
        return (dates, dates.map { byDate[$0]?.0 ?? 0 }, dates.map { byDate[$0]?.1 ?? 0 })
    }

    private func routes(_ m: inout Markup) {
        let rows = figures.entriesPerRoute
        section(&m, id: "routes", title: "Entries per route", report: "entries-per-route",
                lead: "People admitted by each route, most first; the table adds escort runs, cases and turned-away attempts.") { m in
            let bars = rows.indices.map { row in
                Charts.BarRow(label: labels.label(.route, rows.text(row, "route_id")),
                              segments: [.init(value: Double(rows.int(row, "people_admitted")), color: Palette.admitted)],
                              valueText: Format.count(rows.int(row, "people_admitted"), "person", "people"))
            }
            Charts.horizontalBars(&m, title: "People admitted per route", rows: bars)
            table(&m, rows, caption: "Per route", key: ("route_id", "Route", .route), columns: [
                ("muster_point_id", "Muster point"), ("gate_id", "Gate"), ("escort_runs", "Escort runs"),
                ("admitted_attempts", "Admitted attempts"), ("cases_admitted", "Cases admitted"),
                ("people_admitted", "People admitted"), ("turned_away_attempts", "Turned-away attempts"),
                ("first_entry_at", "First entry"), ("last_entry_at", "Last entry"),
            ])
        }
    }

    private func musterPoints(_ m: inout Markup) {
        let rows = figures.outcomesByMusterPoint
        section(&m, id: "muster-points", title: "Outcomes per muster point", report: "outcomes-by-muster-point",
                lead: "The cases that tried through each muster point, by their current status; the table adds attempts, admission rates and turned-away incidents.") { m in
            Charts.legend(&m, [("arrived", Palette.arrived), ("resolved, not (yet) arrived", Palette.resolved), ("unresolved", Palette.unresolved)])
            let bars = rows.indices.map { row in
                let arrived = rows.int(row, "arrived_cases"), resolved = rows.int(row, "resolved_cases"), unresolved = rows.int(row, "unresolved_cases")
                return Charts.BarRow(label: labels.label(.musterPoint, rows.text(row, "muster_point_id")),
                                     segments: [.init(value: Double(arrived), color: Palette.arrived),
                                                .init(value: Double(resolved - arrived), color: Palette.resolved),
                                                .init(value: Double(unresolved), color: Palette.unresolved)],
                                     valueText: Format.count(rows.int(row, "cases"), "case", "cases"))
            }
            Charts.horizontalBars(&m, title: "Cases per muster point by current status", rows: bars)
            table(&m, rows, caption: "Per muster point", key: ("muster_point_id", "Muster point", .musterPoint), columns: [
                ("cases", "Cases"), ("attempts", "Attempts"), ("admitted", "Admitted"), ("turned_away", "Turned away"),
                ("admission_rate", "Admission rate"), ("turned_away_incidents", "Turned-away incidents"),
                ("resolved_cases", "Resolved cases"), ("unresolved_cases", "Unresolved cases"), ("arrived_cases", "Arrived cases"),
            ])
            let gates = figures.outcomesByGate
            m.element("h3", text: "Per gate")
            Self.note(&m, ["From ", "passage report outcomes-by-gate", ": attempts through every route to the gate."])
            table(&m, gates, caption: nil, key: ("gate_id", "Gate", .gate), columns: [
                ("attempts", "Attempts"), ("admitted", "Admitted"), ("turned_away", "Turned away"),
                ("admission_rate", "Admission rate"), ("turned_away_incidents", "Turned-away incidents"),
            ])
        }
    }

    private func timeToEntry(_ m: inout Markup) {
        let rows = figures.timeToEntry
        section(&m, id: "time-to-entry", title: "Time to entry", report: "time-to-entry",
                lead: "Hours from a case's first attempt to its first admitted attempt, by the muster point it entered through: the median and the 90th percentile.") { m in
            Charts.legend(&m, [("half of the cases entered within (median)", Palette.median), ("nine in ten entered within (90th percentile)", Palette.tail)])
            let bars = rows.indices.map { row in
                let median = rows.double(row, "median_hours") ?? 0, p90 = rows.double(row, "p90_hours") ?? 0
                return Charts.BarRow(label: labels.label(.musterPoint, rows.text(row, "muster_point_id")),
                                     segments: [.init(value: median, color: Palette.median), .init(value: max(p90 - median, 0), color: Palette.tail)],
                                     valueText: "\(Format.hours(median)) h · \(Format.hours(p90)) h")
            }
            Charts.horizontalBars(&m, title: "Hours to entry per muster point", rows: bars)
            table(&m, rows, caption: "Per muster point of entry (hours)", key: ("muster_point_id", "Muster point", .musterPoint), columns: [
                ("cases", "Cases"), ("median_hours", "Median hours"), ("p90_hours", "90th percentile hours"),
                ("max_hours", "Longest hours"), ("mean_attempts_before_entry", "Attempts before entry (mean)"),
            ])
        }
    }

    /// The documents (docs/data-model.md) in a fixed order, each with its colour.
    static let documents = ["us_passport", "green_card", "visa", "siv_letter", "tazkira", "none", "unknown"]

    private func turnedAway(_ m: inout Markup) {
        let rows = figures.turnedAwayDocuments
        section(&m, id: "turned-away", title: "Turned away", report: "turned-away-documents",
                lead: "Turned-away incidents at each place (the muster point, else the gate), by the documents shown.") { m in
            var order: [String] = []
            var byPlace: [String: (kind: Places.Kind, id: String?, counts: [String: Int], people: Int)] = [:]
            for row in rows.indices {
                let kind = PlaceLabels.kind(ofPlaceKind: rows.text(row, "place_kind"))
                let id = rows.text(row, "place_id")
                let key = kind.rawValue + "\u{0}" + (id ?? "")
                if byPlace[key] == nil { order.append(key); byPlace[key] = (kind, id, [:], 0) }
                byPlace[key]!.counts[rows.text(row, "documents") ?? "unknown", default: 0] += rows.int(row, "incidents")
                byPlace[key]!.people += rows.int(row, "people_affected")
            }
            let shown = Self.documents.filter { document in byPlace.values.contains { $0.counts[document] != nil } }
            Charts.legend(&m, shown.map { (Self.documentWords($0), Self.documentColour($0)) })
            let bars = order.compactMap { byPlace[$0] }.sorted { $0.counts.values.reduce(0, +) > $1.counts.values.reduce(0, +) }.map { place in
                Charts.BarRow(label: labels.label(place.kind, place.id),
                              segments: Self.documents.map { .init(value: Double(place.counts[$0] ?? 0), color: Self.documentColour($0)) },
                              valueText: Format.count(place.counts.values.reduce(0, +), "incident", "incidents"))
            }
            Charts.horizontalBars(&m, title: "Turned-away incidents per place by documents shown", rows: bars)
            table(&m, rows, caption: "Per place and documents shown", key: ("place_id", "Place", nil), columns: [
                ("place_kind", "Kind"), ("documents", "Documents shown"), ("incidents", "Incidents"), ("people_affected", "People affected"),
            ])
            m.element("h3", text: "By place and the case's category")
            Self.note(&m, ["From ", "passage report turned-away", ", with how far each incident is verified."])
            table(&m, figures.turnedAway, caption: nil, key: ("place_id", "Place", nil), columns: [
                ("place_kind", "Kind"), ("category", "Category"), ("incidents", "Incidents"), ("people_affected", "People affected"),
                ("confirmed", "Confirmed"), ("unconfirmed", "Unconfirmed"), ("disputed", "Disputed"),
            ])
        }
    }

    /// Okabe–Ito colours; `none` in the colour of turned away, `unknown` grey.
    static func documentColour(_ document: String) -> String {
        switch document {
        case "us_passport": "#0072B2"
        case "green_card": "#E69F00"
        case "visa": "#009E73"
        case "siv_letter": "#CC79A7"
        case "tazkira": "#56B4E9"
        case "none": "#D55E00"
        default: "#8c8c8c"
        }
    }

    static func documentWords(_ document: String) -> String {
        switch document {
        case "us_passport": "US passport"
        case "green_card": "green card"
        case "siv_letter": "SIV letter"
        case "none": "none shown"
        case "unknown": "not known"
        default: document
        }
    }

    private func unresolved(_ m: inout Markup) {
        section(&m, id: "unresolved", title: "Still unresolved", report: "unresolved",
                lead: "Unresolved cases (current status still in country, unknown or none) by whole days since their last activity, as of \(Self.readable(figures.asOf)).") { m in
            let bars = figures.unresolvedByDays.map {
                Charts.BarRow(label: $0.label, segments: [.init(value: Double($0.cases), color: Palette.unresolved)], valueText: Format.count($0.cases, "case", "cases"))
            }
            Charts.horizontalBars(&m, title: "Unresolved cases by days since last activity", rows: bars)
            m.element("div", ["class": "table-wrap"]) { m in
                m.element("table", ["data-report": "unresolved"]) { m in
                    m.element("caption", text: "Rows of the report counted by days_since_activity")
                    m.element("thead") { m in
                        m.element("tr") { m in
                            m.element("th", ["scope": "col"], text: "Days since last activity")
                            m.element("th", ["scope": "col", "class": "n", "data-column": "cases"], text: "Cases")
                        }
                    }
                    m.element("tbody") { m in
                        for bucket in figures.unresolvedByDays {
                            m.element("tr", ["data-key": bucket.label]) { m in
                                m.element("th", ["scope": "row"], text: bucket.label)
                                m.element("td", ["class": "n"], text: Format.count(bucket.cases))
                            }
                        }
                    }
                }
            }
        }
    }

    private func dataQuality(_ m: inout Markup) {
        section(&m, id: "data-quality", title: "Data quality", report: "data-quality",
                lead: "\(Format.count(figures.findingCount)) findings: records that contradict each other. The report lists each record; fix them at their source and load again.") { m in
            guard !figures.findings.isEmpty else {
                m.element("p", text: "No finding.")
                return
            }
            m.element("div", ["class": "table-wrap"]) { m in
                m.element("table", ["data-report": "data-quality"]) { m in
                    m.element("thead") { m in
                        m.element("tr") { m in
                            m.element("th", ["scope": "col"], text: "Kind")
                            m.element("th", ["scope": "col"], text: "Problem")
                            m.element("th", ["scope": "col", "class": "n", "data-column": "findings"], text: "Findings")
                        }
                    }
                    m.element("tbody") { m in
                        for finding in figures.findings {
                            m.element("tr", ["data-key": finding.kind + ": " + finding.problem]) { m in
                                m.element("td", text: finding.kind)
                                m.element("td", text: finding.problem)
                                m.element("td", ["class": "n"], text: Format.count(finding.count))
                            }
                        }
                    }
                }
            }
        }
    }

    private func map(_ m: inout Markup) {
        let places = figures.places
        var musterPointCounts: [String: MapDrawing.Counts] = [:]
        let points = figures.outcomesByMusterPoint
        for row in points.indices {
            guard let id = points.text(row, "muster_point_id") else { continue }
            musterPointCounts[id] = .init(admitted: points.int(row, "admitted"), turnedAway: points.int(row, "turned_away"))
        }
        var gateCounts: [String: MapDrawing.Counts] = [:]
        let gates = figures.outcomesByGate
        for row in gates.indices {
            guard let id = gates.text(row, "gate_id") else { continue }
            gateCounts[id] = .init(admitted: gates.int(row, "admitted"), turnedAway: gates.int(row, "turned_away"))
        }
        var routePeople: [String: Int] = [:]
        let routes = figures.entriesPerRoute
        for row in routes.indices {
            if let id = routes.text(row, "route_id") { routePeople[id] = routes.int(row, "people_admitted") }
        }
        let drawing = MapDrawing(places: places, labels: labels, musterPointCounts: musterPointCounts, gateCounts: gateCounts, routePeople: routePeople)
        section(&m, id: "map", title: "Map", report: nil,
                lead: "Muster points (circles) and gates (squares) with their admitted and turned-away attempts; routes as lines from muster point to gate, wider for more people admitted, with that number at their middle (dashed: none admitted). Drawn from the places' coordinates, without a background map.") { m in
            if drawing.placed.isEmpty {
                m.element("p", text: "No muster point or gate has coordinates.")
            } else {
                drawing.draw(&m)
            }
            let unplaced = (places.musterPoints + places.gates).filter { $0.coordinate == nil }
            if !unplaced.isEmpty {
                m.element("h3", text: "Not on the map (no coordinates)")
                m.element("ul", ["class": "unplaced"]) { m in
                    for place in unplaced {
                        m.element("li", text: "\(place.kind == .gate ? "Gate" : "Muster point") \(labels.label(place.kind, place.id)) (\(place.id))")
                    }
                }
            }
            Self.note(&m, ["Counts: ", "passage report outcomes-by-muster-point", ", ", "outcomes-by-gate", ", ", "entries-per-route",
                           "; the same places as GeoJSON for GIS tools: ", "passage map FILE.geojson", "."])
            m.element("div", ["class": "table-wrap"]) { m in
                m.element("table", ["data-report": "places"]) { m in
                    m.element("caption", text: "Places")
                    m.element("thead") { m in
                        m.element("tr") { m in
                            for (name, header) in [("map_key", "Map key"), ("id", "Id"), ("kind", "Kind"), ("name", "Name"), ("latitude", "Latitude"), ("longitude", "Longitude"), ("controlled_by", "Controlled by")] {
                                m.element("th", ["scope": "col", "data-column": name], text: header)
                            }
                        }
                    }
                    m.element("tbody") { m in
                        for place in places.musterPoints + places.gates {
                            m.element("tr", ["data-key": place.id]) { m in
                                m.element("th", ["scope": "row"], text: place.coordinate == nil ? "–" : MapDrawing.key(place, in: places))
                                m.element("td", text: place.id)
                                m.element("td", text: place.kind == .gate ? "gate" : "muster point")
                                m.element("td", text: place.name ?? "")
                                m.element("td", ["class": "n"], text: place.latitude.map { String($0) } ?? "–")
                                m.element("td", ["class": "n"], text: place.longitude.map { String($0) } ?? "–")
                                m.element("td", text: place.controlledBy ?? "")
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: Building blocks

    /// A small note naming where figures come from: `parts` alternate words and commands (shown as code).
    private static func note(_ m: inout Markup, _ parts: [String]) {
        m.element("p", ["class": "source"]) { m in
            for (index, part) in parts.enumerated() {
                if index % 2 == 0 { m.text(part) } else { m.element("code", text: part) }
            }
        }
    }

    private func section(_ m: inout Markup, id: String, title: String, report: String?, lead: String, _ content: (inout Markup) -> Void) {
        m.element("section", ["id": id, "aria-labelledby": id + "-title"]) { m in
            m.element("h2", ["id": id + "-title"], text: title)
            m.element("p", ["class": "lead"], text: lead)
            if let report { Self.note(&m, ["Figures from ", "passage report \(report)"]) }
            content(&m)
        }
    }

    /// A report's rows as a table, its columns in the order given: the key
    /// column first (a place is shown by its id and name, or with
    /// `hidesPlaces` by its neutral label only), then the figures as the
    /// report gives them (counts with thousands separators, rates as
    /// percentages, place columns named the same way as the key).
    private func table(_ m: inout Markup, _ rows: ReportRows, caption: String?, key: (column: String, header: String, kind: Places.Kind?),
                       columns: [(name: String, header: String)]) {
        // A place is shown by its name with its id under it, unless places are hidden.
        let showsNames = !hidesPlaces && key.column != "date"
        m.element("div", ["class": "table-wrap"]) { m in
            m.element("table", ["data-report": rows.name]) { m in
                if let caption { m.element("caption", text: caption) }
                m.element("thead") { m in
                    m.element("tr") { m in
                        m.element("th", ["scope": "col", "data-column": key.column], text: key.header)
                        for column in columns {
                            m.element("th", ["scope": "col", "class": isNumeric(column.name) ? "n" : "", "data-column": column.name], text: column.header)
                        }
                    }
                }
                m.element("tbody") { m in
                    for row in rows.indices {
                        let kind = key.kind ?? PlaceLabels.kind(ofPlaceKind: rows.text(row, "place_kind"))
                        let keyText = key.column == "date" ? (rows.text(row, key.column) ?? "") : placeKey(kind, rows.text(row, key.column))
                        m.element("tr", ["data-key": keyText]) { m in
                            m.element("th", ["scope": "row"]) { m in
                                if showsNames, let id = rows.text(row, key.column) {
                                    m.element("span", ["class": "name"], text: labels.label(kind, id))
                                    m.element("span", ["class": "id"], text: id)
                                } else {
                                    m.text(keyText)
                                }
                            }
                            for column in columns {
                                let isPlace = !hidesPlaces && (column.name == "muster_point_id" || column.name == "gate_id")
                                let isTime = column.name.hasSuffix("_at")
                                m.element("td", ["class": isNumeric(column.name) ? "n" : isPlace ? "code" : isTime ? "time" : ""], text: cell(rows, row, column.name))
                            }
                        }
                    }
                }
            }
        }
    }

    /// A place in a key column: its id (empty for the straight-to-gate group), or its neutral label.
    private func placeKey(_ kind: Places.Kind, _ id: String?) -> String {
        guard id != nil else { return labels.label(kind, nil) }
        return labels.key(kind, id)
    }

    private func isNumeric(_ column: String) -> Bool {
        !["muster_point_id", "gate_id", "place_kind", "documents", "category", "first_entry_at", "last_entry_at"].contains(column)
    }

    private func cell(_ rows: ReportRows, _ row: Int, _ column: String) -> String {
        switch column {
        case "muster_point_id": return rows.text(row, column) == nil ? "–" : placeKey(.musterPoint, rows.text(row, column))
        case "gate_id": return placeKey(.gate, rows.text(row, column))
        case "admission_rate": return Format.percentage(rows.double(row, column))
        case "median_hours", "p90_hours", "max_hours", "mean_attempts_before_entry": return rows.text(row, column) ?? "–"
        case "place_kind": return rows.text(row, column) == "gate" ? "gate" : "muster point"
        // The zone is in the page's header: a time is shown to the minute.
        case "first_entry_at", "last_entry_at": return rows.text(row, column).map(Format.shortTime) ?? "–"
        default:
            switch rows.value(row, column) {
            case .integer(let value): return Format.count(Int(value))
            case .null: return "–"
            default: return rows.text(row, column) ?? "–"
            }
        }
    }

    /// `2021-08-31T00:00:00+04:30` → `31 Aug 2021 00:00`; a date alone stays a date.
    static func readable(_ time: EventTime) -> String {
        let text = time.text
        let date = String(text.prefix(10))
        let year = date.prefix(4)
        guard text.count >= 16 else { return "\(Format.shortDate(date)) \(year)" }
        let clock = text.dropFirst(11).prefix(5)
        return "\(Format.shortDate(date)) \(year) \(clock)"
    }
}

/// Local dates as text, day by day.
enum LocalDates {
    /// Every date from `first` to `last` (`YYYY-MM-DD`, inclusive); nil if either is not a date or last is earlier.
    static func days(from first: String, to last: String) -> [String]? {
        guard let start = day(first), let end = day(last), start <= end, end - start <= 400 else { return nil }
        return (start...end).map { number in
            let (year, month, day) = TimeParser.civilFromDays(number)
            return TimeParser.date(year: year, month: month, day: day)
        }
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` date.
    private static func day(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        return TimeParser.daysFromCivil(year: year, month: month, day: day)
    }
}
