@testable import Passage
import PassageInput
import Testing

/// In a reload, the stream keeps CSV rows as bytes while most are found
/// unchanged, and makes them into records on its own thread once the
/// reading thread says they are not (a big load of new rows).
@Suite struct RecordStreamTests {
    func stream(rows: Int) throws -> RecordStream {
        var text = "id,label,size\n"
        for index in 0..<rows { text += "C-\(index),Family \(index),\(index % 9 + 1)\n" }
        let reader = try makeRecordReader(format: .csv, source: ByteSource(bytes: Array(text.utf8)))
        let digester = RowDigester(salt: "salt", zone: .kabul, excluded: RecordKind.allCases.map { _ in false }, context: "test")
        return try RecordStream(reader: reader, kind: .cases, isJSON: false, ignoresUnknown: false, digester: digester, ownThread: true)
    }

    /// The kinds of item of each batch: "row", "record" or "other".
    func kinds(of batch: [RecordStream.Item]) -> Set<String> {
        Set(batch.map {
            switch $0 {
            case .row: "row"
            case .record: "record"
            default: "other"
            }
        })
    }

    @Test func rowsAreKeptAsBytesUntilTheyAreMostlyNew() throws {
        let batches = 12
        let stream = try stream(rows: RecordStream.rowBatchSize * batches)
        defer { stream.stop() }
        var seen: [Set<String>] = []
        var sizes: [String: Set<Int>] = [:]
        while let batch = stream.next() {
            seen.append(kinds(of: batch))
            if seen.last!.count == 1 { sizes[seen.last!.first!, default: []].insert(batch.count) }
            // The reading thread's verdict after its first batch.
            if seen.count == 1 { stream.rowsWereMostlyUnchanged(false) }
        }
        // Rows kept as bytes come more to a batch than records (the last batch aside).
        #expect(sizes["row"] == [RecordStream.rowBatchSize], "\(sizes)")
        #expect(sizes["record"]?.contains(RecordStream.batchSize) == true, "\(sizes)")
        #expect(sizes["record"]?.allSatisfy { $0 <= RecordStream.batchSize } == true, "\(sizes)")
        #expect(seen.first == ["row"])
        // Batches already made (a queue of four, one being made) stay rows.
        #expect(seen.dropLast().last == ["record"], "\(seen)")
        #expect(seen.filter { $0.contains("row") }.count <= 6, "\(seen)")
    }

    @Test func rowsStayBytesWhileMostlyUnchanged() throws {
        let stream = try stream(rows: RecordStream.rowBatchSize * 4)
        defer { stream.stop() }
        var seen: [Set<String>] = []
        while let batch = stream.next() {
            seen.append(kinds(of: batch))
            stream.rowsWereMostlyUnchanged(true)
        }
        #expect(seen.dropLast().allSatisfy { $0 == ["row"] }, "\(seen)")
    }
}
