/// The positions of the columns the code reads from a row of values, named
/// and taken from the kind descriptions (`Schema.columns`), so that a column
/// moved there moves here too. A name that is not a column of its kind
/// stops the program at its first use (and every test with it).
enum ColumnIndex {
    /// Every kind's first column (`SchemaDescriptionTests` checks it).
    static let id = 0

    enum Cases {
        static let size = position(.cases, "size")
        static let children = position(.cases, "children")
    }

    enum Members {
        static let caseID = position(.members, "case_id")
    }

    enum CaseLinks {
        static let caseA = position(.caseLinks, "case_a")
        static let caseB = position(.caseLinks, "case_b")
    }

    enum EscortRuns {
        static let routeID = position(.escortRuns, "route_id")
        static let departedAt = position(.escortRuns, "departed_at")
        static let arrivedAt = position(.escortRuns, "arrived_at")
    }

    enum Attempts {
        static let caseID = position(.attempts, "case_id")
        static let routeID = position(.attempts, "route_id")
        static let escortRunID = position(.attempts, "escort_run_id")
        static let people = position(.attempts, "people")
    }

    enum Incidents {
        static let musterPointID = position(.incidents, "muster_point_id")
        static let gateID = position(.incidents, "gate_id")
    }

    static func position(_ kind: RecordKind, _ name: String) -> Int {
        guard let index = kind.columnIndex(name) else { preconditionFailure("\(kind.table) has no column \(name)") }
        return index
    }
}
