import PassageSQLite

extension Store {
    /// A case's personal details, in clear: its label and contact, and its
    /// members (every column but the case id), in the order they were loaded.
    public struct PersonalDetails: Sendable {
        public var label: String?
        public var contact: String?
        public var members: ResultTable
    }

    /// The one place `passage case --personal` reads personal values (a
    /// sealed database opens them here, with its key). Nil when there is no
    /// such case.
    public func personalDetails(caseID: String) throws -> PersonalDetails? {
        // Of a sealed database, opened (`sealer()` must have unlocked it).
        let header = try connection.prepare("SELECT \(personalValueSQL(.cases, column: "label")), \(personalValueSQL(.cases, column: "contact")) FROM cases WHERE id = ?")
        defer { header.finalize() }
        try header.bind([caseID])
        guard try header.step() else { return nil }
        let columns = RecordKind.members.columns.map(\.name).filter { $0 != "case_id" }
        let selected = columns.map { name in
            RecordKind.members.columnIndex(name).map { RecordKind.members.columns[$0].isPersonal } == true ? personalValueSQL(.members, column: name) : name
        }
        let members = try connection.prepare("SELECT \(selected.joined(separator: ", ")) FROM members WHERE case_id = ? ORDER BY load_id, load_row")
        defer { members.finalize() }
        try members.bind([caseID])
        return PersonalDetails(label: header.optionalText(at: 0), contact: header.optionalText(at: 1),
                               members: ResultTable(columns: columns, rows: try members.allRows()))
    }
}
