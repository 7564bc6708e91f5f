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
        self.init(id: try row.requiredText(0), kind: try row.choice(1), name: row.text(2), reliability: try row.choice(3), notes: row.text(4))
    }

    public var storedValues: [SQLiteValue] { [.text(id), sourceKind.stored, name.stored, reliability.stored, notes.stored] }
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
        self.init(id: try row.requiredText(0), name: try row.requiredText(1), latitude: row.real(2), longitude: row.real(3), controlledBy: row.text(4), notes: row.text(5))
    }

    var storedValues: [SQLiteValue] { [.text(id), .text(name), latitude.stored, longitude.stored, controlledBy.stored, notes.stored] }
}

public struct MusterPoint: Record {
    public static let kind = RecordKind.musterPoints
    public var place: Place
    public var id: String { place.id }
    public init(_ place: Place) { self.place = place }
    public init(storedValues values: [SQLiteValue]) throws { place = try Place(values, Self.kind) }
    public var storedValues: [SQLiteValue] { place.storedValues }
}

public struct Gate: Record {
    public static let kind = RecordKind.gates
    public var place: Place
    public var id: String { place.id }
    public init(_ place: Place) { self.place = place }
    public init(storedValues values: [SQLiteValue]) throws { place = try Place(values, Self.kind) }
    public var storedValues: [SQLiteValue] { place.storedValues }
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
        self.init(id: try row.requiredText(0), musterPointID: row.text(1), gateID: try row.requiredText(2), name: row.text(3), notes: row.text(4))
    }

    public var storedValues: [SQLiteValue] { [.text(id), musterPointID.stored, .text(gateID), name.stored, notes.stored] }
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
        self.init(id: try row.requiredText(0), label: row.text(1), category: try row.choice(2), size: row.integer(3) ?? 0, children: row.integer(4),
                  contact: row.text(5), registeredAt: row.text(6), sourceID: row.text(7), notes: row.text(8))
    }

    public var storedValues: [SQLiteValue] {
        [.text(id), label.stored, category.stored, .integer(Int64(size)), children.stored, contact.stored, registeredAt.stored, sourceID.stored, notes.stored]
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
        self.init(id: try row.requiredText(0), routeID: try row.requiredText(1), escort: try row.choice(2), departedAt: try row.requiredText(3),
                  arrivedAt: row.text(4), people: row.integer(5), status: try row.choice(6), sourceID: row.text(7), notes: row.text(8))
    }

    public var storedValues: [SQLiteValue] {
        [.text(id), .text(routeID), escort.stored, .text(departedAt), arrivedAt.stored, people.stored, status.stored, sourceID.stored, notes.stored]
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
        self.init(id: try row.requiredText(0), caseID: try row.requiredText(1), routeID: try row.requiredText(2), attemptedAt: try row.requiredText(3),
                  result: try row.choice(4), escortRunID: row.text(5), people: row.integer(6), sourceID: row.text(7), notes: row.text(8))
    }

    public var storedValues: [SQLiteValue] {
        [.text(id), .text(caseID), .text(routeID), .text(attemptedAt), result.stored, escortRunID.stored, people.stored, sourceID.stored, notes.stored]
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
        self.init(id: try row.requiredText(0), kind: try row.choice(1), occurredAt: try row.requiredText(2), musterPointID: row.text(3),
                  gateID: row.text(4), caseID: row.text(5), attemptID: row.text(6), deniedBy: try row.optionalChoice(7), reason: row.text(8),
                  documents: try row.optionalChoice(9), peopleAffected: row.integer(10), verification: try row.choice(11),
                  sourceID: row.text(12), notes: row.text(13))
    }

    public var storedValues: [SQLiteValue] {
        [.text(id), incidentKind.stored, .text(occurredAt), musterPointID.stored, gateID.stored, caseID.stored, attemptID.stored,
         deniedBy.map(\.stored) ?? .null, reason.stored, documents.map(\.stored) ?? .null, peopleAffected.stored, verification.stored,
         sourceID.stored, notes.stored]
    }
}

public struct Outcome: Record {
    public enum Status: String, Sendable, CaseIterable {
        case stillInCountry = "still_in_country", enteredAirport = "entered_airport", departed, atTransitSite = "at_transit_site",
             arrived, withdrawn, deceased, unknown

        /// Whether a case whose current status this is counts as resolved
        /// (docs/reports.md). The SQL reads the same list from the table
        /// `resolved_statuses`; `ResolvedStatusTests` keeps the two equal.
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
        self.init(id: try row.requiredText(0), caseID: try row.requiredText(1), status: try row.choice(2), occurredAt: try row.requiredText(3),
                  location: row.text(4), sourceID: row.text(5), notes: row.text(6))
    }

    public var storedValues: [SQLiteValue] {
        [.text(id), .text(caseID), status.stored, .text(occurredAt), location.stored, sourceID.stored, notes.stored]
    }
}
