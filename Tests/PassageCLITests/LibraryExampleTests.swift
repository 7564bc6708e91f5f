import Foundation
import Testing

/// docs/library.md is true: its Package.swift and main.swift, as written,
/// make a package of their own that depends on this repository, builds
/// against the public API of `Passage` only, and prints what the page says.
@Suite struct LibraryExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The page's fenced blocks, in order: (language, text).
    static func blocks(_ page: String) -> [(language: String, text: String)] {
        var blocks: [(language: String, text: String)] = []
        var current: (language: String, lines: [String])?
        for line in page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                if let open = current {
                    blocks.append((open.language, open.lines.joined(separator: "\n") + "\n"))
                    current = nil
                } else {
                    current = (String(line.dropFirst(3)), [])
                }
            } else if current != nil {
                current!.lines.append(line)
            }
        }
        return blocks
    }

    /// A short key that changes whenever a source file is added, removed or renamed.
    static func sourceListKey() -> String {
        let sources = root.appendingPathComponent("Sources").path
        let paths = (FileManager.default.enumerator(atPath: sources)?.allObjects as? [String] ?? []).sorted()
        // FNV-1a over the sorted paths: stable across runs, unlike Hasher.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in paths.joined(separator: "\n").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    @Test func theDocumentedExampleBuildsAndRunsFromAnotherPackage() throws {
        let page = try String(contentsOf: Self.root.appendingPathComponent("docs/library.md"), encoding: .utf8)
        let blocks = Self.blocks(page)
        try #require(blocks.count == 3, "docs/library.md: expected Package.swift, main.swift and the output")
        // A fixed folder under .build (out of git), so that a rerun builds
        // only what changed; `../passage` names this repository, whatever
        // its folder is called.
        let base = Self.root.appendingPathComponent(".build/library-example").path
        let package = base + "/Tally"
        let files = FileManager.default
        try files.createDirectory(atPath: package + "/Sources/Tally", withIntermediateDirectories: true)
        if (try? files.destinationOfSymbolicLink(atPath: base + "/passage")) != Self.root.path {
            try? files.removeItem(atPath: base + "/passage")
            try files.createSymbolicLink(atPath: base + "/passage", withDestinationPath: Self.root.path)
        }
        for (path, text) in [(package + "/Package.swift", blocks[0].text), (package + "/Sources/Tally/main.swift", blocks[1].text)]
        where (try? String(contentsOfFile: path, encoding: .utf8)) != text {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        for suffix in ["", "-wal", "-shm"] { try? files.removeItem(atPath: package + "/tally.db" + suffix) }
        // SwiftPM keeps a local dependency's list of files in its build
        // folder and does not notice a file added since: a build folder per
        // list of source files, the others removed.
        let scratch = base + "/scratch-\(Self.sourceListKey())"
        for entry in (try? files.contentsOfDirectory(atPath: base)) ?? [] where entry.hasPrefix("scratch") && base + "/" + entry != scratch {
            try? files.removeItem(atPath: base + "/" + entry)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "run", "--scratch-path", scratch, "Tally"]
        process.currentDirectoryURL = URL(fileURLWithPath: package)
        let output = Pipe()
        let folder = TemporaryDirectory()
        let errors = folder.file("errors.txt")
        _ = FileManager.default.createFile(atPath: errors, contents: nil)  // FileHandle below fails if it was not created
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let log = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        try #require(process.terminationStatus == 0, "swift run failed:\n\(log.suffix(3000))")
        #expect(printed == blocks[2].text)
    }
}
