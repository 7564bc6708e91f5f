import PassageSQLite

extension Store {
    /// A case's personal details, in clear: its label and contact, and its
    /// members (every column but the case id), in the order they were loaded.
    public struct PersonalDetails: Sendable {
        public var caseID: String
        public var label: String?
        public var contact: String?
        public var members: ResultTable

        /// The label and contact, as one row.
        public var labelAndContact: ResultTable {
            ResultTable(columns: ["label", "contact"], rows: [[label.sqliteValue, contact.sqliteValue]])
        }

        /// For a program: one row per member (one with empty member columns
        /// when there is none), each with the case's id, label and contact;
        /// the member columns prefixed `member_`.
        public var memberRows: ResultTable {
            let head: [SQLiteValue] = [.text(caseID), label.sqliteValue, contact.sqliteValue]
            let rows = members.rows.isEmpty
                ? [head + Array(repeating: .null, count: members.columns.count)]
                : members.rows.map { head + $0 }
            return ResultTable(columns: ["case_id", "label", "contact"] + members.columns.map { "member_" + $0 }, rows: rows)
        }
    }

    /// The one place `passage case --personal` reads personal values (a
    /// sealed database opens them here, with its key). Nil when there is no
    /// such case.
    public func personalDetails(caseID: String) throws -> PersonalDetails? {
        let header = try connection.prepare("SELECT id, label, contact FROM cases WHERE id = ?")
        defer { header.finalize() }
        try header.bind([caseID])
        guard try header.step() else { return nil }
        let caseRow = try codec(for: .cases).columns(["id", "label", "contact"]).row(header.row)
        let columns = RecordKind.members.columns.map(\.name).filter { $0 != "case_id" }
        let members = try connection.prepare("SELECT \(columns.joined(separator: ", ")) FROM members WHERE case_id = ? ORDER BY load_id, load_row")
        defer { members.finalize() }
        try members.bind([caseID])
        let memberCodec = try codec(for: .members).columns(columns)
        var rows: [[SQLiteValue]] = []
        while try members.step() { rows.append(try memberCodec.row(members.row)) }
        return PersonalDetails(caseID: caseID, label: Self.text(caseRow[1]), contact: Self.text(caseRow[2]),
                               members: ResultTable(columns: columns, rows: rows))
    }

    /// Of a sealed database, the codec that opens a kind's personal values
    /// (`sealer()` asks for the key the first time); else values as stored.
    func codec(for kind: RecordKind) throws -> ValueCodec {
        isSealed ? .opening(kind, with: try sealer()) : .stored
    }

    private static func text(_ value: SQLiteValue) -> String? {
        if case .text(let text) = value { return text }
        return nil
    }
}
