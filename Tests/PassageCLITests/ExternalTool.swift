import Foundation
import Testing

/// A program a test needs from the machine (chromium, ogrinfo). In CI
/// (`CI=true`) a missing one fails the test; elsewhere the test is skipped
/// with a message saying what to install.
enum ExternalTool {
    /// The tool's path, or nil (after recording a failure in CI, or printing why locally).
    static func find(_ name: String, package: String) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        if let path = folders.map({ $0 + "/" + name }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return path
        }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("\(name) is missing: CI must install the Debian package \(package) (see .ci/run)")
        } else {
            print("SKIPPED: \(name) is not installed (apt-get install \(package)); the test that needs it did not run.")
        }
        return nil
    }

    struct Result {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// Runs the tool and waits (at most `timeout` seconds), its output and errors in files.
    static func run(_ path: String, _ arguments: [String], in directory: String, timeout: TimeInterval = 120) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let outputPath = directory + "/.out-\(UUID().uuidString)", errorPath = directory + "/.err-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let error = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("\(path) \(arguments.joined(separator: " ")) took more than \(Int(timeout)) s")
        }
        process.waitUntilExit()
        try output.close()
        try error.close()
        return Result(status: process.terminationStatus,
                      standardOutput: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
                      standardError: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
    }
}
