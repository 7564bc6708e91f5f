import PassageInput
import Synchronization

/// Reads one file's records a batch at a time, each with the kind's column
/// of its fields and its digest. In a reload of a kind with digests, where
/// the reading thread is the busier one, on a thread of its own: splitting
/// the text into fields and digesting it then overlap with typing and
/// checking (and with the writer's work on the other core). Elsewhere, on
/// the reading thread itself: the writer is as busy, and a third thread
/// only adds the cost of handing records over (measured: 2 s more CPU in
/// a first load of 200,000 cases, no sooner done).
final class RecordStream: @unchecked Sendable {
    /// What the stream gives, in file order.
    enum Item: Sendable {
        case record(RawRecord, columns: [Int?], digest: RowDigest?)
        /// A CSV or TSV row kept as its bytes (a reload's, on the stream's
        /// own thread), in the header's columns (`rowColumns`: one list for
        /// the file, not a reference to count on both threads for each row).
        case row(DelimitedRow, digest: RowDigest?)
        /// A row whose cells are all empty (CSV, TSV).
        case blank
        /// Input that could not be read as a record; after a fatal one
        /// nothing follows.
        case unreadable(InputError)
        case failed(any Error)
        /// The file is read to its end.
        case end
    }

    private let producer: Producer
    /// The kind's column of each field of a row kept as bytes.
    let rowColumns: [Int?]
    private let queue = EventQueue<[Item]>(capacity: 4)
    private var thread: WorkerThread?
    /// Items a batch holds. Rows kept as bytes share one buffer a batch and
    /// are small: once most are found unchanged, more of them a batch means
    /// fewer hand-overs between the threads (a reload of 200,000 cases
    /// measured 5 % sooner). More records a batch made a big load slower
    /// and bigger.
    static let batchSize = 256
    static let rowBatchSize = 1024

    /// Starts reading. `digester` is nil when the file's rows keep no
    /// digest (a header with problems rejects them all).
    init(reader: any RecordReader, kind: RecordKind, isJSON: Bool, ignoresUnknown: Bool, digester: RowDigester?, ownThread: Bool) throws {
        let producer = Producer(reader: reader, kind: kind, isJSON: isJSON, ignoresUnknown: ignoresUnknown, digester: digester,
                                keepsRows: ownThread)
        self.producer = producer
        rowColumns = producer.headerColumns ?? []
        guard ownThread else { return }
        let queue = queue
        thread = try WorkerThread {
            while let batch = producer.nextBatch() {
                guard queue.push(batch) else { return }
            }
            queue.close()
        }
    }

    /// Said by the reading thread after each batch: whether most of its
    /// rows were found unchanged. Rows are kept as bytes while they are;
    /// else (a big load into a database that holds a few records) they
    /// are made into records here, off the reading thread, as before.
    func rowsWereMostlyUnchanged(_ mostly: Bool) {
        producer.keepsRowsNow.store(mostly, ordering: .relaxed)
        if mostly { producer.rowsPay.store(true, ordering: .relaxed) }
    }

    /// The next batch; nil once the file is read (or reading stopped).
    func next() -> [Item]? {
        thread == nil ? producer.nextBatch() : queue.pop()
    }

    /// Stops reading and waits for the thread: before the file's source is
    /// used again, and whatever happens to the reading thread.
    func stop() {
        queue.cancel()
        thread?.join()
        thread = nil
        producer.stop()
    }

    deinit { stop() }

    /// The kind's column of each of the record's fields (nil: none). CSV
    /// and TSV fields come in header order, mapped once per file.
    static func columnIndexes(of record: RawRecord, kind: RecordKind, headerColumns: [Int?]?) -> [Int?] {
        if let headerColumns, headerColumns.count == record.fields.count { return headerColumns }
        return record.fields.map { kind.columnIndex($0.column) }
    }

    /// Makes the batches, on one thread at a time.
    private final class Producer: @unchecked Sendable {
        let reader: any RecordReader
        let kind: RecordKind
        let isJSON: Bool
        let ignoresUnknown: Bool
        let digester: RowDigester?
        let headerColumns: [Int?]?
        /// Reads rows as bytes (`DelimitedRow`): most of a reload's are
        /// found unchanged, and need only their id and references as text.
        let rowReader: (any RowReader)?
        /// Whether rows are kept as bytes (`rowsWereMostlyUnchanged`): at
        /// first, and while most are found unchanged.
        let keepsRowsNow = Atomic<Bool>(true)
        /// Whether the reading thread has found most of a batch unchanged:
        /// rows come `rowBatchSize` to a batch only then, so that no more
        /// rows than before are made as bytes in a load of new rows.
        let rowsPay = Atomic<Bool>(false)
        var scratch: [UInt8] = []
        var done = false

        init(reader: any RecordReader, kind: RecordKind, isJSON: Bool, ignoresUnknown: Bool, digester: RowDigester?, keepsRows: Bool) {
            self.reader = reader
            self.kind = kind
            self.isJSON = isJSON
            self.ignoresUnknown = ignoresUnknown
            self.digester = digester
            headerColumns = reader.header?.map { kind.columnIndex($0) }
            rowReader = keepsRows && digester != nil ? reader as? any RowReader : nil
        }

        func stop() { done = true }

        func nextBatch() -> [Item]? {
            guard !done else { return nil }
            // Rows kept as bytes point into one buffer per batch, frozen
            // once the batch is read; until then their places hold `.end`,
            // every one replaced below. (Not an array of optionals: making
            // it the batch would copy every item.)
            let rowReader = keepsRowsNow.load(ordering: .relaxed) ? self.rowReader : nil
            let size = rowReader != nil && rowsPay.load(ordering: .relaxed) ? RecordStream.rowBatchSize : RecordStream.batchSize
            var batch: [Item] = []
            batch.reserveCapacity(size)
            var rows = RowBuffer(columns: reader.header ?? [])
            var keptRows: [(place: Int, line: Int, firstField: Int, digest: RowDigest?)] = []
            reading: while batch.count < size {
                do {
                    let next: RawRecord?
                    if let rowReader {
                        switch try rowReader.nextRow(into: &rows) {
                        case .row(let line, let firstField)?:
                            if rows.isBlank(row: firstField) {
                                batch.append(.blank)
                            } else {
                                let digest = digester?.digest(kind, row: firstField, of: rows, columns: headerColumns ?? [],
                                                              ignoresUnknown: ignoresUnknown, scratch: &scratch)
                                keptRows.append((batch.count, line, firstField, digest))
                                batch.append(.end)
                            }
                            continue reading
                        case .record(let record)?: next = record
                        case nil: next = nil
                        }
                    } else {
                        next = try reader.next()
                    }
                    guard let record = next else {
                        batch.append(.end)
                        done = true
                        break
                    }
                    // Excel leaves `,,,,` rows below the data.
                    if !isJSON, record.fields.allSatisfy({ $0.value == .null }) {
                        batch.append(.blank)
                        continue
                    }
                    let columns = RecordStream.columnIndexes(of: record, kind: kind, headerColumns: headerColumns)
                    let digest = digester?.digest(kind, record, columns: columns, isJSON: isJSON, ignoresUnknown: ignoresUnknown, scratch: &scratch)
                    batch.append(.record(record, columns: columns, digest: digest))
                } catch let error as InputError {
                    batch.append(.unreadable(error))
                    if error.isFatal { done = true; break }
                } catch {
                    batch.append(.failed(error))
                    done = true
                    break
                }
            }
            if !keptRows.isEmpty {
                let storage = rows.frozen()
                for row in keptRows {
                    batch[row.place] = .row(DelimitedRow(line: row.line, storage: storage, firstField: row.firstField), digest: row.digest)
                }
            }
            return batch.isEmpty ? nil : batch
        }
    }
}
