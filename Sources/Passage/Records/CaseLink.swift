import PassageSQLite

/// A coordinator's decision on a pair of cases that `passage duplicates`
/// listed: one party (`confirmed`) or two (`dismissed`).
public struct CaseLink: Record {
    public enum Status: String, Sendable, CaseIterable { case confirmed, dismissed }
    public static let kind = RecordKind.caseLinks
    public var id: String
    /// The pair, `caseA` sorting first (byte order, as SQLite compares text).
    public var caseA: String
    public var caseB: String
    public var status: Status
    public var decidedAt: String?
    public var notes: String?

    public init(id: String, caseA: String, caseB: String, status: Status, decidedAt: String? = nil, notes: String? = nil) {
        self.id = id; self.caseA = caseA; self.caseB = caseB; self.status = status; self.decidedAt = decidedAt; self.notes = notes
    }

    public init(storedValues values: [SQLiteValue]) throws {
        let row = try StoredRow(values, Self.kind)
        self.init(id: try row.requiredText("id"), caseA: try row.requiredText("case_a"), caseB: try row.requiredText("case_b"),
                  status: try row.choice("status"), decidedAt: row.text("decided_at"), notes: row.text("notes"))
    }

    public var storedValues: [SQLiteValue] {
        Self.kind.row([
            "id": .text(id), "case_a": .text(caseA), "case_b": .text(caseB), "status": status.stored, "decided_at": decidedAt.stored,
            "notes": notes.stored,
        ])
    }

    /// Whether `a` sorts before `b` as SQLite's BINARY collation orders them.
    public static func isOrdered(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The id a decision made with `passage duplicates` gets: the pair
    /// itself, `case-01..case-41`, when that fits in 64 characters, else
    /// (or with `digest`) `link-` and a digest of the pair.
    public static func id(_ a: String, _ b: String, digest: Bool = false) -> String {
        let joined = "\(a)..\(b)"
        if joined.utf8.count <= 64 && !digest { return joined }
        // FNV-1a, 64 bits: stable across runs and platforms, unlike hashValue.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        // A NUL between the ids, which no id holds: one pair, one input.
        for byte in Array(a.utf8) + [0] + Array(b.utf8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return "link-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
