import PassageInput

/// Reads one file's records on a thread of its own, a batch at a time,
/// each with the kind's column of its fields and its digest: splitting the
/// text into fields and digesting it overlap with typing and checking on
/// the reading thread (and with the writer's work on the other core).
final class RecordStream: @unchecked Sendable {
    /// What the stream gives, in file order.
    enum Item: Sendable {
        case record(RawRecord, columns: [Int?], digest: RowDigest?)
        /// A row whose cells are all empty (CSV, TSV).
        case blank
        /// Input that could not be read as a record; after a fatal one
        /// nothing follows.
        case unreadable(InputError)
        case failed(any Error)
        /// The file is read to its end.
        case end
    }

    private let queue = EventQueue<[Item]>(capacity: 4)
    private var thread: WorkerThread?
    static let batchSize = 256

    /// Starts reading. `digester` is nil when the file's rows keep no
    /// digest (a header with problems rejects them all).
    init(reader: any RecordReader, kind: RecordKind, isJSON: Bool, ignoresUnknown: Bool, digester: RowDigester?) throws {
        let reader = UncheckedReader(reader: reader)
        let queue = queue
        let headerColumns = reader.reader.header?.map { kind.columnIndex($0) }
        thread = try WorkerThread {
            var batch: [Item] = []
            batch.reserveCapacity(Self.batchSize)
            var scratch: [UInt8] = []
            func push(_ item: Item) -> Bool {
                batch.append(item)
                guard batch.count == Self.batchSize else { return true }
                defer { batch = []; batch.reserveCapacity(Self.batchSize) }
                return queue.push(batch)
            }
            reading: while true {
                do {
                    guard let record = try reader.reader.next() else {
                        _ = push(.end)
                        break
                    }
                    // Excel leaves `,,,,` rows below the data.
                    if !isJSON, record.fields.allSatisfy({ $0.value == .null }) {
                        guard push(.blank) else { return }
                        continue
                    }
                    let columns = Self.columnIndexes(of: record, kind: kind, headerColumns: headerColumns)
                    let digest = digester?.digest(kind, record, columns: columns, isJSON: isJSON, ignoresUnknown: ignoresUnknown, scratch: &scratch)
                    guard push(.record(record, columns: columns, digest: digest)) else { return }
                } catch let error as InputError {
                    guard push(.unreadable(error)) else { return }
                    if error.isFatal { break reading }
                } catch {
                    _ = push(.failed(error))
                    break
                }
            }
            if !batch.isEmpty { _ = queue.push(batch) }
            queue.close()
        }
    }

    /// The next batch; nil once the file is read (or reading stopped).
    func next() -> [Item]? {
        queue.pop()
    }

    /// Stops reading and waits for the thread: before the file's source is
    /// used again, and whatever happens to the reading thread.
    func stop() {
        queue.cancel()
        thread?.join()
        thread = nil
    }

    deinit { stop() }

    /// The kind's column of each of the record's fields (nil: none). CSV
    /// and TSV fields come in header order, mapped once per file.
    static func columnIndexes(of record: RawRecord, kind: RecordKind, headerColumns: [Int?]?) -> [Int?] {
        if let headerColumns, headerColumns.count == record.fields.count { return headerColumns }
        return record.fields.map { kind.columnIndex($0.column) }
    }

    /// A reader is used by one thread at a time: this one until `stop`.
    private struct UncheckedReader: @unchecked Sendable {
        let reader: any RecordReader
    }
}
