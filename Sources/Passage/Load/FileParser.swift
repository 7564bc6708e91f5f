import PassageInput
import PassageSQLite

/// What the reading thread hands the writing thread, in the order of the
/// files and their rows.
enum LoadEvent: Sendable {
    /// A file begins (also when it then cannot be read).
    case fileStarted(InputFile)
    /// A problem to report that rejects nothing by itself (an unreadable
    /// file, a header's unknown or missing column).
    case problem(InputFile, line: Int, column: String, message: String)
    /// The header's problems, which reject every row of the file.
    case headerProblems([Problem])
    /// Input that could not be read as a record: one rejected row.
    case unreadable(InputFile, line: Int, column: String, message: String, reason: String)
    /// Rows with every cell empty, skipped.
    case blankRows(InputFile, Int)
    /// Rows read and checked on their own, in file order.
    case rows(InputFile, [ParsedRow])
    /// The file is read to its end (or given up on).
    case fileFinished(InputFile, sha256: String, bytes: Int, rows: Int)
    /// Reading failed in a way no row explains.
    case failed(any Error)
}

/// One row, typed and checked against the rules that need no other record.
struct ParsedRow: Sendable {
    let line: Int
    /// The kind's columns in order; `.null` when not known.
    let values: [SQLiteValue]
    /// What is wrong with the row, on its own or against other records.
    var problems: [Problem]
    /// Its id may repeat one met before (`ReferenceChecker.Verdict`).
    var maybeRepeat = false
    /// The row as read, kept only when a rejects folder needs it.
    let record: RawRecord?
    /// The columns the row gives (its file's header, its object's keys):
    /// an existing record keeps its stored values in the others.
    var given = ColumnSet.all
    /// Its `RowDigester` digest, for a row without problems of a kind that
    /// keeps them.
    var digest: RowDigest?
    /// Known unchanged from its text (`FileParser.takeUnchanged`): neither
    /// typed nor written; its `values` are empty.
    var isUnchanged = false

    var id: String? {
        if !values.isEmpty, case .text(let id) = values[ColumnIndex.id] { id } else { nil }
    }

    static func unchanged(line: Int, digest: RowDigest) -> ParsedRow {
        var row = ParsedRow(line: line, values: [], problems: [], record: nil)
        row.isUnchanged = true
        row.digest = digest
        return row
    }
}

/// Reads the command's files on its own thread, turning records into typed,
/// checked rows, while the writer stores the rows before them: parsing and
/// SQLite's work overlap on two cores. Rows travel in batches through a
/// bounded queue, so memory stays flat.
struct FileParser: Sendable {
    let files: [InputFile]
    /// The database, opened read-only to check references to records that
    /// were there before the load; nil for one being built, which held none.
    let databasePath: String?
    let zone: EventZone
    let allowExtraColumns: Bool
    /// Said after an unknown column's problem (`LoadOptions.unknownColumnHint`).
    let unknownColumnHint: String?
    let keepRecords: Bool
    let progress: (@Sendable (Int, Int) -> Void)?
    let bytesTotal: Int
    /// Digests each row as read (`RowDigests`); nil when none are kept.
    let digester: RowDigester?
    static let batchSize = 512

    /// Reads every file, in order, into `queue`; stops early when the
    /// writer cancels the queue.
    func run(into queue: EventQueue<LoadEvent>) {
        let connection: Connection?
        do {
            connection = try databasePath.map { try Connection(path: $0, mode: .readOnly) }
        } catch {
            _ = queue.push(.failed(error))
            return
        }
        let checker = ReferenceChecker(connection: connection, kindsInOrder: true)
        var lastLoad = LastLoadDigests()
        defer {
            checker.finish()
            lastLoad.finish()
            try? connection?.close()
        }
        var bytesDone = 0
        var previous: RecordKind?
        for file in files {
            let size = FilePaths.size(file.path)
            defer { bytesDone += size }
            do {
                // Files come by kind: each kind's last digests are read once.
                if file.kind != previous {
                    previous = file.kind
                    lastLoad.finish()
                    lastLoad = LastLoadDigests()
                    if let digester, digester.keepsDigests(of: file.kind), let connection {
                        lastLoad = try LastLoadDigests(file.kind, context: digester.context, connection)
                    }
                }
                checker.beginFile(of: file.kind, listsReadRows: !lastLoad.isEmpty)
                guard try read(file, into: queue, checker: checker, lastLoad: &lastLoad, bytesBefore: bytesDone, size: size) else { return }
            } catch {
                _ = queue.push(.failed(error))
                return
            }
        }
    }

    /// Returns false when the queue was cancelled.
    private func read(_ file: InputFile, into queue: EventQueue<LoadEvent>, checker: ReferenceChecker, lastLoad: inout LastLoadDigests,
                      bytesBefore: Int, size: Int) throws -> Bool {
        guard queue.push(.fileStarted(file)) else { return false }
        let source: ByteSource
        do {
            source = try ByteSource(path: file.path)
        } catch let error as SourceError {
            return queue.push(.problem(file, line: 1, column: "-", message: error.message))
        } catch {
            return queue.push(.failed(error))
        }
        if let progress {
            let total = bytesTotal
            source.progress = { progress(bytesBefore + $0, total) }
        }
        let reader: any RecordReader
        do {
            reader = try makeRecordReader(format: file.format, source: source,
                                          keptKeys: allowExtraColumns ? Set(file.kind.columns.map(\.name)) : nil)
        } catch let error as InputError {
            try? source.readToEnd()
            let message = Self.explained(error)
            return queue.push(.unreadable(file, line: error.valueLine ?? error.line, column: error.column ?? "-", message: message, reason: "the whole file: \(message)"))
                && queue.push(.fileFinished(file, sha256: source.sha256Hex(), bytes: size, rows: 0))
        } catch {
            return queue.push(.failed(error))
        }
        let headerProblems = headerMapping(file, reader.header)
        for problem in headerProblems {
            guard queue.push(.problem(file, line: 1, column: problem.column, message: problem.message)) else { return false }
        }
        guard queue.push(.headerProblems(headerProblems)) else { return false }
        var rows = 0
        var blankRows = 0
        var fullyRead = false
        var batch: [ParsedRow] = []
        var unchangedValues: [SQLiteValue] = []
        /// Rows of this file found unchanged so far (told to the stream).
        var unchangedRows = 0
        batch.reserveCapacity(Self.batchSize)
        let isJSON = file.format.isJSON
        func flush() -> Bool {
            guard !batch.isEmpty else { return true }
            defer { batch = []; batch.reserveCapacity(Self.batchSize) }
            return queue.push(.rows(file, batch))
        }
        /// What `takeUnchanged` reads of a record in these columns (made
        /// again only when the columns change: a JSON object's keys).
        var recordFields: UnchangedFields?
        /// A record, or a row kept as bytes (`field` gives its fields by
        /// place): taken unchanged when the last load kept its digest and
        /// nothing it refers to is read as usual, else read as usual.
        /// False when the writer stopped the load.
        func take(line: Int, columns: [Int?], digest: RowDigest?, fromJSON: Bool, unchangedFields: () -> UnchangedFields,
                  field: (Int) -> RawValue, record: () -> RawRecord) throws -> Bool {
            rows += 1
            if let digest, let index = try lastLoad.unmetIndex(of: digest),
               takeUnchanged(unchangedFields(), isJSON: fromJSON, checker: checker, values: &unchangedValues, field: field) {
                unchangedRows += 1
                lastLoad.meet(index)
                batch.append(.unchanged(line: line, digest: digest))
            } else {
                batch.append(try checked(record(), file: file, columns: columns, digest: digest, headerProblems: headerProblems, checker: checker))
            }
            return batch.count < Self.batchSize || flush()
        }
        func fields(in columns: [Int?]) -> UnchangedFields {
            if let fields = recordFields, fields.columns == columns { return fields }
            let fields = UnchangedFields(file.kind, columns: columns)
            recordFields = fields
            return fields
        }
        let stream = try RecordStream(reader: reader, kind: file.kind, isJSON: isJSON, ignoresUnknown: allowExtraColumns,
                                      digester: headerProblems.isEmpty ? digester : nil, ownThread: !lastLoad.isEmpty)
        defer { stream.stop() }
        let rowColumns = stream.rowColumns
        let rowFields = UnchangedFields(file.kind, columns: rowColumns)
        reading: while let items = stream.next() {
            let unchangedBefore = unchangedRows
            var rowsRead = 0
            defer { if rowsRead > 0 { stream.rowsWereMostlyUnchanged((unchangedRows - unchangedBefore) * 2 >= rowsRead) } }
            for item in items {
                switch item {
                case .end:
                    fullyRead = true
                case .failed(let error):
                    return queue.push(.failed(error))
                case .blank:
                    // A row whose cells are all empty is skipped, and counted.
                    blankRows += 1
                case .unreadable(let error):
                    rows += 1
                    let message = Self.explained(error)
                    guard flush(), queue.push(.unreadable(file, line: error.valueLine ?? error.line, column: error.column ?? "-", message: message, reason: message)) else { return false }
                    if error.isFatal { break reading }
                case .record(let record, let columns, let digest):
                    rowsRead += 1
                    guard try take(line: record.line, columns: columns, digest: digest, fromJSON: isJSON, unchangedFields: { fields(in: columns) },
                                   field: { record.fields[$0].value }, record: { record }) else { return false }
                case .row(let row, let digest):
                    rowsRead += 1
                    guard try take(line: row.line, columns: rowColumns, digest: digest, fromJSON: false, unchangedFields: { rowFields },
                                   field: row.value(at:), record: { row.record }) else { return false }
                }
            }
        }
        // The stream's thread is done with the source before it is read on.
        stream.stop()
        guard flush() else { return false }
        if blankRows > 0, !queue.push(.blankRows(file, blankRows)) { return false }
        if !fullyRead { try? source.readToEnd() }
        return queue.push(.fileFinished(file, sha256: source.sha256Hex(), bytes: size, rows: rows))
    }

    /// A row read as usual: typed, checked on its own and against other
    /// records, with its digest when it passed.
    private func checked(_ record: RawRecord, file: InputFile, columns: [Int?], digest: RowDigest?, headerProblems: [Problem],
                         checker: ReferenceChecker) throws -> ParsedRow {
        let isJSON = file.format.isJSON
        var row = parse(record, kind: file.kind, isJSON: isJSON, columns: columns, headerProblems: headerProblems)
        checker.noteRead(file.kind, id: row.id)
        if row.problems.isEmpty && headerProblems.isEmpty {
            let verdict = try checker.check(file.kind, row.values)
            row.problems = verdict.problems
            row.maybeRepeat = verdict.maybeRepeat
            if row.problems.isEmpty && !row.maybeRepeat { checker.remember(file.kind, row.values) }
            if row.problems.isEmpty { row.digest = digest }
        } else {
            if headerProblems.isEmpty { row.problems += try checker.referenceProblems(file.kind, row.values) }
            if let repeated = checker.rejectInvalidRow(file.kind, id: row.id) { row.problems.insert(repeated, at: 0) }
        }
        if isJSON, !row.problems.isEmpty { locate(&row.problems, in: record) }
        return row
    }

    private func unknownColumn(_ name: String, of kind: RecordKind) -> Problem {
        Problem(column: name, message: "unknown column for \(kind.table)" + (unknownColumnHint.map { " (\($0))" } ?? ""))
    }

    /// The header's problems (unknown and missing columns), reported once at line 1.
    private func headerMapping(_ file: InputFile, _ header: [String]?) -> [Problem] {
        guard let header else { return [] }
        // One column whose name holds `;`: a spreadsheet in a language that
        // writes `;` between cells. Said so, not as unknown columns.
        if file.format == .csv, header.count == 1, header[0].contains(";") {
            return [Problem(column: "-", message: "the header is separated by ';', not ',': \(EncodingAdvice.saveAsUTF8)")]
        }
        var problems: [Problem] = []
        for name in header where file.kind.columnIndex(name) == nil && !allowExtraColumns {
            problems.append(unknownColumn(name, of: file.kind))
        }
        let given = Set(header.compactMap { file.kind.columnIndex($0) })
        for (index, column) in file.kind.columns.enumerated() where column.isRequired && !given.contains(index) {
            problems.append(Problem(column: column.name, message: "required column is missing from the header"))
        }
        return problems
    }

    /// Types one record's values and checks the rules that concern
    /// the row alone.
    func parse(_ record: RawRecord, kind: RecordKind, isJSON: Bool, columns: [Int?], headerProblems: [Problem]) -> ParsedRow {
        let kindColumns = kind.columns
        var values = [SQLiteValue](repeating: .null, count: kindColumns.count)
        var problems: [Problem] = []
        var given = ColumnSet.none
        given.insert(ColumnIndex.id)
        for (field, index) in zip(record.fields, columns) {
            guard let index else {
                if !allowExtraColumns && headerProblems.isEmpty && isJSON {
                    problems.append(unknownColumn(field.column, of: kind))
                }
                continue
            }
            given.insert(index)
            switch typed(field.value, as: kindColumns[index], isJSON: isJSON) {
            case .success(.null): continue
            case .success(let value): values[index] = value
            case .failure(let problem): problems.append(problem)
            }
        }
        // A row without some columns is checked against the stored values
        // of those when it is written (`LoadRun.take`).
        RowRules.complete(kind, &values, zone: zone, reportsMissing: headerProblems.isEmpty,
                          checksRules: RowRules.canCheckAlone(kind, given: given), into: &problems)
        var row = ParsedRow(line: record.line, values: values, problems: problems, record: keepRecords ? record : nil)
        row.given = given
        return row
    }

    /// One field's value as its column takes it; `.null` when not known.
    func typed(_ raw: RawValue, as column: Column, isJSON: Bool) -> Result<SQLiteValue, Problem> {
        switch cellText(raw, as: column, isJSON: isJSON) {
        case .success(let text?): ValueParser.parse(text, as: column, zone: zone)
        case .success(nil): .success(.null)
        case .failure(let problem): .failure(problem)
        }
    }

    /// The text of a field that its column parses; nil when not known.
    func cellText(_ raw: RawValue, as column: Column, isJSON: Bool) -> Result<String?, Problem> {
        switch raw {
        case .null: return .success(nil)
        case .text(var value):
            // Spaces around an id, reference, enum, number or time are
            // dropped (spreadsheets leave them); free text is kept as given.
            if !column.isFreeText, value.hasBlankAtAnEnd {
                value = value.trimmedOfBlanks
            }
            // An empty JSON string is "not known", like an empty CSV cell.
            if value.isEmpty { return .success(nil) }
            // In JSON a number is written as one; CSV has only text.
            if isJSON, column.type.isNumeric {
                return .failure(Problem(column: column.name, message: "\(ValueParser.quote(value)) is a string; write the number without quotes"))
            }
            return .success(value)
        case .number(let literal):
            guard column.type.isNumeric else {
                return .failure(Problem(column: column.name, message: "\(literal) is a number; write it as a string, in double quotes"))
            }
            return .success(literal)
        case .bool(let flag):
            return .failure(Problem(column: column.name, message: "\(flag) is not a value of this column (none takes true or false)"))
        }
    }

    /// What `takeUnchanged` reads of a row, by the kind's column of each of
    /// its fields: made once for a file's columns (and again for a JSON
    /// record whose keys differ), so that a row's work does not walk the
    /// kind's column list, which every thread of a load shares. Only the few
    /// columns a row types are handed on.
    struct UnchangedFields {
        let kind: RecordKind
        let columns: [Int?]
        /// The kind's columns that `ReferenceChecker.takeUnchanged` reads.
        let wanted: [Int]
        /// Those the row has: the field's place, the column's index and the column.
        let fields: [(place: Int, index: Int, column: Column)]
        let columnCount: Int

        init(_ kind: RecordKind, columns: [Int?]) {
            let kindColumns = kind.columns
            let wanted = ReferenceChecker.rememberedColumns[kind.ordinal]
            self.kind = kind
            self.columns = columns
            self.wanted = wanted
            fields = columns.enumerated().compactMap { place, index in
                guard let index, wanted.contains(index) else { return nil }
                return (place, index, kindColumns[index])
            }
            columnCount = kindColumns.count
        }
    }

    /// Whether a row whose text the last load of its kind kept is taken as
    /// unchanged (`ReferenceChecker.takeUnchanged`): only its id, references
    /// and the facts later rows ask for are typed.
    /// `values` is working space, reused from row to row (one allocation a
    /// file instead of one a row).
    /// `field` gives the row's fields by their place.
    private func takeUnchanged(_ unchanged: UnchangedFields, isJSON: Bool, checker: ReferenceChecker,
                               values: inout [SQLiteValue], field: (Int) -> RawValue) -> Bool {
        if values.count != unchanged.columnCount {
            values = [SQLiteValue](repeating: .null, count: unchanged.columnCount)
        } else {
            for index in unchanged.wanted { values[index] = .null }
        }
        for (place, index, column) in unchanged.fields {
            switch column.type {
            case .id, .reference:
                // Valid when the last load read the same text: stored as is.
                guard case .success(let text) = cellText(field(place), as: column, isJSON: isJSON) else { return false }
                if let text { values[index] = .text(text) }
            default:
                guard case .success(let value) = typed(field(place), as: column, isJSON: isJSON) else { return false }
                values[index] = value
            }
        }
        return checker.takeUnchanged(unchanged.kind, values)
    }
}

extension FileParser {
    /// A reader's message, with what to do about a file that is not UTF-8
    /// and the element of a JSON array the problem is in.
    static func explained(_ error: InputError) -> String {
        var message = error.message
        if message.hasPrefix("invalid UTF-8") { message += " (\(EncodingAdvice.notUTF8))" }
        if let element = error.element { message += " (array element \(element))" }
        return message
    }

    /// Points each JSON problem at its value's line, and in an array names
    /// the element (a one-line array is one line for all of them).
    func locate(_ problems: inout [Problem], in record: RawRecord) {
        for index in problems.indices {
            if let field = record.fields.first(where: { $0.column == problems[index].column || kindColumn($0.column) == problems[index].column }),
               field.line != 0, field.line != record.line {
                problems[index].line = field.line
            }
            if let element = record.element { problems[index].message += " (array element \(element))" }
        }
    }

    private func kindColumn(_ name: String) -> String { Column.normalizedName(name) }
}
