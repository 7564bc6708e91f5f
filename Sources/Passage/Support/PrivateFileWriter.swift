#if canImport(Glibc)
import Glibc
#endif

extension FilePaths {
    /// Writes `text` to a new owner-only file beside `path`, forces it to
    /// the disk, then renames it over `path`: a reader sees the old file or
    /// the new one, never half of one, and a failure leaves the old file
    /// as it was. A folder at `path` is refused.
    public static func replaceFile(_ path: String, with text: String) throws {
        guard !isDirectory(path) else { throw FileError(path: path, message: "is a folder, not a file") }
        let temporary: String, descriptor: Int32
        do {
            (temporary, descriptor) = try createTemporary(beside: path)
        } catch let error as FileError {
            // Named by the file asked for, not by the hidden one beside it.
            throw FileError(path: path, errno: error.code)
        }
        let file = OutputFile(descriptor: descriptor, path: temporary)
        do {
            try file.write(text)
            try file.sync()
            try file.close()
            guard rename(temporary, path) == 0 else { throw FileError(path: path, errno: errno) }
        } catch {
            try? file.close()
            remove(temporary)
            throw error
        }
        syncDirectory(of: path)
    }
}
