import Foundation
@_exported import PassageTestSupport

/// Runs the built `passage` binary, which sits next to the test bundle.
struct PassageProcess {
    struct Result {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    static let executable: String = {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundleFolder.appendingPathComponent("passage").path,
            URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("passage").path,
            Bundle.main.bundleURL.appendingPathComponent("passage").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("passage").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    /// Runs `passage ARGUMENTS` in `directory` and waits for it.
    @discardableResult
    /// `withoutTerminal`: in a new session, so no terminal can be asked for
    /// a passphrase even when the tests run in one.
    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:], withoutTerminal: Bool = false) throws -> Result {
        let process = Process()
        if withoutTerminal {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["--wait", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var merged = ProcessInfo.processInfo.environment
        merged["PASSAGE_DB"] = nil
        for name in ["PASSAGE_PASSPHRASE", "PASSAGE_NEW_PASSPHRASE", "PASSAGE_IDENTITY"] { merged[name] = nil }
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let output = Pipe()
        // Standard error goes to a file, so neither stream can fill up and block the child.
        let errorPath = NSTemporaryDirectory() + "passage-stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)  // FileHandle below fails if it was not created
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardOutput = output
        process.standardError = errorHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let errorData = FileManager.default.contents(atPath: errorPath) ?? Data()
        return Result(status: process.terminationStatus,
                      standardOutput: String(decoding: outputData, as: UTF8.self),
                      standardError: String(decoding: errorData, as: UTF8.self))
    }
}

/// The package's root, for fixtures.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
