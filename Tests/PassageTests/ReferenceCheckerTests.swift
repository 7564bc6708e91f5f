import Testing
@testable import Passage
import PassageSQLite

/// The checker on its own, against a database holding the small world and
/// the rows of a load given to it one by one, as the loader's reading
/// thread gives them.
@Suite struct ReferenceCheckerTests {
    let folder = TemporaryDirectory()

    /// A checker reading a store that holds the world, through a read-only
    /// connection of its own (as the loader's reading thread does).
    func checker() throws -> (ReferenceChecker, Connection) {
        let store = try makeStore(folder)
        #expect(try load(store, [World.write(into: folder)]).succeeded)
        let connection = try Connection(path: store.path, mode: .readOnly)
        return (ReferenceChecker(connection: connection, kindsInOrder: false), connection)
    }

    /// A row of `kind` with these columns given, every other one not known.
    func row(_ kind: RecordKind, _ fields: [String: String]) -> [SQLiteValue] {
        var values = [SQLiteValue](repeating: .null, count: kind.columns.count)
        for (name, value) in fields {
            let index = kind.columnIndex(name)!
            values[index] = kind.columns[index].type.isNumeric ? .integer(Int64(value)!) : .text(value)
        }
        return values
    }

    func attempt(_ id: String, case caseID: String, route: String = "rt-moi", people: String? = nil, run: String? = nil) -> [SQLiteValue] {
        var fields = ["id": id, "case_id": caseID, "route_id": route, "attempted_at": "2021-08-25T10:00", "result": "admitted"]
        fields["people"] = people
        fields["escort_run_id"] = run
        return row(.attempts, fields)
    }

    func messages(_ verdict: ReferenceChecker.Verdict) -> [String] {
        verdict.problems.map { "\($0.column): \($0.message)" }
    }

    @Test func referencesToTheDatabasePass() throws {
        let (checker, connection) = try checker()
        defer { try? connection.close() }
        let verdict = try checker.check(.attempts, attempt("a-1", case: "c-1", people: "6", run: "run-1"))
        #expect(verdict.problems.isEmpty)
        #expect(!verdict.maybeRepeat)
    }

    @Test func aReferenceFoundNowhereIsNamed() throws {
        let (checker, connection) = try checker()
        defer { try? connection.close() }
        let verdict = try checker.check(.attempts, attempt("a-1", case: "c-404", route: "rt-nowhere"))
        #expect(messages(verdict) == ["case_id: no cases with id 'c-404' in the database or this load",
                                      "route_id: no routes with id 'rt-nowhere' in the database or this load"])
    }

    @Test func aRecordEarlierInTheLoadIsKnownWithItsOwnSize() throws {
        let (checker, connection) = try checker()
        defer { try? connection.close() }
        // A new case, and c-1 (6 in the database) given again with 2.
        for values in [row(.cases, ["id": "c-new", "category": "lpr", "size": "3"]),
                       row(.cases, ["id": "c-1", "category": "lpr", "size": "2"])] {
            #expect(try checker.check(.cases, values).problems.isEmpty)
            checker.remember(.cases, values)
        }
        #expect(try checker.check(.attempts, attempt("a-1", case: "c-new", people: "3")).problems.isEmpty)
        #expect(messages(try checker.check(.attempts, attempt("a-2", case: "c-new", people: "4")))
                == ["people: 4 people, but case 'c-new' has a party of 3"])
        #expect(messages(try checker.check(.attempts, attempt("a-3", case: "c-1", people: "3")))
                == ["people: 3 people, but case 'c-1' has a party of 2"])
    }

    @Test func aRowReferringToARejectedOneIsRejectedToo() throws {
        let (checker, connection) = try checker()
        defer { try? connection.close() }
        #expect(checker.rejectInvalidRow(.cases, id: "c-bad") == nil)
        #expect(messages(try checker.check(.attempts, attempt("a-1", case: "c-bad")))
                == ["case_id: cases 'c-bad' is itself invalid in this load"])
    }

    @Test func aRepeatedIdIsLeftToTheWriterUnlessItsFirstRowWasRejected() throws {
        let (checker, connection) = try checker()
        defer { try? connection.close() }
        #expect(try checker.check(.attempts, attempt("a-1", case: "c-1")).problems.isEmpty)
        // Two different ids may share a hash: only the writer can tell.
        let second = try checker.check(.attempts, attempt("a-1", case: "c-2"))
        #expect(second.maybeRepeat && second.problems.isEmpty)
        #expect(checker.rejectInvalidRow(.attempts, id: "a-bad") == nil)
        #expect(messages(try checker.check(.attempts, attempt("a-bad", case: "c-1")))
                == ["id: attempts id 'a-bad' appears more than once in this load"])
        #expect(checker.rejectInvalidRow(.attempts, id: "a-bad")?.message == "attempts id 'a-bad' appears more than once in this load")
    }

    @Test func anEscortRunMustBeOnTheAttemptsRoute() throws {
        let (checker, connection) = try checker()
        defer { try? connection.close() }
        #expect(messages(try checker.check(.attempts, attempt("a-1", case: "c-1", route: "rt-moi", run: "run-2")))
                == ["escort_run_id: escort run 'run-2' is on route 'rt-fuel', not the attempt's route 'rt-moi'"])
        // A run of this load, on another route than the database's run of that id would be.
        let run = row(.escortRuns, ["id": "run-9", "route_id": "rt-fuel", "escort": "taliban", "departed_at": "2021-08-25T10:00"])
        #expect(try checker.check(.escortRuns, run).problems.isEmpty)
        checker.remember(.escortRuns, run)
        #expect(try checker.check(.attempts, attempt("a-2", case: "c-1", route: "rt-fuel", run: "run-9")).problems.isEmpty)
        #expect(!(try checker.check(.attempts, attempt("a-3", case: "c-1", route: "rt-moi", run: "run-9")).problems.isEmpty))
    }

    @Test func aRowIsTakenUnchangedOnlyWhenNothingItRefersToWasRead() throws {
        let (checker, connection) = try checker()
        defer { try? connection.close() }
        checker.beginFile(of: .cases, listsReadRows: true)
        checker.noteRead(.cases, id: "c-1")
        checker.beginFile(of: .attempts, listsReadRows: true)
        let remembered = ReferenceChecker.rememberedColumns[RecordKind.attempts.ordinal]
        func known(_ values: [SQLiteValue]) -> [SQLiteValue] {
            values.indices.map { remembered.contains($0) ? values[$0] : .null }
        }
        // c-1 was read as usual (changed, new or rejected): its attempts are read too.
        #expect(!checker.takeUnchanged(.attempts, known(attempt("a-1", case: "c-1"))))
        #expect(checker.takeUnchanged(.attempts, known(attempt("a-2", case: "c-2"))))
        // An id met before is never taken unchanged: it may be a repeat.
        #expect(!checker.takeUnchanged(.attempts, known(attempt("a-2", case: "c-2"))))
    }

    @Test func rowsReferringToAKindReadWithoutAListAreAlwaysRead() throws {
        let (checker, connection) = try checker()
        defer { try? connection.close() }
        // Cases came while their last digests were not in use: which were
        // read is not known, so no attempt is taken unchanged.
        checker.beginFile(of: .cases, listsReadRows: false)
        checker.beginFile(of: .attempts, listsReadRows: true)
        #expect(!checker.takeUnchanged(.attempts, attempt("a-1", case: "c-2")))
    }
}
