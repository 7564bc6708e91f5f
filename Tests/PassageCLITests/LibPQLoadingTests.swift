import Foundation
import Testing

/// libpq is loaded only when `passage mirror` needs it (Sources/CLibPQ):
/// every other command starts without it and the libraries it brings.
@Suite struct LibPQLoadingTests {
    let folder = TemporaryDirectory()

    /// glibc's loader names, on standard error, each library it loads.
    private let listLoads = ["LD_DEBUG": "files"]

    @Test("--version and a report load no libpq (and do load SQLite, so the list is real)")
    func otherCommandsStartWithoutLibPQ() throws {
        let demo = try PassageProcess.run(["demo"], in: folder.path)
        #expect(demo.status == 0, "\(demo.standardError)")
        for arguments in [["--version"], ["report", "outcomes-by-muster-point", "--db", "passage-demo.db", "--format", "csv"]] {
            let result = try PassageProcess.run(arguments, in: folder.path, environment: listLoads)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardError.contains("libsqlite3.so"), "\(result.standardError)")
            #expect(!result.standardError.contains("libpq"), "passage \(arguments.joined(separator: " ")) loaded libpq")
        }
    }

    @Test("the mirror loads libpq; when it cannot, it says so and names the package, and other commands still run")
    func mirrorWithoutLibPQ() throws {
        // Found first on LD_LIBRARY_PATH, a libpq.so.5 that is no library stands for a missing one.
        _ = folder.write("lib/libpq.so.5", "not a library\n")
        let broken = ["LD_LIBRARY_PATH": folder.file("lib")]
        let mirror = try PassageProcess.run(["mirror", "postgresql://127.0.0.1:1/none", "--db", "absent.db"], in: folder.path, environment: broken)
        #expect(mirror.status == 1)
        #expect(mirror.standardError.contains("cannot load libpq"), "\(mirror.standardError)")
        #expect(mirror.standardError.contains("libpq5"), "\(mirror.standardError)")
        let version = try PassageProcess.run(["--version"], in: folder.path, environment: broken)
        #expect(version.status == 0, "\(version.standardError)")

        // With the system's libpq, the same command gets as far as libpq's own answer.
        let reached = try PassageProcess.run(["mirror", "postgresql://127.0.0.1:1/none", "--db", "absent.db"], in: folder.path,
                                             environment: listLoads)
        #expect(reached.status != 0)
        #expect(reached.standardError.contains("libpq.so.5"), "the mirror did not load libpq: \(reached.standardError)")
        #expect(!reached.standardError.contains("cannot load libpq"), "\(reached.standardError)")
    }
}
