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
        let stream = try stream(rows: RecordStream.batchSize * batches)
        defer { stream.stop() }
        var seen: [Set<String>] = []
        var sizes: [String: Set<Int>] = [:]
        while let batch = stream.next() {
            seen.append(kinds(of: batch))
            if seen.last!.count == 1 { sizes[seen.last!.first!, default: []].insert(batch.count) }
            // The reading thread's verdict after its first batch.
            if seen.count == 1 { stream.rowsWereMostlyUnchanged(false) }
        }
        #expect(seen.first == ["row"])
        // Batches already made (a queue of four, one being made) stay rows,
        // no bigger than batches of records: no more rows than that are
        // made as bytes before they are known to be mostly new.
        #expect(seen.dropLast().last == ["record"], "\(seen)")
        #expect(seen.filter { $0.contains("row") }.count <= 6, "\(seen)")
        #expect(sizes["row"] == [RecordStream.batchSize], "\(sizes)")
        #expect(sizes["record"]?.allSatisfy { $0 <= RecordStream.batchSize } == true, "\(sizes)")
    }

    @Test func rowsStayBytesWhileMostlyUnchanged() throws {
        let stream = try stream(rows: RecordStream.rowBatchSize * 6)
        defer { stream.stop() }
        var seen: [Set<String>] = []
        var sizes: [Int] = []
        while let batch = stream.next() {
            seen.append(kinds(of: batch))
            sizes.append(batch.count)
            stream.rowsWereMostlyUnchanged(true)
        }
        #expect(seen.dropLast().allSatisfy { $0 == ["row"] }, "\(seen)")
        // Once most are found unchanged, rows come more to a batch (the
        // batches made before the first verdict, and the last, aside).
        #expect(sizes.first == RecordStream.batchSize, "\(sizes)")
        #expect(sizes.contains(RecordStream.rowBatchSize), "\(sizes)")
        #expect(sizes.allSatisfy { $0 <= RecordStream.rowBatchSize }, "\(sizes)")
    }
}
