import Foundation

/// A program of the machine the tests use for real (age, age-keygen,
/// python3), run with bytes in and bytes out.
/// Locally a test may be skipped when it is missing; in CI (CI=true) it
/// must be there, so the tests that need it run and fail instead.
public enum ToolProcess {
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The tool's path on $PATH, or nil.
    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether tests that need `names` should run: the tools are there, or this is CI.
    public static func shouldRun(_ names: String...) -> Bool {
        if isCI { return true }
        let missing = names.filter { find($0) == nil }
        if !missing.isEmpty { print("Skipping: \(missing.joined(separator: ", ")) not installed (apt-get install age); CI fails instead") }
        return missing.isEmpty
    }

    public struct Result {
        public let status: Int32
        public let output: Data
        public let standardError: String
    }

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `name ARGUMENTS` with `input` on standard input.
    @discardableResult
    public static func run(_ name: String, _ arguments: [String], input: Data = Data(), in directory: String? = nil) throws -> Result {
        guard let executable = find(name) else { throw Missing(description: "\(name) is not installed (CI installs it: apt-get install age)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let inputFile = NSTemporaryDirectory() + "tool-in-\(UUID().uuidString)"
        let errorFile = NSTemporaryDirectory() + "tool-err-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: inputFile, contents: input)
        _ = FileManager.default.createFile(atPath: errorFile, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: inputFile)
            try? FileManager.default.removeItem(atPath: errorFile)
        }
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inputFile))
        let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorFile))
        process.standardError = errorHandle
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let errorText = String(decoding: FileManager.default.contents(atPath: errorFile) ?? Data(), as: UTF8.self)
        return Result(status: process.terminationStatus, output: data, standardError: errorText)
    }
}
