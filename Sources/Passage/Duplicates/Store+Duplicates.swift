#if canImport(Glibc)
import Glibc
#endif
import PassageSQLite

extension Store {
    /// Every decision on a pair of cases.
    public func caseLinks() throws -> [CaseLink] {
        let statement = try connection.prepare("SELECT \(RecordKind.caseLinks.columns.map(\.name).joined(separator: ", ")) FROM case_links ORDER BY case_a, case_b")
        defer { statement.finalize() }
        var links: [CaseLink] = []
        while try statement.step() { links.append(try CaseLink(storedValues: statement.row)) }
        return links
    }

    /// The pairs of cases that may be one party (see `DuplicateFinder`).
    public func duplicates(minimumScore: Double = DuplicateFinder.defaultMinimumScore, all: Bool = false) throws -> [DuplicatePair] {
        // One read transaction: the cases, members and decisions of one moment.
        var pairs: [DuplicatePair] = []
        try connection.transaction(.deferred) {
            let finder = try DuplicateFinder(store: self)
            pairs = try finder.pairs(minimumScore: minimumScore, all: all, decisions: try caseLinks())
            return .commit
        }
        return pairs
    }

    /// A decision on a pair, given in either order: saved as one load (so it
    /// names the load that made it, and a changed decision keeps the
    /// previous one in the audit). Returns the link as saved.
    @discardableResult
    public func decide(_ first: String, _ second: String, _ status: CaseLink.Status) throws -> CaseLink {
        guard first != second else { throw DecisionError(description: "a case cannot be linked with itself ('\(first)')") }
        for id in [first, second] where try fetch(Case.self, id: id) == nil {
            throw DecisionError(description: "no case with id '\(id)'")
        }
        let (a, b) = CaseLink.isOrdered(first, second) ? (first, second) : (second, first)
        let existing = try connection.prepare("SELECT id FROM case_links WHERE case_a = ? AND case_b = ?")
        try existing.bind([a, b])
        var id = try existing.step() ? existing.text(at: 0) : CaseLink.id(a, b)
        existing.finalize()
        // The same decision again changes nothing (not even its time).
        if let current = try fetch(CaseLink.self, id: id), current.caseA == a, current.caseB == b, current.status == status { return current }
        if let other = try fetch(CaseLink.self, id: id), other.caseA != a || other.caseB != b {
            // Two other ids joined with `..` can spell the same text.
            id = CaseLink.id(a, b, digest: true)
        }
        let link = CaseLink(id: id, caseA: a, caseB: b, status: status,
                            decidedAt: TimeParser.format(epochSeconds: Int64(time(nil)), zone: zone))
        try save([link])
        return link
    }
}

/// A decision `passage duplicates confirm|dismiss` cannot record.
public struct DecisionError: Error, CustomStringConvertible {
    public let description: String
}
