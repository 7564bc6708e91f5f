import Foundation
import PassageInput
import Testing

@Suite("ByteSource and formats")
struct ByteSourceTests {
    @Test func missingFileIsAClearError() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nope.csv").path
        #expect(throws: SourceError(path: path, message: "no such file")) { try ByteSource(path: path) }
        #expect(SourceError(path: path, message: "no such file").description == "cannot read \(path): no such file")
    }

    @Test func directoryIsAClearError() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: SourceError(path: folder.path, message: "is a directory")) { try ByteSource(path: folder.path) }
    }

    @Test func unreadableFileIsAClearError() throws {
        guard getuid() != 0 else { return }  // root reads anything
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("secret.csv")
        try Data("a\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: file.path)
        #expect(throws: SourceError(path: file.path, message: "permission denied")) { try ByteSource(path: file.path) }
    }

    @Test func readsInChunksAndReportsProgress() throws {
        let bytes = Array(repeating: UInt8(ascii: "x"), count: 10)
        let source = ByteSource(bytes: bytes, chunkSize: 3)
        var reports: [Int] = []
        source.progress = { reports.append($0) }
        try source.readToEnd()
        #expect(reports == [3, 6, 9, 10])
        #expect(source.bytesRead == 10)
        #expect(source.sha256Hex() == sha256Hex(bytes))
    }

    @Test func emptyInput() throws {
        let source = ByteSource(bytes: [])
        try source.readToEnd()
        #expect(source.bytesRead == 0)
        #expect(source.sha256Hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func formatsFromExtensions() {
        #expect(InputFormat(pathExtension: "csv") == .csv)
        #expect(InputFormat(pathExtension: "CSV") == .csv)
        #expect(InputFormat(pathExtension: "tsv") == .tsv)
        #expect(InputFormat(pathExtension: "Tab") == .tsv)
        #expect(InputFormat(pathExtension: "json") == .json)
        #expect(InputFormat(pathExtension: "ndjson") == .ndjson)
        #expect(InputFormat(pathExtension: "JSONL") == .ndjson)
        #expect(InputFormat(pathExtension: ".csv") == .csv)
        #expect(InputFormat(pathExtension: "txt") == nil)
        #expect(InputFormat(pathExtension: "") == nil)
        #expect(InputFormat.allCases.count == 4)
    }

    @Test func errorDescriptions() {
        #expect(InputError(line: 12, column: "size", message: "invalid UTF-8").description == "12: size: invalid UTF-8")
        #expect(InputError(line: 3, message: "row has 5 fields, the header has 4").description
                == "3: row has 5 fields, the header has 4")
    }

    @Test func defaultLimits() {
        let limits = InputLimits()
        #expect(limits.maxFieldBytes == 1_048_576)
        #expect(limits.maxColumns == 1_000)
        #expect(limits.maxRecordBytes == 16 << 20)
    }
}
