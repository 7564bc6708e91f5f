import PassageInput

/// A file to load, with the kind of records it holds and its format.
package struct InputFile: Sendable, Equatable {
    package let path: String
    package let kind: RecordKind
    package let format: InputFormat

    /// The kind a file name tells: its stem (`attempts.csv`) or the last
    /// dotted part before the extension (`2021-08-27.attempts.csv`).
    package static func kind(fromName name: String) -> RecordKind? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return nil }
        return RecordKind(rawValue: String(parts[parts.count - 2]))
    }

    /// Expands `paths` (files and folders) into input files in dependency
    /// order; within a kind, in the order given (a folder's files by name).
    /// Files in a folder whose kind or format cannot be told are skipped and
    /// returned; such a file named explicitly is an error.
    package static func resolve(_ paths: [String], kind override: RecordKind? = nil) throws -> (files: [InputFile], skipped: [String]) {
        var files: [InputFile] = []
        var skipped: [String] = []
        for path in paths {
            guard FilePaths.exists(path) else {
                throw PassageError.noSuchPath(path)
            }
            if FilePaths.isDirectory(path) {
                let names = try FilePaths.contents(ofDirectory: path).sorted()
                for name in names where name != eventZoneFileName {
                    let child = FilePaths.join(path, name)
                    if !FilePaths.isDirectory(child), let file = recognise(child, override) {
                        files.append(file)
                    } else {
                        skipped.append(child)
                    }
                }
            } else if FilePaths.lastComponent(path) == eventZoneFileName {
                continue
            } else if let file = recognise(path, override) {
                files.append(file)
            } else {
                let name = FilePaths.lastComponent(path)
                let format = InputFormat(pathExtension: FilePaths.pathExtension(name))
                throw format == nil
                    ? PassageError.unknownFormat(path)
                    : PassageError.unknownKind(path: path, pathExtension: FilePaths.pathExtension(name))
            }
        }
        guard !files.isEmpty else {
            throw PassageError.nothingToLoad(paths: paths, skipped: skipped)
        }
        // A stable sort keeps the given order within a kind.
        let ordered = files.enumerated().sorted { lhs, rhs in
            lhs.element.kind != rhs.element.kind ? lhs.element.kind < rhs.element.kind : lhs.offset < rhs.offset
        }.map(\.element)
        return (ordered, skipped)
    }

    /// The file in which `passage export` names the event zone its times
    /// were in, so that a new database loaded from the export gets it too.
    package static let eventZoneFileName = "event_zone.txt"

    /// The event zone named by `event_zone.txt` in the folders (or among the
    /// files) to load; nil when there is none.
    package static func eventZone(in paths: [String]) throws -> EventZone? {
        var found: (zone: EventZone, path: String)?
        for path in paths {
            let file = FilePaths.isDirectory(path) ? FilePaths.join(path, eventZoneFileName) : path
            guard FilePaths.lastComponent(file) == eventZoneFileName, FilePaths.exists(file) else { continue }
            let text: String
            do {
                text = try FilePaths.readSmallFile(file, limit: 64)
            } catch {
                throw PassageError.unreadableEventZone(reason: "\(error)")
            }
            let trimmed = (text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "").trimmedLine
            guard let zone = EventZone(trimmed), zone.isWithinSQLiteRange else {
                throw PassageError.invalidEventZone(file: file, text: String(trimmed.prefix(20)))
            }
            if let found, found.zone != zone {
                throw PassageError.conflictingEventZones(first: found.path, zone: found.zone, second: file, otherZone: zone)
            }
            found = (zone, file)
        }
        return found?.zone
    }

    private static func recognise(_ path: String, _ override: RecordKind?) -> InputFile? {
        let name = FilePaths.lastComponent(path)
        guard !name.hasPrefix("."), let format = InputFormat(pathExtension: FilePaths.pathExtension(name)),
              let kind = override ?? kind(fromName: name)
        else { return nil }
        return InputFile(path: path, kind: kind, format: format)
    }
}
