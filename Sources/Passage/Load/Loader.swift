import Foundation
import PassageInput
import PassageSQLite

/// How a load command runs.
public struct LoadOptions: Sendable {
    /// Every named file holds this kind (`--kind`).
    public var kind: RecordKind?
    /// Validate and report; change nothing.
    public var dryRun = false
    /// Load the valid rows and write each invalid one here, with its reason.
    public var rejectsPath: String?
    /// Ignore columns that no kind has instead of rejecting the row.
    public var allowExtraColumns = false
    /// How many problems the summary keeps word for word.
    public var problemsShown = 20
    /// Called now and then with (bytes read, bytes in all files).
    public var progress: (@Sendable (Int, Int) -> Void)?

    public init() {}
}

/// Turns files into validated records and writes them: one command, one
/// transaction. If any row is invalid and no rejects file is given, nothing
/// changes at all.
public struct Loader {
    public let store: Store
    public let options: LoadOptions

    public init(store: Store, options: LoadOptions) {
        self.store = store
        self.options = options
    }

    /// Loads the files and folders at `paths`.
    public func load(_ paths: [String]) throws -> LoadSummary {
        let (files, skipped) = try InputFile.resolve(paths, kind: options.kind)
        var run = LoadRun(store: store, options: options)
        run.summary.skippedFiles = skipped
        run.bytesTotal = files.reduce(0) { $0 + LoadRun.size(of: $1.path) }
        let connection = store.connection
        do {
            try connection.transaction(.immediate) {
                try run.start()
                for file in files { try run.read(file) }
                try run.checkUpdatedRecords()
                guard run.summary.succeeded else { return .rollback }
                try run.finish(files: files)
                return options.dryRun ? .rollback : .commit
            }
        } catch let error as SQLiteError where error.code == .busy {
            throw Store.OpenError(description: "another process is writing to \(store.path); try again when it has finished (\(error.message))")
        }
        if !run.summary.succeeded || options.dryRun { run.summary.loadID = nil }
        try run.rejects?.close()
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
    var fileRecords: [(path: String, kind: RecordKind, sha256: String, bytes: Int, rows: Int)] = []
    private var rowsPerKind: [RecordKind: Int] = [:]
    /// Updated cases and runs whose attempts were already in the database.
    private var updatedRecords: [(kind: RecordKind, id: String, file: InputFile, line: Int)] = []
    private var bytesDone = 0
    /// The size of all the command's files, for the progress bar.
    var bytesTotal = 0

    init(store: Store, options: LoadOptions) {
        self.store = store
        self.options = options
        summary.isDryRun = options.dryRun
        summary.rejectsAllowed = options.rejectsPath != nil
    }

    mutating func start() throws {
        if let path = options.rejectsPath { rejects = try RejectsWriter(path: path) }
        // A bigger page cache than SQLite's 2 MB spills fewer pages to the
        // WAL before commit; 8 MB keeps the load's memory within budget.
        try store.connection.execute("PRAGMA cache_size = -8192")
        try store.connection.run("INSERT INTO loads (started_at) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
        loadID = store.connection.lastInsertRowID
        writer = try RecordWriter(connection: store.connection, loadID: loadID)
    }

    // MARK: Reading one file

    mutating func read(_ file: InputFile) throws {
        let size = Self.size(of: file.path)
        if summary.counts[file.kind] == nil { summary.counts[file.kind] = LoadSummary.Counts() }
        let source: ByteSource
        do {
            source = try ByteSource(path: file.path)
        } catch let error as SourceError {
            report(file, line: 1, column: "-", error.message)
            return
        }
        if let progress = options.progress {
            let before = bytesDone
            let total = bytesTotal
            source.progress = { progress(before + $0, total) }
        }
        var rows = 0
        var fullyRead = false
        defer { bytesDone += size }
        let reader: any RecordReader
        do {
            reader = try makeRecordReader(format: file.format, source: source)
        } catch let error as InputError {
            report(file, line: error.line, column: error.column ?? "-", error.message)
            summary.counts[file.kind]!.rejected += 1
            try rejects?.write(file: file.path, line: error.line, kind: file.kind, id: nil, problems: "the whole file: \(error.message)", record: nil)
            try? source.readToEnd()
            fileRecords.append((file.path, file.kind, source.sha256Hex(), size, 0))
            return
        }
        let headerProblems = headerMapping(file, reader.header)
        // CSV and TSV fields come in header order: map them once per file.
        let headerColumns = reader.header?.map { file.kind.columnIndex($0) }
        while true {
            let record: RawRecord
            do {
                guard let next = try reader.next() else { fullyRead = true; break }
                record = next
            } catch let error as InputError {
                rows += 1
                summary.counts[file.kind]!.rejected += 1
                report(file, line: error.line, column: error.column ?? "-", error.message)
                try rejects?.write(file: file.path, line: error.line, kind: file.kind, id: nil, problems: error.message, record: nil)
                if error.isFatal { break }
                continue
            }
            rows += 1
            try take(record, from: file, headerColumns: headerColumns, headerProblems: headerProblems)
        }
        if !fullyRead { try? source.readToEnd() }
        let sha = source.sha256Hex()
        fileRecords.append((file.path, file.kind, sha, size, rows))
    }

    /// The header's problems (unknown and missing columns), reported once at line 1.
    private mutating func headerMapping(_ file: InputFile, _ header: [String]?) -> [Problem] {
        guard let header else { return [] }
        var problems: [Problem] = []
        for name in header where file.kind.columnIndex(name) == nil && !options.allowExtraColumns {
            problems.append(Problem(column: name, message: "unknown column for \(file.kind.table) (use --allow-extra-columns to ignore it)"))
        }
        for column in file.kind.columns where column.isRequired && !header.contains(column.name) {
            problems.append(Problem(column: column.name, message: "required column is missing from the header"))
        }
        for problem in problems { report(file, line: 1, column: problem.column, problem.message) }
        return problems
    }

    /// Validates one record and writes it, or rejects it with its problems.
    private mutating func take(_ record: RawRecord, from file: InputFile, headerColumns: [Int?]?, headerProblems: [Problem]) throws {
        let kind = file.kind
        let columns = kind.columns
        var values = [SQLiteValue](repeating: .null, count: columns.count)
        var problems: [Problem] = []
        let byHeader = headerColumns.flatMap { $0.count == record.fields.count ? $0 : nil }
        for (position, field) in record.fields.enumerated() {
            guard let index = byHeader.map({ $0[position] }) ?? kind.columnIndex(field.column) else {
                if !options.allowExtraColumns && headerProblems.isEmpty && file.format.isJSON {
                    problems.append(Problem(column: field.column, message: "unknown column for \(kind.table) (use --allow-extra-columns to ignore it)"))
                }
                continue
            }
            let text: String
            switch field.value {
            case .null: continue
            case .text(let value):
                // An empty JSON string is "not known", like an empty CSV cell.
                if value.isEmpty { continue }
                text = value
            case .number(let literal): text = literal
            case .bool(let flag): text = flag ? "true" : "false"
            }
            switch ValueParser.parse(text, as: columns[index], zone: store.zone) {
            case .success(let value): values[index] = value
            case .failure(let problem): problems.append(problem)
            }
        }
        for (index, column) in columns.enumerated() where values[index].isNull {
            if let value = column.defaultValue {
                values[index] = .text(value)
            } else if column.isRequired && !problems.contains(where: { $0.column == column.name }) && headerProblems.isEmpty {
                problems.append(Problem(column: column.name, message: "a required value is missing"))
            }
        }
        if problems.isEmpty { RowRules.check(kind, values, zone: store.zone, into: &problems) }
        let id: String? = if case .text(let id) = values[0] { id } else { nil }
        rowsPerKind[kind, default: 0] += 1
        if problems.isEmpty && headerProblems.isEmpty {
            switch try writer.write(kind, values, loadRow: rowsPerKind[kind]!) {
            case .success(.inserted): summary.counts[kind]!.inserted += 1; return
            case .success(.updated):
                summary.counts[kind]!.updated += 1
                if writer.mayBreakAttempts(kind), let id { updatedRecords.append((kind, id, file, record.line)) }
                return
            case .success(.unchanged): summary.counts[kind]!.unchanged += 1; return
            case .failure(let list): problems = list.problems
            }
        } else {
            writer.reject(kind, id: id)
        }
        summary.counts[kind]!.rejected += 1
        for problem in problems { report(file, line: record.line, column: problem.column, problem.message) }
        let reasons = (headerProblems + problems).map(\.description).joined(separator: "; ")
        try rejects?.write(file: file.path, line: record.line, kind: kind, id: id, problems: reasons, record: record)
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

    private mutating func report(_ file: InputFile, line: Int, column: String, _ message: String) {
        summary.problemCount += 1
        if summary.problems.count < options.problemsShown {
            summary.problems.append("\(file.path):\(line): \(column): \(message)")
        }
    }

    static func size(of path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    // MARK: Finishing

    /// Records the load: its files with their SHA-256, and its counts.
    mutating func finish(files: [InputFile]) throws {
        let connection = store.connection
        let fileInsert = try connection.prepare("INSERT INTO load_files (load_id, position, path, kind, sha256, bytes, rows) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for (position, file) in fileRecords.enumerated() {
            try fileInsert.run([loadID, position + 1, file.path, file.kind.table, file.sha256, file.bytes, file.rows])
        }
        let countInsert = try connection.prepare("INSERT INTO load_counts (load_id, kind, inserted, updated, unchanged, rejected) VALUES (?, ?, ?, ?, ?, ?)")
        for kind in RecordKind.allCases {
            guard let counts = summary.counts[kind] else { continue }
            try countInsert.run([loadID, kind.table, counts.inserted, counts.updated, counts.unchanged, counts.rejected])
        }
        let total = summary.total
        try connection.run("""
            UPDATE loads SET finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                inserted = ?, updated = ?, unchanged = ?, rejected = ? WHERE id = ?
            """, [total.inserted, total.updated, total.unchanged, total.rejected, loadID])
        summary.loadID = loadID
        summary.rejectedRows = total.rejected
    }
}

extension InputFormat {
    var isJSON: Bool { self == .json || self == .ndjson }
}
