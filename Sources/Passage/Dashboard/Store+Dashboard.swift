#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Store {
    /// The dashboard page (HTML) as of `asOf` (any time form of docs/data-model.md; default
    /// `now`); `hidesPlaces` leaves out the map, coordinates, names and ids
    /// of places (see `PlaceLabels`).
    public func dashboardHTML(asOf: String?, hidesPlaces: Bool, now: Date = Date()) throws -> String {
        let moment: EventTime
        if let asOf {
            do {
                moment = try TimeParser.parse(asOf, zone: zone)
            } catch {
                throw PassageError.invalidAsOf(reason: error.description)
            }
        } else {
            moment = EventTime(epochSeconds: Int64(now.timeIntervalSince1970.rounded(.down)), zone: zone)
        }
        let figures = try DashboardFigures.read(from: self, asOf: moment)
        return DashboardPage(figures: figures, hidesPlaces: hidesPlaces).html()
    }

    /// Writes the dashboard to `path` (owner-only, replacing an older one
    /// whole); returns its size in bytes.
    @discardableResult
    public func writeDashboard(to path: String, asOf: String?, hidesPlaces: Bool, now: Date = Date()) throws -> Int {
        try refuseToReplaceTheDatabase(with: path)
        let html = try dashboardHTML(asOf: asOf, hidesPlaces: hidesPlaces, now: now)
        try FilePaths.replaceFile(path, with: html)
        return html.utf8.count
    }

    /// The muster points, gates and routes as an RFC 7946 GeoJSON
    /// FeatureCollection (see `GeoJSONMap`).
    public func mapGeoJSON() throws -> (text: String, points: Int, lines: Int) {
        var map: GeoJSONMap?
        try connection.transaction(.deferred) {
            map = try GeoJSONMap(store: self)
            return .commit
        }
        return (map!.text, map!.points, map!.lines)
    }

    /// Writes the GeoJSON map to `path` (owner-only, replacing an older one whole).
    public func writeMap(to path: String) throws -> (points: Int, lines: Int) {
        try refuseToReplaceTheDatabase(with: path)
        let map = try mapGeoJSON()
        try FilePaths.replaceFile(path, with: map.text)
        return (map.points, map.lines)
    }

    /// An output named like the database or its `-wal`/`-shm` would replace it.
    private func refuseToReplaceTheDatabase(with output: String) throws {
        for file in [self.path, self.path + "-wal", self.path + "-shm"]
        where FilePaths.isSameFile(output, file) || FilePaths.isSameName(output, file) {
            throw PassageError.outputIsDatabase(output: output, database: self.path)
        }
    }
}
