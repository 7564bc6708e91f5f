/// Muster points, gates and routes as the `places` query gives them: names,
/// coordinates and ends, never notes (personal).
struct Places {
    enum Kind: String {
        case musterPoint = "muster_point"
        case gate
        case route
    }

    struct Place {
        let kind: Kind
        let id: String
        let name: String?
        let latitude: Double?
        let longitude: Double?
        let controlledBy: String?
        let musterPointID: String?
        let gateID: String?

        var coordinate: (latitude: Double, longitude: Double)? {
            guard let latitude, let longitude else { return nil }
            return (latitude, longitude)
        }
    }

    /// Each kind in id order (code point order, as the reports sort ids).
    private(set) var musterPoints: [Place] = []
    private(set) var gates: [Place] = []
    private(set) var routes: [Place] = []
    private var byKey: [String: Place] = [:]

    init(store: Store) throws {
        guard let query = Report.query("places") else { throw PassageError.missingReport("places") }
        let table = ReportRows(name: "places", table: try store.run(query, parameters: [:]))
        for row in table.indices {
            guard let kind = table.text(row, "kind").flatMap(Kind.init(rawValue:)), let id = table.text(row, "id") else { continue }
            let place = Place(kind: kind, id: id, name: table.text(row, "name"),
                              latitude: table.double(row, "latitude"), longitude: table.double(row, "longitude"),
                              controlledBy: table.text(row, "controlled_by"),
                              musterPointID: table.text(row, "muster_point_id"), gateID: table.text(row, "gate_id"))
            switch kind {
            case .musterPoint: musterPoints.append(place)
            case .gate: gates.append(place)
            case .route: routes.append(place)
            }
            byKey[Self.key(kind, id)] = place
        }
    }

    func place(_ kind: Kind, _ id: String?) -> Place? {
        id.flatMap { byKey[Self.key(kind, $0)] }
    }

    private static func key(_ kind: Kind, _ id: String) -> String { kind.rawValue + "\u{0}" + id }
}

/// How the page names a place. Normally by its name (a route without one by
/// its ends); with `hidesPlaces` only by a neutral label numbered in id
/// order within its kind (`Muster point 1`, `Gate 2`, `Route 3`), so that
/// neither a name nor an id reaches the page.
struct PlaceLabels {
    let hidesPlaces: Bool
    private let places: Places
    private var neutral: [String: String] = [:]

    init(places: Places, hidesPlaces: Bool) {
        self.places = places
        self.hidesPlaces = hidesPlaces
        for (kind, list, word) in [(Places.Kind.musterPoint, places.musterPoints, "Muster point"),
                                   (.gate, places.gates, "Gate"), (.route, places.routes, "Route")] {
            for (number, place) in list.enumerated() {
                neutral[kind.rawValue + "\u{0}" + place.id] = "\(word) \(number + 1)"
            }
        }
    }

    /// The name shown for a place; `nil` id (a straight-to-gate group) has its own words.
    func label(_ kind: Places.Kind, _ id: String?) -> String {
        guard let id else { return kind == .musterPoint ? "Straight to a gate" : "None" }
        if hidesPlaces { return neutral[kind.rawValue + "\u{0}" + id] ?? "Unlisted place" }
        guard let place = places.place(kind, id) else { return id }
        if let name = place.name, !name.isEmpty { return name }
        if kind == .route {
            return label(.musterPoint, place.musterPointID) + " → " + label(.gate, place.gateID)
        }
        return id
    }

    /// The key a table row shows in its first column: the id, or with
    /// `hidesPlaces` the neutral label.
    func key(_ kind: Places.Kind, _ id: String?) -> String {
        guard let id else { return "" }
        return hidesPlaces ? label(kind, id) : id
    }

    /// `place_kind` of the turned-away reports as a kind.
    static func kind(ofPlaceKind text: String?) -> Places.Kind {
        text == "gate" ? .gate : .musterPoint
    }
}
