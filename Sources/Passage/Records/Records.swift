import PassageSQLite

// The nine kinds as Swift values. Times are canonical text in the
// event zone (`2021-08-27T22:00:00+04:30`, or `2021-08-27` for a date);
// `EventTime(_:zone:)` turns one into an instant.

public struct Source: Record {
    public enum Kind: String, Sendable, CaseIterable { case usOfficial = "us_official", network, family, evacuee, media, other }
    public enum Reliability: String, Sendable, CaseIterable { case high, medium, low, unknown }
    public static let kind = RecordKind.sources
    public var id: String
    public var sourceKind: Kind
    public var name: String?
    public var reliability: Reliability = .unknown
    public var notes: String?

    public init(id: String, kind: Kind, name: String? = nil, reliability: Reliability = .unknown, notes: String? = nil) {
        self.id = id; self.sourceKind = kind; self.name = name; self.reliability = reliability; self.notes = notes
    }

    public init(storedValues values: [SQLiteValue]) throws {
        let row = try StoredRow(values, Self.kind)
        self.init(id: try row.requiredText("id"), kind: try row.choice("kind"), name: row.text("name"), reliability: try row.choice("reliability"), notes: row.text("notes"))
    }

    public var storedValues: [SQLiteValue] {
        Self.kind.row([
            "id": .text(id), "kind": sourceKind.stored, "name": name.stored, "reliability": reliability.stored,
            "notes": notes.stored
        ])
    }
}

/// A muster point or a gate: both are places with the same columns.
public struct Place: Sendable, Equatable {
    public var id: String
    public var name: String
    public var latitude: Double?
    public var longitude: Double?
    public var controlledBy: String?
    public var notes: String?

    public init(id: String, name: String, latitude: Double? = nil, longitude: Double? = nil, controlledBy: String? = nil, notes: String? = nil) {
        self.id = id; self.name = name; self.latitude = latitude; self.longitude = longitude; self.controlledBy = controlledBy; self.notes = notes
    }

    init(_ values: [SQLiteValue], _ kind: RecordKind) throws {
        let row = try StoredRow(values, kind)
        self.init(id: try row.requiredText("id"), name: try row.requiredText("name"), latitude: row.real("latitude"), longitude: row.real("longitude"), controlledBy: row.text("controlled_by"), notes: row.text("notes"))
    }

    func storedValues(_ kind: RecordKind) -> [SQLiteValue] {
        kind.row([
            "id": .text(id), "name": .text(name), "latitude": latitude.stored, "longitude": longitude.stored,
            "controlled_by": controlledBy.stored, "notes": notes.stored
        ])
    }
}

public struct MusterPoint: Record {
    public static let kind = RecordKind.musterPoints
    public var place: Place
    public var id: String { place.id }
    public init(_ place: Place) { self.place = place }
    public init(storedValues values: [SQLiteValue]) throws { place = try Place(values, Self.kind) }
    public var storedValues: [SQLiteValue] { place.storedValues(Self.kind) }
}

public struct Gate: Record {
    public static let kind = RecordKind.gates
    public var place: Place
    public var id: String { place.id }
    public init(_ place: Place) { self.place = place }
    public init(storedValues values: [SQLiteValue]) throws { place = try Place(values, Self.kind) }
    public var storedValues: [SQLiteValue] { place.storedValues(Self.kind) }
}

public struct Route: Record {
    public static let kind = RecordKind.routes
    public var id: String
    /// Nil: straight to the gate.
    public var musterPointID: String?
    public var gateID: String
    public var name: String?
    public var notes: String?

    public init(id: String, musterPointID: String?, gateID: String, name: String? = nil, notes: String? = nil) {
        self.id = id; self.musterPointID = musterPointID; self.gateID = gateID; self.name = name; self.notes = notes
    }

    public init(storedValues values: [SQLiteValue]) throws {
        let row = try StoredRow(values, Self.kind)
        self.init(id: try row.requiredText("id"), musterPointID: row.text("muster_point_id"), gateID: try row.requiredText("gate_id"), name: row.text("name"), notes: row.text("notes"))
    }

    public var storedValues: [SQLiteValue] {
        Self.kind.row([
            "id": .text(id), "muster_point_id": musterPointID.stored, "gate_id": .text(gateID), "name": name.stored,
            "notes": notes.stored
        ])
    }
}

public struct Case: Record {
    public enum Category: String, Sendable, CaseIterable { case usCitizen = "us_citizen", lpr, siv, p1p2, afghanAtRisk = "afghan_at_risk", thirdCountry = "third_country", other }
    public static let kind = RecordKind.cases
    public var id: String
    /// May hold a name: personal data.
    public var label: String?
    public var category: Category
    public var size: Int
    public var children: Int?
    public var contact: String?
    public var registeredAt: String?
    public var sourceID: String?
    public var notes: String?

    public init(id: String, label: String? = nil, category: Category, size: Int, children: Int? = nil, contact: String? = nil,
                registeredAt: String? = nil, sourceID: String? = nil, notes: String? = nil) {
        self.id = id; self.label = label; self.category = category; self.size = size; self.children = children
        self.contact = contact; self.registeredAt = registeredAt; self.sourceID = sourceID; self.notes = notes
    }

    public init(storedValues values: [SQLiteValue]) throws {
        let row = try StoredRow(values, Self.kind)
        self.init(id: try row.requiredText("id"), label: row.text("label"), category: try row.choice("category"), size: row.integer("size") ?? 0, children: row.integer("children"),
                  contact: row.text("contact"), registeredAt: row.text("registered_at"), sourceID: row.text("source_id"), notes: row.text("notes"))
    }

    public var storedValues: [SQLiteValue] {
        Self.kind.row([
            "id": .text(id), "label": label.stored, "category": category.stored, "size": .integer(Int64(size)),
            "children": children.stored, "contact": contact.stored, "registered_at": registeredAt.stored,
            "source_id": sourceID.stored, "notes": notes.stored
        ])
    }
}

public struct EscortRun: Record {
    public enum Escort: String, Sendable, CaseIterable { case taliban, usForces = "us_forces", coalition, `private`, other }
    public enum Status: String, Sendable, CaseIterable { case completed, aborted, unknown }
    public static let kind = RecordKind.escortRuns
    public var id: String
    public var routeID: String
    public var escort: Escort
    public var departedAt: String
    public var arrivedAt: String?
    public var people: Int?
    public var status: Status = .unknown
    public var sourceID: String?
    public var notes: String?

    public init(id: String, routeID: String, escort: Escort, departedAt: String, arrivedAt: String? = nil, people: Int? = nil,
                status: Status = .unknown, sourceID: String? = nil, notes: String? = nil) {
        self.id = id; self.routeID = routeID; self.escort = escort; self.departedAt = departedAt; self.arrivedAt = arrivedAt
        self.people = people; self.status = status; self.sourceID = sourceID; self.notes = notes
    }

    public init(storedValues values: [SQLiteValue]) throws {
        let row = try StoredRow(values, Self.kind)
        self.init(id: try row.requiredText("id"), routeID: try row.requiredText("route_id"), escort: try row.choice("escort"), departedAt: try row.requiredText("departed_at"),
                  arrivedAt: row.text("arrived_at"), people: row.integer("people"), status: try row.choice("status"), sourceID: row.text("source_id"), notes: row.text("notes"))
    }

    public var storedValues: [SQLiteValue] {
        Self.kind.row([
            "id": .text(id), "route_id": .text(routeID), "escort": escort.stored, "departed_at": .text(departedAt),
            "arrived_at": arrivedAt.stored, "people": people.stored, "status": status.stored,
            "source_id": sourceID.stored, "notes": notes.stored
        ])
    }
}

public struct Attempt: Record {
    public enum Result: String, Sendable, CaseIterable { case admitted, turnedAway = "turned_away", aborted, noShow = "no_show", unknown }
    public static let kind = RecordKind.attempts
    public var id: String
    public var caseID: String
    public var routeID: String
    public var attemptedAt: String
    public var result: Result
    public var escortRunID: String?
    /// Nil: the whole party (the case's size).
    public var people: Int?
    public var sourceID: String?
    public var notes: String?

    public init(id: String, caseID: String, routeID: String, attemptedAt: String, result: Result, escortRunID: String? = nil,
                people: Int? = nil, sourceID: String? = nil, notes: String? = nil) {
        self.id = id; self.caseID = caseID; self.routeID = routeID; self.attemptedAt = attemptedAt; self.result = result
        self.escortRunID = escortRunID; self.people = people; self.sourceID = sourceID; self.notes = notes
    }

    public init(storedValues values: [SQLiteValue]) throws {
        let row = try StoredRow(values, Self.kind)
        self.init(id: try row.requiredText("id"), caseID: try row.requiredText("case_id"), routeID: try row.requiredText("route_id"), attemptedAt: try row.requiredText("attempted_at"),
                  result: try row.choice("result"), escortRunID: row.text("escort_run_id"), people: row.integer("people"), sourceID: row.text("source_id"), notes: row.text("notes"))
    }

    public var storedValues: [SQLiteValue] {
        Self.kind.row([
            "id": .text(id), "case_id": .text(caseID), "route_id": .text(routeID), "attempted_at": .text(attemptedAt),
            "result": result.stored, "escort_run_id": escortRunID.stored, "people": people.stored,
            "source_id": sourceID.stored, "notes": notes.stored
        ])
    }
}

public struct Incident: Record {
    public enum Kind: String, Sendable, CaseIterable { case turnedAway = "turned_away", gateClosure = "gate_closure", security, other }
    public enum DeniedBy: String, Sendable, CaseIterable { case taliban, usForces = "us_forces", crowd, unknown }
    public enum Documents: String, Sendable, CaseIterable { case usPassport = "us_passport", greenCard = "green_card", visa, sivLetter = "siv_letter", tazkira, none, unknown }
    public enum Verification: String, Sendable, CaseIterable { case confirmed, unconfirmed, disputed }
    public static let kind = RecordKind.incidents
    public var id: String
    public var incidentKind: Kind
    public var occurredAt: String
    public var musterPointID: String?
    public var gateID: String?
    public var caseID: String?
    public var attemptID: String?
    public var deniedBy: DeniedBy?
    public var reason: String?
    public var documents: Documents?
    public var peopleAffected: Int?
    public var verification: Verification = .unconfirmed
    public var sourceID: String?
    public var notes: String?

    public init(id: String, kind: Kind, occurredAt: String, musterPointID: String? = nil, gateID: String? = nil, caseID: String? = nil,
                attemptID: String? = nil, deniedBy: DeniedBy? = nil, reason: String? = nil, documents: Documents? = nil,
                peopleAffected: Int? = nil, verification: Verification = .unconfirmed, sourceID: String? = nil, notes: String? = nil) {
        self.id = id; self.incidentKind = kind; self.occurredAt = occurredAt; self.musterPointID = musterPointID; self.gateID = gateID
        self.caseID = caseID; self.attemptID = attemptID; self.deniedBy = deniedBy; self.reason = reason; self.documents = documents
        self.peopleAffected = peopleAffected; self.verification = verification; self.sourceID = sourceID; self.notes = notes
    }

    public init(storedValues values: [SQLiteValue]) throws {
        let row = try StoredRow(values, Self.kind)
        self.init(id: try row.requiredText("id"), kind: try row.choice("kind"), occurredAt: try row.requiredText("occurred_at"), musterPointID: row.text("muster_point_id"),
                  gateID: row.text("gate_id"), caseID: row.text("case_id"), attemptID: row.text("attempt_id"), deniedBy: try row.optionalChoice("denied_by"), reason: row.text("reason"),
                  documents: try row.optionalChoice("documents"), peopleAffected: row.integer("people_affected"), verification: try row.choice("verification"),
                  sourceID: row.text("source_id"), notes: row.text("notes"))
    }

    public var storedValues: [SQLiteValue] {
        Self.kind.row([
            "id": .text(id), "kind": incidentKind.stored, "occurred_at": .text(occurredAt),
            "muster_point_id": musterPointID.stored, "gate_id": gateID.stored, "case_id": caseID.stored,
            "attempt_id": attemptID.stored, "denied_by": deniedBy.map(\.stored) ?? .null, "reason": reason.stored,
            "documents": documents.map(\.stored) ?? .null, "people_affected": peopleAffected.stored,
            "verification": verification.stored, "source_id": sourceID.stored, "notes": notes.stored
        ])
    }
}

public struct Outcome: Record {
    public enum Status: String, Sendable, CaseIterable {
        case stillInCountry = "still_in_country", enteredAirport = "entered_airport", departed, atTransitSite = "at_transit_site",
             arrived, withdrawn, deceased, unknown

        /// Whether a case whose current status this is counts as resolved
        /// (docs/reports.md). The SQL reads the same list from the table
        /// `resolved_statuses`; `MigrationStepTests` keeps the two equal.
        public var isResolved: Bool {
            switch self {
            case .enteredAirport, .departed, .atTransitSite, .arrived, .withdrawn, .deceased: true
            case .stillInCountry, .unknown: false
            }
        }
    }
    public static let kind = RecordKind.outcomes
    public var id: String
    public var caseID: String
    public var status: Status
    public var occurredAt: String
    public var location: String?
    public var sourceID: String?
    public var notes: String?

    public init(id: String, caseID: String, status: Status, occurredAt: String, location: String? = nil, sourceID: String? = nil, notes: String? = nil) {
        self.id = id; self.caseID = caseID; self.status = status; self.occurredAt = occurredAt; self.location = location
        self.sourceID = sourceID; self.notes = notes
    }

    public init(storedValues values: [SQLiteValue]) throws {
        let row = try StoredRow(values, Self.kind)
        self.init(id: try row.requiredText("id"), caseID: try row.requiredText("case_id"), status: try row.choice("status"), occurredAt: try row.requiredText("occurred_at"),
                  location: row.text("location"), sourceID: row.text("source_id"), notes: row.text("notes"))
    }

    public var storedValues: [SQLiteValue] {
        Self.kind.row([
            "id": .text(id), "case_id": .text(caseID), "status": status.stored, "occurred_at": .text(occurredAt),
            "location": location.stored, "source_id": sourceID.stored, "notes": notes.stored
        ])
    }
}
