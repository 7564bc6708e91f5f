import Foundation
import PassageInput
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    /// The digest of every loaded file, recorded with the load: known
    /// vectors through the reader's own path (swift-crypto's SHA-256).
    @Test func knownVectorsThroughAFileRead() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (text, digest) in [("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                               (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")] {
            let file = folder.appendingPathComponent("v.csv")
            try Data(text.utf8).write(to: file)
            let source = try ByteSource(path: file.path)
            try source.readToEnd()
            #expect(source.sha256Hex() == digest)
        }
    }

    @Test func byteSourceDigestMatchesSha256sum() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("data.csv")
        var generator = SeededGenerator(seed: 42)
        let bytes = (0..<300_001).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: file)

        let source = try ByteSource(path: file.path)
        var reports: [Int] = []
        source.progress = { reports.append($0) }
        try source.readToEnd()
        #expect(source.bytesRead == bytes.count)
        #expect(reports.last == bytes.count)
        #expect(reports.count == (bytes.count + ByteSource.defaultChunkSize - 1) / ByteSource.defaultChunkSize)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let expected = String(output.prefix(64))
        #expect(expected.count == 64)
        #expect(source.sha256Hex() == expected)
        #expect(sha256Hex(bytes) == expected)
    }

    @Test func readerDigestCoversTheWholeFile() throws {
        let text = "id,name\n1,a\n2,b\n"
        let result = try readFile(text, as: .csv)
        #expect(result.sha256 == sha256Hex(Array(text.utf8)))
        #expect(result.bytesRead == text.utf8.count)
    }
}
