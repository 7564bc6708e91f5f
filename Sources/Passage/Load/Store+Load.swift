extension Store {
    /// What `Store.load(_:intoDatabaseAt:options:)` did.
    public struct DatabaseLoad: Sendable {
        public var summary: LoadSummary
        /// Whether the database did not exist before: it was made by this
        /// load (and exists now only if the load committed).
        public var madeDatabase: Bool
        /// The files are an export from another event zone than the one the
        /// existing database keeps: (the export's, the database's).
        public var differingZones: (exported: EventZone, kept: EventZone)?
    }

    /// Loads files and folders into the database at `path`, as `passage
    /// load` does. Everything that can be checked before is checked before
    /// any database is opened or made (the paths, the rejects folder's name).
    /// An existing database is opened and keeps its event zone. A missing
    /// one is made in the zone an export names (`event_zone.txt`), under a
    /// temporary name that becomes `path` only when the load commits, so a
    /// load that fails, or a dry run, leaves no file; its rejects folder takes
    /// its name only after the database has taken its own.
    public static func load(_ paths: [String], intoDatabaseAt path: String, options: LoadOptions) throws -> DatabaseLoad {
        // Resolve first, so a bad path creates no database.
        _ = try InputFile.resolve(paths, kind: options.kind)
        if let rejects = options.rejectsPath, FilePaths.isSameName(rejects, path) {
            throw PassageError.rejectsIsDatabase(rejects: rejects, database: path)
        }
        let exportZone = try InputFile.eventZone(in: paths)
        if FilePaths.isSymbolicLink(path) && !FilePaths.exists(path) {
            throw PassageError.databaseIsDanglingLink(path)
        }
        if FilePaths.exists(path) {
            let store = try Store.openForWriting(at: path)
            if let keySource = options.keySource { store.keySource = keySource }
            let differing = exportZone.flatMap { $0 != store.zone ? ($0, store.zone) : nil }
            let summary = try Loader(store: store, options: options).load(paths)
            try store.close()
            return DatabaseLoad(summary: summary, madeDatabase: false, differingZones: differing)
        }
        var deferred = options
        deferred.publishesRejects = false
        var summary = try Store.withNewDatabase(at: path, zone: exportZone) { store in
            let summary = try Loader(store: store, options: deferred).load(paths)
            return (summary, summary.loadID != nil)
        }
        summary.rejectsWarning = summary.pendingRejects?.publish()
        summary.pendingRejects = nil
        return DatabaseLoad(summary: summary, madeDatabase: true, differingZones: nil)
    }
}
