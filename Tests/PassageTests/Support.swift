import Foundation
@testable import Passage
import PassageSQLite
import Testing
@_exported import PassageTestSupport

/// A small valid world the rule tests add rows to.
enum World {
    static let sources = """
        id,kind,name,reliability,notes
        src-net,network,Volunteer desk,high,
        src-fam,family,Relative abroad,,

        """
    static let musterPoints = """
        id,name,latitude,longitude,controlled_by,notes
        mp-moi,Interior Ministry,34.55,69.2,taliban,
        mp-fuel,Fuel station,,,taliban,

        """
    static let gates = """
        id,name,latitude,longitude,controlled_by,notes
        gate-abbey,Abbey Gate,34.56,69.21,us_forces,
        gate-north,North Gate,,,,

        """
    static let routes = """
        id,muster_point_id,gate_id,name,notes
        rt-moi,mp-moi,gate-abbey,Ministry to Abbey,
        rt-fuel,mp-fuel,gate-north,,
        rt-direct,,gate-abbey,Straight to Abbey,

        """
    static let cases = """
        id,label,category,size,children,contact,registered_at,source_id,notes
        c-1,Family of six,lpr,6,4,desk,2021-08-20,src-net,private note
        c-2,Citizen,us_citizen,1,,,,,

        """
    static let escortRuns = """
        id,route_id,escort,departed_at,arrived_at,people,status,source_id,notes
        run-1,rt-moi,taliban,2021-08-24T22:00,2021-08-24T23:00,40,completed,src-net,
        run-2,rt-fuel,us_forces,2021-08-25T02:00,,,,,

        """

    /// Writes the base world into `folder/world/` and returns the folder.
    static func write(into folder: TemporaryDirectory) -> String {
        folder.write("world/sources.csv", sources)
        folder.write("world/muster_points.csv", musterPoints)
        folder.write("world/gates.csv", gates)
        folder.write("world/routes.csv", routes)
        folder.write("world/cases.csv", cases)
        folder.write("world/escort_runs.csv", escortRuns)
        return folder.file("world")
    }
}

/// Opens (creating) a store in the folder.
func makeStore(_ folder: TemporaryDirectory, name: String = "passage.db", zone: EventZone? = nil) throws -> Store {
    try Store.openForWriting(at: folder.file(name), zone: zone)
}

/// The base world written into a new folder and loaded into a new store.
func loadedWorld() throws -> (folder: TemporaryDirectory, world: String, store: Store) {
    let folder = TemporaryDirectory()
    let world = World.write(into: folder)
    let store = try makeStore(folder)
    #expect(try load(store, [world]).succeeded)
    return (folder, world, store)
}

func load(_ store: Store, _ paths: [String], configure: (inout LoadOptions) -> Void = { _ in }) throws -> LoadSummary {
    var options = LoadOptions()
    configure(&options)
    return try Loader(store: store, options: options).load(paths)
}

/// Every row of every table, as text: two databases with the same dump hold the same data.
func dump(_ store: Store, tables: [String] = RecordKind.allCases.map(\.table) + ["loads", "load_files", "load_counts", "audit"]) throws -> [String] {
    var lines: [String] = []
    for table in tables {
        // The audit's time of change differs between stores loaded a second apart.
        let columns = table == "audit" ? "id, kind, record_id, action, previous, load_id" : "*"
        let statement = try store.connection.prepare("SELECT \(columns) FROM \(table) ORDER BY 1")
        while try statement.step() { lines.append(table + ": " + statement.row.map(\.description).joined(separator: "|")) }
    }
    return lines
}
