#if canImport(Glibc)
import Glibc
#endif
import PassageInput

/// Writes each rejected row to a CSV file with its reason, as it goes: into
/// a new file beside the one asked for, which takes its name only after the
/// load has committed (`finish`). A load that fails leaves an older rejects
/// file as it was, and no path given by mistake (an input file, the
/// database) is emptied: those are refused before anything is read.
final class RejectsWriter {
    /// The path asked for.
    let path: String
    private let file: OutputFile
    private var done = false

    init(path: String, inputs: [InputFile], databasePath: String) throws {
        if FilePaths.isDirectory(path) {
            throw Store.OpenError(description: "--rejects \(path) is a folder; name a file")
        }
        if let input = inputs.first(where: { FilePaths.isSameFile(path, $0.path) }) {
            throw Store.OpenError(description: "--rejects \(path) is \(input.path), one of the files to load; name another file")
        }
        if ["", "-wal", "-shm", "-journal"].contains(where: { FilePaths.isSameFile(path, databasePath + $0) }) {
            throw Store.OpenError(description: "--rejects \(path) is the database \(databasePath); name another file")
        }
        self.path = path
        do {
            let temporary = try FilePaths.createTemporary(beside: path)
            file = OutputFile(descriptor: temporary.descriptor, path: temporary.path)
        } catch {
            throw Store.OpenError(description: "cannot create the rejects file \(path): \(error)")
        }
        try file.write("file,line,kind,id,problems,record\n")
    }

    deinit { discard() }

    func write(file path: String, line: Int, kind: RecordKind, id: String?, problems: String, record: RawRecord?) throws {
        let fields = [path, String(line), kind.table, id ?? "", problems, record.map(Self.json) ?? ""]
        try file.write(fields.map(RowFormatter.csvField).joined(separator: ",") + "\n")
    }

    /// Every row on the disk: called before the load commits, so that a
    /// rejects file that cannot be written fails the load.
    func sync() throws {
        try file.sync()
    }

    /// After the commit: the file takes the name asked for.
    func finish() throws {
        try file.close()
        guard rename(file.path, path) == 0 else {
            throw Store.OpenError(description: "the load committed, but its rejects could not be renamed from \(file.path) to \(path): \(FileError(path: path, errno: errno))")
        }
        FilePaths.syncDirectory(of: path)
        done = true
    }

    /// The load did not commit: the file goes.
    func discard() {
        guard !done else { return }
        done = true
        try? file.close()
        FilePaths.remove(file.path)
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
