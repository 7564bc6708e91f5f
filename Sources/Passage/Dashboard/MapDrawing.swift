#if canImport(Glibc)
import Glibc
#endif

/// The map without tiles (it must open offline): an equirectangular
/// projection around the places' mean latitude, fitted to their box;
/// muster points as circles, gates as squares, each named with its
/// admitted and turned-away attempts; routes as lines whose width shows
/// the people admitted by them.
struct MapDrawing {
    struct Counts {
        let admitted: Int
        let turnedAway: Int
    }

    static let width = 720.0
    static let height = 480.0
    private static let padding = 70.0
    private static let fontSize = 12.0

    let places: Places
    let labels: PlaceLabels
    /// By muster point or gate id.
    let musterPointCounts: [String: Counts]
    let gateCounts: [String: Counts]
    /// People admitted by route id.
    let routePeople: [String: Int]

    private struct Point {
        let place: Places.Place
        let x: Double
        let y: Double
    }

    /// The places that have coordinates; nothing to draw when there are none.
    var placed: [Places.Place] { (places.musterPoints + places.gates).filter { $0.coordinate != nil } }

    func draw(_ m: inout Markup) {
        let points = project(placed)
        let byKey = Dictionary(points.map { ($0.place.kind.rawValue + "\u{0}" + $0.place.id, $0) }, uniquingKeysWith: { a, _ in a })
        let mostPeople = max(routePeople.values.max() ?? 0, 1)
        m.element("svg", ["class": "map", "viewBox": "0 0 \(Int(Self.width)) \(Int(Self.height))", "width": "100%",
                          "role": "img", "aria-label": "Map of muster points, gates and routes"]) { m in
            m.element("title", text: "Map of muster points, gates and routes")
            m.empty("rect", ["width": "100%", "height": "100%", "class": "map-ground"])
            var routeValues: [(x: Double, y: Double, people: Int)] = []
            for route in places.routes {
                guard let from = byKey[Places.Kind.musterPoint.rawValue + "\u{0}" + (route.musterPointID ?? "")],
                      let to = byKey[Places.Kind.gate.rawValue + "\u{0}" + (route.gateID ?? "")] else { continue }
                let people = routePeople[route.id] ?? 0
                let width = people > 0 ? 2 + 12 * (Double(people) / Double(mostPeople)).squareRoot() : 1.5
                m.element("line", ["x1": Charts.number(from.x), "y1": Charts.number(from.y), "x2": Charts.number(to.x), "y2": Charts.number(to.y),
                                   "stroke-width": Charts.number(width), "class": people > 0 ? "route" : "route unused"]) { m in
                    m.element("title", text: "\(labels.label(.route, route.id)): \(Format.count(people, "person", "people")) admitted")
                }
                routeValues.append((x: (from.x + to.x) / 2, y: (from.y + to.y) / 2, people: people))
            }
            // The people admitted by each route, at its middle, over every line.
            for value in routeValues where value.people > 0 {
                m.element("text", ["x": Charts.number(value.x), "y": Charts.number(value.y + 4), "text-anchor": "middle", "class": "route-value"],
                          text: Format.count(value.people))
            }
            var taken: [Box] = points.map { Box(x: $0.x - 8, y: $0.y - 8, width: 16, height: 16) }
            for point in points {
                let counts = point.place.kind == .gate ? gateCounts[point.place.id] : musterPointCounts[point.place.id]
                let name = Charts.shortened(labels.label(point.place.kind, point.place.id), to: 34)
                let detail = "\(Format.count(counts?.admitted ?? 0)) admitted · \(Format.count(counts?.turnedAway ?? 0)) turned away"
                if point.place.kind == .gate {
                    m.empty("rect", ["x": Charts.number(point.x - 6), "y": Charts.number(point.y - 6), "width": "12", "height": "12", "class": "gate"])
                } else {
                    m.empty("circle", ["cx": Charts.number(point.x), "cy": Charts.number(point.y), "r": "7", "class": "muster-point"])
                }
                let box = Self.labelBox(near: point, lines: [name, detail], avoiding: taken)
                taken.append(box)
                m.element("text", ["x": Charts.number(box.textX), "y": Charts.number(box.y + Self.fontSize), "text-anchor": box.anchor, "class": "place-name"], text: name)
                m.element("text", ["x": Charts.number(box.textX), "y": Charts.number(box.y + 2 * Self.fontSize + 3), "text-anchor": box.anchor, "class": "place-detail"], text: detail)
                // On a phone the names would be too small to read: a short key instead, listed in the table of places.
                let keyOnTheLeft = point.x > Self.width - 60
                m.element("text", ["x": Charts.number(point.x + (keyOnTheLeft ? -12 : 12)), "y": Charts.number(point.y + 8),
                                   "text-anchor": keyOnTheLeft ? "end" : "start", "class": "place-key"], text: Self.key(point.place, in: places))
            }
            scaleBar(&m, points: points)
        }
    }

    /// `M1`, `G2`: the place's kind and its number in id order within its kind.
    static func key(_ place: Places.Place, in places: Places) -> String {
        let list = place.kind == .gate ? places.gates : places.musterPoints
        let number = (list.firstIndex { $0.id == place.id } ?? 0) + 1
        return (place.kind == .gate ? "G" : "M") + String(number)
    }

    // MARK: Projection

    private var meanLatitude: Double {
        let latitudes = placed.compactMap(\.latitude)
        return latitudes.isEmpty ? 0 : latitudes.reduce(0, +) / Double(latitudes.count)
    }

    /// Kilometres per projected unit (a degree of latitude).
    private static let kilometresPerDegree = 111.32

    /// Projected units to pixels, and the centre of the places' box.
    private var fit: (scale: Double, centreX: Double, centreY: Double) {
        let shrink = cos(meanLatitude * .pi / 180)
        let xs = placed.compactMap { $0.longitude.map { $0 * shrink } }
        let ys = placed.compactMap(\.latitude)
        let minX = xs.min() ?? 0, maxX = xs.max() ?? 0, minY = ys.min() ?? 0, maxY = ys.max() ?? 0
        // One place, or places on one line: a box of about a kilometre.
        let spanX = max(maxX - minX, 0.01), spanY = max(maxY - minY, 0.01)
        let scale = min((Self.width - 2 * Self.padding) / spanX, (Self.height - 2 * Self.padding) / spanY)
        return (scale, (minX + maxX) / 2, (minY + maxY) / 2)
    }

    private func project(_ list: [Places.Place]) -> [Point] {
        let shrink = cos(meanLatitude * .pi / 180)
        let (scale, centreX, centreY) = fit
        return list.compactMap { place in
            guard let (latitude, longitude) = place.coordinate else { return nil }
            return Point(place: place, x: Self.width / 2 + (longitude * shrink - centreX) * scale,
                         y: Self.height / 2 - (latitude - centreY) * scale)
        }
    }

    /// A bar of a round number of kilometres (or metres) in the lower left corner, and north.
    private func scaleBar(_ m: inout Markup, points: [Point]) {
        guard !points.isEmpty else { return }
        let pixelsPerKilometre = fit.scale / Self.kilometresPerDegree
        let target = 140 / pixelsPerKilometre
        var length = 1.0
        for candidate in [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] where candidate <= target { length = candidate }
        let pixels = length * pixelsPerKilometre
        let y = Self.height - 20
        m.empty("line", ["x1": "16", "y1": Charts.number(y), "x2": Charts.number(16 + pixels), "y2": Charts.number(y), "class": "scale"])
        let words = length < 1 ? "\(Int(length * 1000)) m" : "\(Int(length)) km"
        m.element("text", ["x": "16", "y": Charts.number(y - 6), "class": "place-detail scale-words"], text: words)
        m.element("text", ["x": Charts.number(Self.width - 16), "y": "24", "text-anchor": "end", "class": "place-detail north"], text: "↑ North")
    }

    // MARK: Labels

    private struct Box {
        let x: Double
        let y: Double
        let width: Double
        let height: Double
        var textX: Double = 0
        var anchor = "start"

        func overlaps(_ other: Box) -> Bool {
            x < other.x + other.width && other.x < x + width && y < other.y + other.height && other.y < y + height
        }
    }

    /// The first of right, left, below, above that overlaps no earlier
    /// label or marker and stays inside the map; else the one that overlaps
    /// least.
    private static func labelBox(near point: Point, lines: [String], avoiding taken: [Box]) -> Box {
        let width = Double(lines.map(\.count).max() ?? 0) * fontSize * 0.56
        let height = 2 * fontSize + 6
        let candidates: [Box] = [
            Box(x: point.x + 11, y: point.y - height / 2, width: width, height: height, textX: point.x + 11, anchor: "start"),
            Box(x: point.x - 11 - width, y: point.y - height / 2, width: width, height: height, textX: point.x - 11, anchor: "end"),
            Box(x: point.x - width / 2, y: point.y + 10, width: width, height: height, textX: point.x, anchor: "middle"),
            Box(x: point.x - width / 2, y: point.y - 10 - height, width: width, height: height, textX: point.x, anchor: "middle"),
        ]
        func cost(_ box: Box) -> Int {
            let outside = box.x < 0 || box.y < 0 || box.x + box.width > Self.width || box.y + box.height > Self.height
            return taken.filter(box.overlaps).count * 2 + (outside ? 3 : 0)
        }
        return candidates.min { cost($0) < cost($1) } ?? candidates[0]
    }
}
