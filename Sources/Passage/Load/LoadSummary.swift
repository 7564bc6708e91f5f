/// What a load did, per kind, and what was wrong.
public struct LoadSummary: Sendable {
    public struct Counts: Sendable, Equatable {
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
        public var rejected = 0
        public init() {}
    }

    /// Counts per kind, for every kind the command's files held.
    public var counts: [RecordKind: Counts] = [:]
    /// The first problems, each `FILE:LINE: column: what is wrong`.
    public var problems: [String] = []
    /// How many problems there were in all.
    public var problemCount = 0
    /// Files in folders that were not loaded: their kind or format could not be told.
    public var skippedFiles: [String] = []
    /// Files with rows whose cells were all empty, and how many: skipped.
    public var blankRows: [(path: String, count: Int)] = []
    /// The loads row written; nil when nothing was committed.
    public var loadID: Int64?
    /// The load whose files these were, unchanged, into a database no one
    /// changed since: no row was read again (see docs/loading.md).
    public var repeatedLoadID: Int64?
    public var isDryRun = false
    /// Rows written to the rejects folder.
    public var rejectedRows = 0
    /// Set when the load committed but its rejects folder could not take its
    /// name: where the rows are instead.
    public var rejectsWarning: String?
    /// With `LoadOptions.publishesRejects` false: the rejects, written and
    /// waiting to take their name. Dropped unpublished, they are removed.
    package var pendingRejects: PendingRejects?

    /// Whether the command's changes were (or, in a dry run, would be) committed.
    public var succeeded: Bool { problemCount == 0 || rejectsAllowed }
    var rejectsAllowed = false

    public var total: Counts {
        counts.values.reduce(into: Counts()) { total, counts in
            total.inserted += counts.inserted
            total.updated += counts.updated
            total.unchanged += counts.unchanged
            total.rejected += counts.rejected
        }
    }
}

/// A load's rejects folder, complete but not yet under its name.
package final class PendingRejects: @unchecked Sendable {
    private let writer: RejectsWriter

    init(writer: RejectsWriter) {
        self.writer = writer
    }

    /// Gives the file its name; a warning when it cannot (the rows then
    /// stay where the warning says).
    package func publish() -> String? {
        writer.finish()
    }
}
