#if canImport(Glibc)
import Glibc
#endif
import PassageInput

/// Writes the rejected rows of a load into a folder a person can fix them
/// in: one CSV per kind, named like the kind's file (`attempts.csv`), with
/// that kind's columns holding the values as they were read, then
/// `rejected_file`, `rejected_line` and `problem`. Fixed in a spreadsheet,
/// the folder loads back with `--allow-extra-columns`.
///
/// The files are written into a new folder beside the one asked for, which
/// takes its name only after the load has committed (`finish`): a load that
/// fails leaves nothing, and no path given by mistake (an input, the
/// database, a folder with files in it) is ever written over: those are
/// refused before anything is read. A stream (`/dev/stdout`, a pipe) is
/// written straight into, each kind's CSV after the other.
final class RejectsWriter {
    /// The folder asked for, or the stream.
    private let target: String
    /// The new folder the files are written in (nil for a stream).
    private let staging: String?
    /// The stream, when the target is one.
    private let stream: OutputFile?
    /// Each kind's file, opened at its first rejected row.
    private var files: [RecordKind: OutputFile] = [:]
    private var streamKind: RecordKind?
    private var done = false

    static let extraColumns = ["rejected_file", "rejected_line", "problem"]

    init(path given: String, inputs: [InputFile], databasePath: String) throws {
        var path = given
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        if ["", "-wal", "-shm", "-journal"].contains(where: { FilePaths.isSameFile(path, databasePath + $0) }) {
            throw PassageError.rejectsIsDatabase(rejects: path, database: databasePath)
        }
        if let input = inputs.first(where: { FilePaths.isSameFile(path, $0.path) }) {
            throw PassageError.rejectsIsInput(rejects: path, input: input.path)
        }
        // /dev/stdout, /dev/fd/N, >(…), a pipe: written into as it is, never
        // renamed over.
        let isStream = ["/dev/", "/proc/"].contains { path.hasPrefix($0) }
            || (FilePaths.exists(path) && !FilePaths.isRegularFile(path) && !FilePaths.isDirectory(path))
        target = path
        if isStream {
            staging = nil
            do {
                stream = try OutputFile(openingExisting: path)
            } catch {
                throw PassageError.cannotCreateRejects(path: path, reason: "\(error)")
            }
            return
        }
        if FilePaths.isSymbolicLink(path) {
            throw PassageError.rejectsIsLink(path)
        }
        if FilePaths.isDirectory(path) {
            guard try FilePaths.contents(ofDirectory: path).isEmpty else {
                throw PassageError.rejectsFolderNotEmpty(path)
            }
        } else if FilePaths.exists(path) {
            throw PassageError.rejectsIsFile(path)
        }
        stream = nil
        do {
            let parent = FilePaths.directory(of: path)
            if !FilePaths.isDirectory(parent) { try FilePaths.createDirectory(parent, mode: 0o700) }
            staging = try FilePaths.createTemporaryDirectory(beside: path)
        } catch {
            throw PassageError.cannotCreateRejects(path: path, reason: "\(error)")
        }
    }

    deinit { discard() }

    /// Writes one rejected row: its values as read (`record`; nil when the
    /// input could not be read as a record), where it was, and why.
    func write(file path: String, line: Int, kind: RecordKind, problems: String, record: RawRecord?) throws {
        let columns = kind.columns
        var values = [String](repeating: "", count: columns.count)
        for field in record?.fields ?? [] {
            guard let index = kind.columnIndex(field.column) else { continue }
            values[index] = switch field.value {
            case .null: ""
            case .text(let text): text
            case .number(let literal): literal
            case .bool(let flag): flag ? "true" : "false"
            }
        }
        let fields = values + [path, String(line), problems]
        try output(for: kind).write(fields.map(DelimitedWriter.csvField).joined(separator: ",") + "\n")
    }

    private func output(for kind: RecordKind) throws -> OutputFile {
        let header = (kind.columns.map(\.name) + Self.extraColumns).joined(separator: ",") + "\n"
        if let stream {
            if streamKind != kind {
                streamKind = kind
                try stream.write(header)
            }
            return stream
        }
        if let file = files[kind] { return file }
        let file = try OutputFile(creating: FilePaths.join(staging!, "\(kind.table).csv"), exclusive: true)
        files[kind] = file
        try file.write(header)
        return file
    }

    /// Every row on the disk: called before the load commits, so that
    /// rejects that cannot be written fail the load.
    func sync() throws {
        if let stream { try stream.flush() }
        for file in files.values { try file.sync() }
        if let staging { FilePaths.syncDirectory(of: FilePaths.join(staging, ".")) }
    }

    /// After the commit: the folder takes its name. Never throws, so nothing
    /// after a commit can undo it: when the name cannot be given, the files
    /// stay in the new folder, and the returned warning says where.
    func finish() -> String? {
        done = true
        do {
            try stream?.close()
            for file in files.values { try file.close() }
        } catch {
            return "the load committed, but its rejects could not be completed: \(error)"
        }
        guard let staging else { return nil }
        // An empty folder given is replaced by the new one (rename does that
        // only while it is still empty); otherwise the name must be free.
        if FilePaths.isDirectory(target) {
            guard rename(staging, target) == 0 else {
                return "the load committed; its rejects are in \(staging), which could not be renamed to \(target): \(FileError(path: target, errno: errno))"
            }
        } else {
            switch FilePaths.giveName(staging, to: target, folder: true) {
            case .given: break
            case .taken:
                return "the load committed; its rejects are in \(staging): \(target) was made by another process meanwhile"
            case .failed(let error):
                return "the load committed; its rejects are in \(staging), which could not be renamed to \(target): \(error)"
            }
        }
        FilePaths.syncDirectory(of: target)
        return nil
    }

    /// The load did not commit: the new folder goes (a stream is left be).
    func discard() {
        guard !done else { return }
        done = true
        try? stream?.close()
        for file in files.values { try? file.close() }
        if let staging { FilePaths.removeFolder(staging) }
    }
}
