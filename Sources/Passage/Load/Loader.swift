import PassageInput
import PassageSQLite

/// How a load command runs.
public struct LoadOptions: Sendable {
    /// Every named file holds this kind (`--kind`).
    public var kind: RecordKind?
    /// Validate and report; change nothing.
    public var dryRun = false
    /// Load the valid rows and write each invalid one into this folder (one
    /// CSV per kind), with its reason.
    public var rejectsPath: String?
    /// Whether the rejects folder takes its name when the load commits. A
    /// load into a database that takes its own name later (`Store.withNewDatabase`)
    /// sets this to false and publishes `LoadSummary.pendingRejects` once
    /// that name is given.
    package var publishesRejects = true
    /// Ignore columns that no kind has instead of rejecting the row.
    public var allowExtraColumns = false
    /// Said after the problem of an unknown column: how the caller lets
    /// them be ignored (the command line names its option).
    public var unknownColumnHint: String?
    /// How many problems the summary keeps word for word.
    public var problemsShown = 20
    /// Where a sealed database's key comes from, asked only when a personal
    /// value is to be written (see `Store.keySource`).
    public var keySource: (@Sendable () throws -> KeySource)?
    /// Called now and then with (bytes read, bytes in all files).
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// How the caller stops the load part-way (nil: it cannot).
    public var interruption: LoadInterruption?

    public init() {}
}

/// Turns files into validated records and writes them: one command, one
/// transaction. If any row is invalid and no rejects folder is given, nothing
/// changes at all.
package struct Loader {
    package let store: Store
    package let options: LoadOptions

    package init(store: Store, options: LoadOptions) {
        self.store = store
        self.options = options
    }

    /// Loads the files and folders at `paths`.
    package func load(_ paths: [String]) throws -> LoadSummary {
        // A stop asked from here on interrupts this connection; one asked
        // while the database was being opened (or made) stops here.
        options.interruption?.begin(store.connection.interrupter)
        defer { options.interruption?.end() }
        try options.interruption?.check()
        let (files, skipped) = try InputFile.resolve(paths, kind: options.kind)
        if var repeated = try RepeatedLoad.load(files, store: store, options: options) {
            repeated.skippedFiles = skipped
            return repeated
        }
        var run = LoadRun(store: store, options: options)
        run.summary.skippedFiles = skipped
        for file in files { run.incomingBytes[file.kind.ordinal] += FilePaths.size(file.path) }
        run.bytesTotal = run.incomingBytes.reduce(0, +)
        if let path = options.rejectsPath {
            run.rejects = try RejectsWriter(path: path, inputs: files, databasePath: store.path)
        }
        let connection = store.connection
        // The writer checks every reference before it writes (against this
        // load's ids and the database), so SQLite's per-row foreign key
        // lookups would only repeat that work. The pragma is a no-op inside
        // a transaction: it is set around it.
        try connection.execute("PRAGMA foreign_keys = OFF")
        // Building an index sorts all its keys: in temporary files, so the
        // load's memory stays flat whatever the size of the table.
        try connection.execute("PRAGMA temp_store = FILE")
        defer {
            try? connection.execute("PRAGMA foreign_keys = ON")
            try? connection.execute("PRAGMA temp_store = MEMORY")
        }
        do {
            try connection.transaction(.immediate) {
                try run.start()
                try run.readAndWrite(files)
                try run.writer.rowDigests?.rowsFinished()
                try run.writer.rebuildIndexes()
                try run.checkUpdatedRecords()
                try run.checkCaseMembers()
                guard run.summary.succeeded else { return .rollback }
                // A dry run rolls back: its derived figures would go with it.
                if !options.dryRun { try run.writer.refreshDerivedTables() }
                try run.finish(files: files)
                try run.rejects?.sync()
                // A stop asked between the last statements: no commit.
                try options.interruption?.check()
                return options.dryRun ? .rollback : .commit
            }
        } catch let error as SQLiteError where error.code == .busy {
            throw PassageError.busy(path: store.path, detail: error.message)
        }
        if !run.summary.succeeded || options.dryRun { run.summary.loadID = nil }
        if run.summary.succeeded, let rejects = run.rejects, !options.publishesRejects {
            run.summary.pendingRejects = PendingRejects(writer: rejects)
        } else if run.summary.succeeded {
            run.summary.rejectsWarning = run.rejects?.finish()
        } else {
            run.rejects?.discard()
        }
        return run.summary
    }
}

/// The state of one load command while it runs.
struct LoadRun {
    let store: Store
    let options: LoadOptions
    var summary = LoadSummary()
    var writer: RecordWriter!
    var rejects: RejectsWriter?
    var loadID: Int64 = 0
    var fileRecords: [LoadRecord.File] = []
    /// Rows met so far per kind (by ordinal): a row's place in its load.
    private var rowsPerKind = [Int](repeating: 0, count: RecordKind.allCases.count)
    /// Each row's line by kind and place in the load (load_row - 1), and
    /// where each file's rows begin: a repeated id names its first line.
    private var rowLines = [[UInt32]](repeating: [], count: RecordKind.allCases.count)
    private var fileStarts = [[(firstRow: Int, file: InputFile)]](repeating: [], count: RecordKind.allCases.count)
    /// How many more repeated ids may be looked for by reading their files
    /// again (a first row that changed nothing is in no table).
    private var rescansLeft = 5
    /// The place in the load of the first rejected row of each id (those
    /// are not in the database to be found), for the first ones: memory
    /// stays bounded whatever the number of rejects.
    private var rejectedRows: [RecordKind: [String: Int]] = [:]
    static let rejectedIDsKept = 100_000
    /// The current file's header problems: they reject each of its rows.
    private var headerProblems: [Problem] = []
    /// Updated cases and runs whose attempts were already in the database.
    private var updatedRecords: [(kind: RecordKind, id: String, file: InputFile, line: Int)] = []
    /// Cases whose members this command wrote, or whose size it changed
    /// while they had members: by case id, the last row that did so, and
    /// whether that row is the case's own.
    private var casesWithNewMembers: [String: (file: InputFile, line: Int, isCase: Bool)] = [:]
    /// The size of all the command's files, for the progress bar.
    var bytesTotal = 0
    /// The size of the command's files of each kind (by ordinal).
    var incomingBytes = [Int](repeating: 0, count: RecordKind.allCases.count)

    init(store: Store, options: LoadOptions) {
        self.store = store
        self.options = options
        summary.isDryRun = options.dryRun
        summary.rejectsAllowed = options.rejectsPath != nil
    }

    mutating func start() throws {
        // A bigger page cache than SQLite's 2 MB spills fewer pages to the
        // WAL before commit; 8 MB keeps the load's memory within budget.
        try store.connection.execute("PRAGMA cache_size = -8192")
        store.catchUpWithSealing()
        loadID = try LoadRecord.begin(store.connection)
        let store = store
        writer = try RecordWriter(connection: store.connection, loadID: loadID, incomingBytes: incomingBytes,
                                  unlock: store.isSealed ? { try store.sealer() } : nil)
        writer.rowDigests = try RowDigests(connection: store.connection, loadID: loadID, sealed: store.isSealed, zone: store.zone)
    }

    // MARK: Reading and writing

    /// Reads the files on a second thread (`FileParser`) and writes their
    /// rows here as they come, on the connection's thread.
    mutating func readAndWrite(_ files: [InputFile]) throws {
        let queue = EventQueue<LoadEvent>(capacity: 8)
        let parser = FileParser(files: files, databasePath: store.isBeingBuilt ? nil : store.path, zone: store.zone, allowExtraColumns: options.allowExtraColumns,
                                unknownColumnHint: options.unknownColumnHint, keepRecords: rejects != nil, progress: options.progress, bytesTotal: bytesTotal,
                                digester: writer.rowDigests?.digester)
        let thread = try WorkerThread {
            parser.run(into: queue)
            queue.close()
        }
        // Whatever happens here, the reading thread is stopped and gone
        // before the load goes on (or unwinds).
        defer {
            queue.cancel()
            thread.join()
        }
        while let event = queue.pop() {
            try options.interruption?.check()
            try handle(event)
        }
    }

    private mutating func handle(_ event: LoadEvent) throws {
        switch event {
        case .fileStarted(let file):
            if summary.counts[file.kind] == nil { summary.counts[file.kind] = LoadSummary.Counts() }
            try writer.rowDigests?.begin(file.kind)
            fileStarts[file.kind.ordinal].append((rowsPerKind[file.kind.ordinal] + 1, file))
            headerProblems = []
        case .problem(let file, let line, let column, let message):
            report(file, line: line, column: column, message)
        case .headerProblems(let problems):
            headerProblems = problems
        case .unreadable(let file, let line, let column, let message, let reason):
            summary.counts[file.kind]!.rejected += 1
            report(file, line: line, column: column, message)
            try rejects?.write(file: file.path, line: line, kind: file.kind, problems: reason, record: nil)
        case .rows(let file, let rows):
            // The kind's counts, taken out once per batch: no dictionary per row.
            var counts = summary.counts[file.kind] ?? LoadSummary.Counts()
            defer { summary.counts[file.kind] = counts }
            for row in rows { try take(row, from: file, counts: &counts) }
        case .blankRows(let file, let count):
            summary.blankRows.append((file.path, count))
        case .fileFinished(let file, let sha256, let bytes, let rows):
            fileRecords.append(LoadRecord.File(path: file.path, kind: file.kind, sha256: sha256, bytes: bytes, rows: rows))
        case .failed(let error):
            throw error
        }
    }

    /// Checks a parsed row against other records and writes it, or rejects
    /// it with its problems.
    private mutating func take(_ row: ParsedRow, from file: InputFile, counts: inout LoadSummary.Counts) throws {
        let kind = file.kind
        rowsPerKind[kind.ordinal] += 1
        rowLines[kind.ordinal].append(UInt32(clamping: row.line))
        if row.isUnchanged {
            counts.unchanged += 1
            if let digest = row.digest { try writer.rowDigests?.keep(digest) }
            return
        }
        var problems = row.problems
        let id = row.id
        if row.maybeRepeat, let id {
            if try writer.exists(kind, id) {
                // A repeat: its first row stands, rows that refer to it too.
                problems.insert(ReferenceChecker.repeatProblem(kind, id), at: 0)
            } else if !problems.isEmpty {
                // Two ids with one hash, and this one is wrong: the checker
                // did not mark it, so the writer refuses what refers to it.
                writer.refuse(kind, id: id)
            }
        }
        // A file without some columns: the rules between columns hold for
        // the row as it will stand, with the stored values of those.
        // (`FileParser.parse` checks them for rows that give their columns.)
        if problems.isEmpty && headerProblems.isEmpty, !RowRules.canCheckAlone(kind, given: row.given) {
            let merged = try writer.mergedWithStored(kind, row.values, given: row.given)
            RowRules.check(kind, merged ?? row.values, zone: store.zone, into: &problems)
            if !problems.isEmpty {
                if merged != nil {
                    for index in problems.indices { problems[index].message += " (the columns this file lacks keep their stored values)" }
                }
                writer.refuse(kind, id: id)
            }
        }
        if problems.isEmpty && headerProblems.isEmpty {
            switch try writer.write(kind, row.values, given: row.given, loadRow: rowsPerKind[kind.ordinal], digest: row.digest) {
            case .success(.inserted):
                counts.inserted += 1
                noteMembers(kind, row, file)
                return
            case .success(.updated):
                counts.updated += 1
                if writer.mayBreakAttempts(kind), let id { updatedRecords.append((kind, id, file, row.line)) }
                noteMembers(kind, row, file)
                if kind == .cases, writer.membersMayBreak, let id { casesWithNewMembers[id] = (file, row.line, true) }
                return
            case .success(.unchanged): counts.unchanged += 1; return
            case .failure(let list): problems = list.problems
            }
        }
        counts.rejected += 1
        if let id {
            let repeatProblem = ReferenceChecker.repeatProblem(kind, id)
            if let index = problems.firstIndex(of: repeatProblem) {
                if let first = try firstLine(kind, id) { problems[index].message += " (first at \(first))" }
            } else if rejectedRows[kind]?[id] == nil, rejectedRows[kind, default: [:]].count < Self.rejectedIDsKept {
                rejectedRows[kind, default: [:]][id] = rowsPerKind[kind.ordinal]
            }
        }
        for problem in problems { report(file, line: problem.line ?? row.line, column: problem.column, problem.message) }
        let reasons = (headerProblems + problems).map(\.description).joined(separator: "; ")
        try rejects?.write(file: file.path, line: row.line, kind: kind, problems: reasons, record: row.record)
    }

    /// `FILE:LINE` of the first row of this load with the id: a row this
    /// load wrote or rejected, else (for the first few) found by reading
    /// the kind's files again.
    private mutating func firstLine(_ kind: RecordKind, _ id: String) throws -> String? {
        var place = rejectedRows[kind]?[id]
        if place == nil {
            // Table name from the schema; the id is bound.
            place = try store.connection.scalarInt("SELECT load_row FROM \(kind.table) WHERE id = ? AND load_id = ?", [id, loadID]).map(Int.init)
        }
        if let place, place >= 1, place <= rowLines[kind.ordinal].count,
           let start = fileStarts[kind.ordinal].last(where: { $0.firstRow <= place }) {
            return "\(start.file.path):\(rowLines[kind.ordinal][place - 1])"
        }
        guard rescansLeft > 0 else { return nil }
        rescansLeft -= 1
        for start in fileStarts[kind.ordinal] {
            if let line = Self.firstLine(of: id, in: start.file) { return "\(start.file.path):\(line)" }
        }
        return nil
    }

    /// The line of the first record of `file` with the id, read again from
    /// the start (a regular file only: a pipe cannot be read twice).
    private static func firstLine(of id: String, in file: InputFile) -> Int? {
        guard FilePaths.isRegularFile(file.path), let source = try? ByteSource(path: file.path),
              let reader = try? makeRecordReader(format: file.format, source: source) else { return nil }
        while true {
            do {
                guard let record = try reader.next() else { return nil }
                let field = record.fields.first { file.kind.columnIndex($0.column) == ColumnIndex.id }
                if case .text(let text) = field?.value, text.trimmedOfBlanks == id { return record.line }
            } catch let error as InputError where !error.isFatal {
                continue
            } catch {
                return nil
            }
        }
    }

    /// Checks the updated cases and runs against their attempts as the whole
    /// command leaves them. A problem here fails the load even with
    /// --rejects: the record is written and others may already rest on it.
    mutating func checkUpdatedRecords() throws {
        for record in updatedRecords {
            for problem in try writer.dependentProblems(record.kind, id: record.id) {
                report(record.file, line: record.line, column: problem.column, problem.message)
                summary.rejectsAllowed = false
            }
        }
    }

    /// Remembers the case of a member written, for `checkCaseMembers`.
    private mutating func noteMembers(_ kind: RecordKind, _ row: ParsedRow, _ file: InputFile) {
        if kind == .members, case .text(let caseID) = row.values[ColumnIndex.Members.caseID] { casesWithNewMembers[caseID] = (file, row.line, false) }
    }

    /// Checks each case whose members or size this command changed against
    /// the rules of docs/data-model.md (at most `size` members, at most one
    /// principal), as the whole command leaves it. Like `checkUpdatedRecords`, a problem
    /// fails the load even with --rejects: which of the members to reject is
    /// not for passage to choose.
    mutating func checkCaseMembers() throws {
        for (caseID, row) in casesWithNewMembers.sorted(by: { ($0.value.file.path, $0.value.line) < ($1.value.file.path, $1.value.line) }) {
            for problem in try writer.memberProblems(caseID: caseID, blaming: row.isCase ? "size" : "case_id") {
                report(row.file, line: row.line, column: problem.column, problem.message)
                summary.rejectsAllowed = false
            }
        }
    }

    private mutating func report(_ file: InputFile, line: Int, column: String, _ message: String) {
        summary.problemCount += 1
        if summary.problems.count < options.problemsShown {
            // A header name or message may quote input: never raw to a terminal.
            summary.problems.append(TerminalText.escape("\(file.path):\(line): \(column): \(message)"))
        }
    }

    // MARK: Finishing

    /// Records the load: its files with their SHA-256, and its counts.
    mutating func finish(files: [InputFile]) throws {
        let connection = store.connection
        try writer.rowDigests?.finish()
        try LoadRecord.finish(connection, loadID: loadID, files: fileRecords, summary: summary)
        summary.loadID = loadID
        summary.rejectedRows = summary.total.rejected
        try RepeatedLoad.record(summary, loadID: loadID, files: files, options: options, connection)
    }
}
