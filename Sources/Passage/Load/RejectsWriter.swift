#if canImport(Glibc)
import Glibc
#endif
import PassageInput

/// Writes each rejected row to a CSV file with its reason, as it goes: into
/// a new file beside the one asked for, which takes its name only after the
/// load has committed (`finish`). A load that fails leaves an older rejects
/// file as it was, and no path given by mistake (an input file, the
/// database) is emptied: those are refused before anything is read. A path
/// that is not a regular file (`/dev/null`, a pipe) is written straight
/// into, and one that is a link, into the file it links to.
final class RejectsWriter {
    /// The file the rows end up in: the path asked for, or the file its link names.
    private let target: String
    private let file: OutputFile
    /// Written straight into `target` (a device, a pipe): nothing to rename.
    private let direct: Bool
    private var done = false

    init(path: String, inputs: [InputFile], databasePath: String) throws {
        if FilePaths.isDirectory(path) {
            throw PassageError.rejectsIsFolder(path)
        }
        if let input = inputs.first(where: { FilePaths.isSameFile(path, $0.path) }) {
            throw PassageError.rejectsIsInput(rejects: path, input: input.path)
        }
        if ["", "-wal", "-shm", "-journal"].contains(where: { FilePaths.isSameFile(path, databasePath + $0) }) {
            throw PassageError.rejectsIsDatabase(rejects: path, database: databasePath)
        }
        // /dev/stdout, /dev/fd/N, >(…): whatever the stream is (a pipe, a
        // file opened with >>), it is written into as it is, never renamed
        // over; so is anything that is not a regular file.
        let isStream = ["/dev/", "/proc/"].contains { path.hasPrefix($0) }
        direct = isStream || (FilePaths.exists(path) && !FilePaths.isRegularFile(path))
        if direct {
            target = path
        } else if FilePaths.isSymbolicLink(path) {
            guard let resolved = FilePaths.realPath(path) else {
                throw PassageError.rejectsIsDanglingLink(path)
            }
            target = resolved
        } else {
            target = path
        }
        do {
            if direct {
                file = try OutputFile(openingExisting: target)
            } else {
                let temporary = try FilePaths.createTemporary(beside: target)
                file = OutputFile(descriptor: temporary.descriptor, path: temporary.path)
            }
        } catch {
            throw PassageError.cannotCreateRejects(path: path, reason: "\(error)")
        }
        try file.write("file,line,kind,id,problems,record\n")
    }

    deinit { discard() }

    func write(file path: String, line: Int, kind: RecordKind, id: String?, problems: String, record: RawRecord?) throws {
        let fields = [path, String(line), kind.table, id ?? "", problems, record.map(Self.json) ?? ""]
        try file.write(fields.map(DelimitedWriter.csvField).joined(separator: ",") + "\n")
    }

    /// Every row on the disk: called before the load commits, so that a
    /// rejects file that cannot be written fails the load.
    func sync() throws {
        if direct { try file.flush() } else { try file.sync() }
    }

    /// After the commit: the file takes its name. Never throws, so nothing
    /// after a commit can undo it: when the name cannot be given, the rows
    /// stay in the temporary file, and the returned warning says where.
    func finish() -> String? {
        done = true
        do {
            try file.close()
        } catch {
            return "the load committed, but its rejects file \(file.path) could not be completed: \(error)"
        }
        if direct { return nil }
        guard rename(file.path, target) == 0 else {
            return "the load committed; its rejects are in \(file.path), which could not be renamed to \(target): \(FileError(path: target, errno: errno))"
        }
        FilePaths.syncDirectory(of: target)
        return nil
    }

    /// The load did not commit: the file goes (a device or pipe is left be).
    func discard() {
        guard !done else { return }
        done = true
        try? file.close()
        if !direct { FilePaths.remove(file.path) }
    }

    /// The row as it was read, as a JSON object.
    static func json(_ record: RawRecord) -> String {
        let members = record.fields.map { field -> String in
            let value = switch field.value {
            case .null: "null"
            case .text(let text): JSONText.quote(text)
            case .number(let literal): literal
            case .bool(let flag): flag ? "true" : "false"
            }
            return JSONText.quote(field.column) + ":" + value
        }
        return "{" + members.joined(separator: ",") + "}"
    }
}
