import Testing
@testable import Passage

/// The typed records follow the kind descriptions: their enums have exactly
/// the described choices, and every kind saves and reads back whole.
@Suite struct TypedRecordTests {
    let folder = TemporaryDirectory()

    static func raw<E: CaseIterable & RawRepresentable<String>>(_ type: E.Type) -> [String] {
        E.allCases.map(\.rawValue)
    }

    @Test func everyEnumHasTheDescribedChoices() {
        let pairs: [(RecordKind, String, [String])] = [
            (.sources, "kind", Self.raw(Source.Kind.self)), (.sources, "reliability", Self.raw(Source.Reliability.self)),
            (.cases, "category", Self.raw(Case.Category.self)),
            (.escortRuns, "escort", Self.raw(EscortRun.Escort.self)), (.escortRuns, "status", Self.raw(EscortRun.Status.self)),
            (.attempts, "result", Self.raw(Attempt.Result.self)),
            (.incidents, "kind", Self.raw(Incident.Kind.self)), (.incidents, "denied_by", Self.raw(Incident.DeniedBy.self)),
            (.incidents, "documents", Self.raw(Incident.Documents.self)), (.incidents, "verification", Self.raw(Incident.Verification.self)),
            (.outcomes, "status", Self.raw(Outcome.Status.self)),
            (.members, "sex", Self.raw(Member.Sex.self)), (.members, "relationship", Self.raw(Member.Relationship.self)),
            (.members, "document_kind", Self.raw(Member.DocumentKind.self)),
            (.caseLinks, "status", Self.raw(CaseLink.Status.self)),
        ]
        for (kind, column, cases) in pairs {
            #expect(cases == kind.choices(of: column), "\(kind.table).\(column)")
        }
        // Every choice column of every kind has its enum above.
        let covered = Set(pairs.map { "\($0.0.table).\($0.1)" })
        for kind in RecordKind.allCases {
            for column in kind.columns {
                if case .choice = column.type { #expect(covered.contains("\(kind.table).\(column.name)"), "\(kind.table).\(column.name) has no enum") }
            }
        }
    }

    @Test func everyKindSavesAndReadsBackWhole() throws {
        let store = try makeStore(folder)
        let records: [any Record] = [
            Source(id: "s-1", kind: .network, name: "Desk", reliability: .high, notes: "n"),
            MusterPoint(Place(id: "mp-1", name: "Ministry", latitude: 34.55, longitude: 69.2, controlledBy: "taliban", notes: "n")),
            Gate(Place(id: "g-1", name: "Abbey Gate", latitude: 34.56, longitude: 69.21, controlledBy: "us_forces")),
            Route(id: "r-1", musterPointID: "mp-1", gateID: "g-1", name: "Ministry to Abbey", notes: "n"),
            Case(id: "c-1", label: "Family", category: .lpr, size: 6, children: 4, contact: "desk",
                 registeredAt: "2021-08-20T09:00:00+04:30", sourceID: "s-1", notes: "n"),
            EscortRun(id: "run-1", routeID: "r-1", escort: .taliban, departedAt: "2021-08-24T22:00:00+04:30",
                      arrivedAt: "2021-08-24T23:00:00+04:30", people: 40, status: .completed, sourceID: "s-1", notes: "n"),
            Attempt(id: "a-1", caseID: "c-1", routeID: "r-1", attemptedAt: "2021-08-24T22:50:00+04:30", result: .turnedAway,
                    escortRunID: "run-1", people: 6, sourceID: "s-1", notes: "n"),
            Incident(id: "i-1", kind: .turnedAway, occurredAt: "2021-08-24T23:10:00+04:30", musterPointID: "mp-1", gateID: "g-1",
                     caseID: "c-1", attemptID: "a-1", deniedBy: .taliban, reason: "papers", documents: .greenCard,
                     peopleAffected: 6, verification: .confirmed, sourceID: "s-1", notes: "n"),
            Outcome(id: "o-1", caseID: "c-1", status: .arrived, occurredAt: "2021-09-03", location: "Dulles", sourceID: "s-1", notes: "n"),
        ]
        #expect(try store.save(records).inserted == 9)
        #expect(try store.fetch(Source.self, id: "s-1") == records[0] as? Source)
        #expect(try store.fetch(MusterPoint.self, id: "mp-1") == records[1] as? MusterPoint)
        #expect(try store.fetch(Gate.self, id: "g-1") == records[2] as? Gate)
        #expect(try store.fetch(Route.self, id: "r-1") == records[3] as? Route)
        #expect(try store.fetch(Case.self, id: "c-1") == records[4] as? Case)
        #expect(try store.fetch(EscortRun.self, id: "run-1") == records[5] as? EscortRun)
        #expect(try store.fetch(Attempt.self, id: "a-1") == records[6] as? Attempt)
        #expect(try store.fetch(Incident.self, id: "i-1") == records[7] as? Incident)
        #expect(try store.fetch(Outcome.self, id: "o-1") == records[8] as? Outcome)
    }
}

/// `Store.save` on a sealed database seals the personal values it writes,
/// as a load does: none reaches the file in clear.
@Suite struct SealedSaveTests {
    @Test func savedPersonalValuesAreSealed() throws {
        let folder = TemporaryDirectory()
        let store = try makeStore(folder)
        try store.seal(passphrase: "test passphrase", recipients: [])
        store.keySource = { .passphrase("test passphrase") }
        try store.save([Case(id: "c-9", label: "Family Nine", category: .lpr, size: 2, contact: "cousin in Doha", notes: "hidden")])
        let stored = try #require(try store.connection.scalarText("SELECT label || '|' || contact || '|' || notes FROM cases WHERE id = 'c-9'"))
        #expect(!stored.contains("Family Nine") && !stored.contains("Doha") && !stored.contains("hidden"))
        #expect(stored.split(separator: "|").allSatisfy { $0.hasPrefix(ValueSealer.prefix) })
        #expect(try store.sealer().open(String(stored.split(separator: "|")[0]), table: "cases", column: "label", id: "c-9") == "Family Nine")
    }
}
