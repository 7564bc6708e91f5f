-- Migration 9: the resolved statuses written down once for the SQL, and
-- the view nothing reads any more.
--
-- A case is resolved when its current status is one of these
-- (docs/reports.md). Schema/refresh/derived.sql reads this table; Swift's
-- copy is Outcome.Status.isResolved, and MigrationStepTests keeps the two
-- equal.
CREATE TABLE resolved_statuses (
    status TEXT PRIMARY KEY NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO resolved_statuses (status)
VALUES ('entered_airport'), ('departed'), ('at_transit_site'), ('arrived'), ('withdrawn'), ('deceased');

-- case_status (migrations 2 and 3) was the reports' current status before
-- the derived tables of migration 4; nothing has read it since.
DROP VIEW case_status;
