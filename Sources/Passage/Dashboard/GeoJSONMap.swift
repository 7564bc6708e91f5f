/// Muster points, gates and routes as an RFC 7946 FeatureCollection: a
/// Point for each muster point and gate with coordinates (properties `id`,
/// `kind`, `name`, `controlled_by`, `attempts`, `admitted`, `turned_away`),
/// a LineString for each route whose two ends have coordinates (`id`,
/// `muster_point_id`, `gate_id`, `admitted_attempts`, `people_admitted`,
/// `turned_away_attempts`). Positions are `[longitude, latitude]` (WGS 84,
/// the only system RFC 7946 allows). The counts are those of the reports
/// outcomes-by-muster-point, outcomes-by-gate and entries-per-route.
struct GeoJSONMap {
    private(set) var text = ""
    private(set) var points = 0
    private(set) var lines = 0

    init(store: Store) throws {
        let places = try Places(store: store)
        func rows(_ name: String) throws -> ReportRows {
            ReportRows(name: name, table: try store.run(try DashboardFigures.report(name), parameters: [:]))
        }
        let musterPoints = try rows("outcomes-by-muster-point")
        let gates = try rows("outcomes-by-gate")
        let routes = try rows("entries-per-route")
        func rowIndex(_ table: ReportRows, _ column: String) -> [String: Int] {
            Dictionary(table.indices.compactMap { row in table.text(row, column).map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
        }
        let musterPointRow = rowIndex(musterPoints, "muster_point_id")
        let gateRow = rowIndex(gates, "gate_id")
        let routeRow = rowIndex(routes, "route_id")

        var features: [String] = []
        for (place, table, index) in places.musterPoints.map({ ($0, musterPoints, musterPointRow) }) + places.gates.map({ ($0, gates, gateRow) }) {
            guard let (latitude, longitude) = place.coordinate else { continue }
            let row = index[place.id]
            let count = { (column: String) in String(row.map { table.int($0, column) } ?? 0) }
            features.append(Self.feature(geometry: "{\"type\":\"Point\",\"coordinates\":\(Self.position(latitude, longitude))}", properties: [
                ("id", JSONText.quote(place.id)),
                ("kind", JSONText.quote(place.kind.rawValue)),
                ("name", place.name.map(JSONText.quote) ?? "null"),
                ("controlled_by", place.controlledBy.map(JSONText.quote) ?? "null"),
                ("attempts", count("attempts")),
                ("admitted", count("admitted")),
                ("turned_away", count("turned_away")),
            ]))
            points += 1
        }
        for route in places.routes {
            guard let from = places.place(.musterPoint, route.musterPointID)?.coordinate,
                  let to = places.place(.gate, route.gateID)?.coordinate else { continue }
            let row = routeRow[route.id]
            let count = { (column: String) in String(row.map { routes.int($0, column) } ?? 0) }
            let line = "[\(Self.position(from.latitude, from.longitude)),\(Self.position(to.latitude, to.longitude))]"
            features.append(Self.feature(geometry: "{\"type\":\"LineString\",\"coordinates\":\(line)}", properties: [
                ("id", JSONText.quote(route.id)),
                ("muster_point_id", route.musterPointID.map(JSONText.quote) ?? "null"),
                ("gate_id", route.gateID.map(JSONText.quote) ?? "null"),
                ("admitted_attempts", count("admitted_attempts")),
                ("people_admitted", count("people_admitted")),
                ("turned_away_attempts", count("turned_away_attempts")),
            ]))
            lines += 1
        }
        text = "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + (features.isEmpty ? "" : "\n") + "]}\n"
    }

    /// `[longitude, latitude]`, as RFC 7946 orders a position.
    private static func position(_ latitude: Double, _ longitude: Double) -> String {
        "[\(longitude),\(latitude)]"
    }

    /// One feature; `properties` are JSON texts already.
    private static func feature(geometry: String, properties: [(String, String)]) -> String {
        let members = properties.map { JSONText.quote($0.0) + ":" + $0.1 }.joined(separator: ",")
        return "{\"type\":\"Feature\",\"geometry\":\(geometry),\"properties\":{\(members)}}"
    }
}
