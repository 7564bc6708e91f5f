import PassageSQLite

/// One person of a case, as far as a list knows them.
public struct Member: Record {
    public enum Sex: String, Sendable, CaseIterable { case female, male, other, unknown }
    public enum Relationship: String, Sendable, CaseIterable { case principal, spouse, child, parent, sibling, relative, other, unknown }
    public enum DocumentKind: String, Sendable, CaseIterable {
        case usPassport = "us_passport", greenCard = "green_card", afghanPassport = "afghan_passport", tazkira, sivLetter = "siv_letter", visa, other, unknown
    }
    public static let kind = RecordKind.members
    public var id: String
    public var caseID: String
    /// Personal data, like the birth date, document number, phone and notes.
    public var name: String?
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public var birthDate: String?
    public var sex: Sex = .unknown
    public var relationship: Relationship = .unknown
    public var documentKind: DocumentKind = .unknown
    public var documentNumber: String?
    public var phone: String?
    public var sourceID: String?
    public var notes: String?

    public init(id: String, caseID: String, name: String? = nil, birthDate: String? = nil, sex: Sex = .unknown, relationship: Relationship = .unknown,
                documentKind: DocumentKind = .unknown, documentNumber: String? = nil, phone: String? = nil, sourceID: String? = nil, notes: String? = nil) {
        self.id = id; self.caseID = caseID; self.name = name; self.birthDate = birthDate; self.sex = sex; self.relationship = relationship
        self.documentKind = documentKind; self.documentNumber = documentNumber; self.phone = phone; self.sourceID = sourceID; self.notes = notes
    }

    public init(storedValues values: [SQLiteValue]) throws {
        let row = try StoredRow(values, Self.kind)
        self.init(id: try row.requiredText("id"), caseID: try row.requiredText("case_id"), name: row.text("name"), birthDate: row.text("birth_date"),
                  sex: try row.choice("sex"), relationship: try row.choice("relationship"), documentKind: try row.choice("document_kind"),
                  documentNumber: row.text("document_number"), phone: row.text("phone"), sourceID: row.text("source_id"), notes: row.text("notes"))
    }

    public var storedValues: [SQLiteValue] {
        Self.kind.row([
            "id": .text(id), "case_id": .text(caseID), "name": name.stored, "birth_date": birthDate.stored, "sex": sex.stored,
            "relationship": relationship.stored, "document_kind": documentKind.stored, "document_number": documentNumber.stored,
            "phone": phone.stored, "source_id": sourceID.stored, "notes": notes.stored,
        ])
    }
}
