import PassageSQLite

extension Store {
    /// A case's personal values in clear, one row per personal column
    /// (`field`, `value`): opened when the database is sealed, so call
    /// `sealer()` first. Nil when there is no such case.
    public func personalValues(ofCase id: String) throws -> ResultTable? {
        let cases = RecordKind.cases
        let columns = cases.columns.filter(\.isPersonal).map(\.name)
        let statement = try connection.prepare("SELECT \(columns.map { personalValueSQL(cases, column: $0) }.joined(separator: ", ")) FROM cases WHERE id = ?")
        try statement.bind([id])
        guard try statement.step() else { return nil }
        return ResultTable(columns: ["field", "value"], rows: columns.indices.map { [.text(columns[$0]), statement.value(at: $0)] })
    }

    /// The members of a case, every column, personal ones in clear, in the
    /// order loaded; nil while no kind `members` exists.
    public func members(ofCase id: String) throws -> ResultTable? {
        guard let members = RecordKind(rawValue: "members") else { return nil }
        let selected = members.columns.map { $0.isPersonal ? personalValueSQL(members, column: $0.name) : $0.name }
        let statement = try connection.prepare("SELECT \(selected.joined(separator: ", ")) FROM \(members.table) WHERE case_id = ? ORDER BY load_id, load_row")
        try statement.bind([id])
        return ResultTable(columns: statement.columnNames, rows: try statement.allRows())
    }
}
