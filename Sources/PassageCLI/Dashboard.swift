import ArgumentParser
import Passage

extension PassageCommand {
    struct Dashboard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dashboard",
            abstract: "Write one self-contained HTML page of charts, a map and tables (opens offline, prints on A4).",
            discussion: "Its figures are those of the canned reports; it holds no personal value. With --no-places it has no map and no coordinates, and names every muster point, gate and route only as 'Muster point 1', 'Gate 2', 'Route 3' (numbered in id order): a page for people outside the operation."
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The HTML file to write (replaced if it exists).")
        var file: String

        @Option(name: .customLong("as-of"), help: "The moment the page is of: days since activity count to it (default: now).")
        var asOf: String?

        @Flag(name: .customLong("no-places"), help: "No map, no coordinates, no place names or ids: neutral labels only.")
        var noPlaces = false

        func run() throws {
            let store = try Store.openForReading(at: database.path)
            let bytes = try store.writeDashboard(to: file, asOf: asOf, hidesPlaces: noPlaces)
            say("Wrote the dashboard of \(database.path) to \(file) (\(bytes / 1024 + 1) KiB\(noPlaces ? ", places hidden" : "")).")
        }
    }

    struct MapCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "map",
            abstract: "Write the muster points, gates and routes as GeoJSON (RFC 7946) for GIS tools.",
            discussion: "Points for muster points and gates with coordinates (id, kind, name, controlled_by, attempts, admitted, turned_away); LineStrings for routes whose two ends have coordinates (id, muster_point_id, gate_id, admitted_attempts, people_admitted, turned_away_attempts); positions are [longitude, latitude]."
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The GeoJSON file to write (replaced if it exists).")
        var file: String

        func run() throws {
            let store = try Store.openForReading(at: database.path)
            let written = try store.writeMap(to: file)
            say("Wrote \(written.points) places and \(written.lines) routes of \(database.path) to \(file).")
        }
    }
}
