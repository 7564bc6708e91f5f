// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Passage",
    products: [
        .library(name: "Passage", targets: ["Passage"]),
        .library(name: "PassageSQLite", targets: ["PassageSQLite"]),
        .executable(name: "passage", targets: ["PassageCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // The system SQLite, seen through a module map; the only place C is imported.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // A thin wrapper: connections, statements, bindings, errors, transactions.
        .target(name: "PassageSQLite", dependencies: ["CSQLite"]),
        // PostgreSQL's C client (Debian's libpq-dev headers), not linked: loaded with
        // dlopen when the mirror first needs it, so other commands start without it.
        .target(name: "CLibPQ"),
        // A thin libpq wrapper for the mirror: connect, query, COPY, errors without secrets.
        .target(name: "PassagePostgres", dependencies: ["CLibPQ"]),
        // Streaming readers for the input formats (CSV, TSV, JSON, NDJSON),
        // each file's SHA-256 (swift-crypto's) taken as it is read.
        .target(name: "PassageInput", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The age file format (age-encryption.org/v1) on swift-crypto's
        // primitives: X25519 and scrypt stanzas, header MAC, STREAM payload.
        .target(
            name: "PassageAge",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The evacuation store: schema, records, time rules, loader, reports.
        .target(
            name: "Passage",
            dependencies: ["PassageSQLite", "PassageInput", "PassagePostgres", "PassageAge", .product(name: "Crypto", package: "swift-crypto")],
            plugins: ["EmbedResourcesPlugin"]
        ),
        .executableTarget(
            name: "PassageCLI",
            dependencies: [
                "Passage",
                "PassageAge",
                "PassagePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Sample"],
            // The toolchain's static link (`--static-swift-stdlib`) exports
            // every symbol of the program's own modules (about 10,400), which
            // the Swift runtime's start-up `dladdr` walks at every command:
            // 0.35 ms of a ~5 ms start (BENCHMARKS.md's notes). Nothing loads
            // code that needs them.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(configuration: .release))],
            plugins: ["EmbedResourcesPlugin"]
        ),
        // Build-time embedding of Schema/ SQL and the demo sample into the binary.
        .executableTarget(name: "EmbedResourcesTool"),
        .plugin(
            name: "EmbedResourcesPlugin",
            capability: .buildTool(),
            dependencies: ["EmbedResourcesTool"],
            path: "Sources/EmbedResourcesPlugin"
        ),
        // Helpers the test targets share (temporary folders).
        .target(name: "PassageTestSupport", path: "Tests/PassageTestSupport"),
        .testTarget(name: "PassageSQLiteTests", dependencies: ["PassageSQLite", "PassageTestSupport"]),
        .testTarget(name: "PassageInputTests", dependencies: ["PassageInput", "PassageTestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "PassageAgeTests", dependencies: ["PassageAge", "PassageTestSupport"]),
        .testTarget(name: "PassageTests", dependencies: ["Passage", "PassageSQLite", "PassageTestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "PassageCLITests", dependencies: ["PassageCLI", "Passage", "PassagePostgres", "PassageSQLite", "PassageAge", "PassageTestSupport"]),
    ]
)
