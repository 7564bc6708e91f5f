import Crypto
import Foundation
import PassageInput
import Testing
@_exported import PassageTestSupport

/// What one call to `next()` produced.
enum Outcome: Equatable, CustomStringConvertible {
    case record(RawRecord)
    case error(InputError)

    var description: String {
        switch self {
        case .record(let record): return "record \(record.line) \(record.fields.map { "\($0.column)=\($0.value)" })"
        case .error(let error): return "error \(error) fatal=\(error.isFatal)"
        }
    }
}

/// Everything a reader produced for one input.
struct ReadResult {
    var header: [String]?
    /// The error `makeRecordReader` threw, if any.
    var openError: InputError?
    var outcomes: [Outcome] = []
    var sha256 = ""
    var bytesRead = 0

    var records: [RawRecord] {
        outcomes.compactMap { if case .record(let record) = $0 { return record } else { return nil } }
    }

    var errors: [InputError] {
        outcomes.compactMap { if case .error(let error) = $0 { return error } else { return nil } }
    }
}

/// A fresh temporary folder, removed by the caller with `cleanUp`.
func makeTemporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("passage-input-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes the bytes to a real file in a temporary folder and reads it back through `ByteSource(path:)`.
func readFile(_ bytes: [UInt8], as format: InputFormat, limits: InputLimits = InputLimits()) throws -> ReadResult {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("input.\(format.rawValue)")
    try Data(bytes).write(to: file)
    let source = try ByteSource(path: file.path)
    return drain(source, as: format, limits: limits)
}

func readFile(_ text: String, as format: InputFormat, limits: InputLimits = InputLimits()) throws -> ReadResult {
    try readFile(Array(text.utf8), as: format, limits: limits)
}

/// Reads from memory with the given chunk size (small sizes put every byte on a chunk boundary).
func readBytes(_ bytes: [UInt8], as format: InputFormat, limits: InputLimits = InputLimits(),
               chunkSize: Int = ByteSource.defaultChunkSize) -> ReadResult {
    drain(ByteSource(bytes: bytes, chunkSize: chunkSize), as: format, limits: limits)
}

/// Calls `next()` until it returns nil, collecting records and errors. Any error that is not an
/// `InputError`, or a reader that does not stop, fails the test.
func drain(_ source: ByteSource, as format: InputFormat, limits: InputLimits) -> ReadResult {
    var result = ReadResult()
    do {
        let reader = try makeRecordReader(format: format, source: source, limits: limits)
        result.header = reader.header
        var calls = 0
        while true {
            calls += 1
            if calls > 10_000_000 {
                Issue.record("reader does not stop")
                break
            }
            do {
                guard let record = try reader.next() else { break }
                result.outcomes.append(.record(record))
            } catch let error as InputError {
                result.outcomes.append(.error(error))
            }
        }
        #expect(try reader.next() == nil, "next() after the end must stay nil")
    } catch let error as InputError {
        result.openError = error
    } catch {
        Issue.record("unexpected error type: \(error)")
    }
    try? source.readToEnd()
    result.sha256 = source.sha256Hex()
    result.bytesRead = source.bytesRead
    return result
}

/// Reads CSV or TSV through `RowReader.nextRow`, rows kept as bytes made
/// into records, every outcome as `drain` collects `next()`'s. The buffer
/// is frozen every few rows, so rows sit at other places than its start.
func readRows(_ bytes: [UInt8], as format: InputFormat, limits: InputLimits = InputLimits(),
              chunkSize: Int = ByteSource.defaultChunkSize) -> [Outcome] {
    var outcomes: [Outcome] = []
    do {
        let reader = try #require(try makeRecordReader(format: format, source: ByteSource(bytes: bytes, chunkSize: chunkSize), limits: limits)
            as? any RowReader)
        var buffer = RowBuffer(columns: reader.header ?? [])
        var kept: [(place: Int, line: Int, firstField: Int)] = []
        func freeze() {
            let storage = buffer.frozen()
            for row in kept {
                outcomes[row.place] = .record(DelimitedRow(line: row.line, storage: storage, firstField: row.firstField).record)
            }
            kept = []
            buffer = RowBuffer(columns: reader.header ?? [])
        }
        while true {
            do {
                guard let read = try reader.nextRow(into: &buffer) else { break }
                switch read {
                case .row(let line, let firstField):
                    kept.append((outcomes.count, line, firstField))
                    outcomes.append(.error(InputError(line: 0, message: "not made")))
                    if kept.count == 3 { freeze() }
                case .record(let record):
                    outcomes.append(.record(record))
                }
            } catch let error as InputError {
                outcomes.append(.error(error))
            }
        }
        freeze()
    } catch {
        // The header's problems are `drain`'s to compare.
    }
    return outcomes
}

/// A record from (column, value) pairs, for exact expectations.
func record(_ line: Int, _ pairs: KeyValuePairs<String, RawValue>) -> RawRecord {
    RawRecord(line: line, fields: pairs.map { RawField(column: $0.key, value: $0.value) })
}

/// A record whose values are all text (or null for nil).
func textRecord(_ line: Int, _ columns: [String], _ values: [String?]) -> RawRecord {
    RawRecord(line: line, fields: zip(columns, values).map { RawField(column: $0, value: $1.map(RawValue.text) ?? .null) })
}

/// The SHA-256 of bytes, as the reference `sha256sum` would print it.
func sha256Hex(_ bytes: [UInt8]) -> String {
    Crypto.SHA256.hash(data: bytes).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}

