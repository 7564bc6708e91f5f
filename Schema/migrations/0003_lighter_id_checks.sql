-- Migration 3: lighter id checks on the record tables.
--
-- Migration 1 checked every id with `id NOT GLOB '*[^A-Za-z0-9._:-]*'`.
-- The loader validates ids (and everything else) before it writes, so the
-- GLOB only repeated that work, and it was the single most expensive check
-- of a load: about a sixth of SQLite's time per row. The tables keep
-- `length(id) BETWEEN 1 AND 64`, every enum, range and type check.
--
-- SQLite cannot drop a CHECK in place: each table is rebuilt (new table,
-- copy, drop, rename), then its indexes and audit triggers are made again.
-- The view of migration 2 refers to the tables, so it is dropped first and
-- made again, unchanged, at the end. Foreign keys are off while migrations
-- run (see Migrator), and checked before the migration commits.

DROP VIEW case_status;

-- sources
CREATE TABLE sources__new (
    id          TEXT PRIMARY KEY NOT NULL
                CHECK (length(id) BETWEEN 1 AND 64),
    kind        TEXT NOT NULL
                CHECK (kind = 'us_official' OR kind = 'network' OR kind = 'family' OR kind = 'evacuee' OR kind = 'media' OR kind = 'other'),
    name        TEXT,
    reliability TEXT NOT NULL DEFAULT 'unknown'
                CHECK (reliability = 'high' OR reliability = 'medium' OR reliability = 'low' OR reliability = 'unknown'),
    notes       TEXT,
    load_id     INTEGER NOT NULL REFERENCES loads (id),
    load_row    INTEGER NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1
) STRICT, WITHOUT ROWID;
INSERT INTO sources__new SELECT * FROM sources;
DROP TABLE sources;
ALTER TABLE sources__new RENAME TO sources;

CREATE TRIGGER sources_audit_delete AFTER DELETE ON sources
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('sources', old.id, 'delete', json_object(
            'id', old.id,
            'kind', old.kind,
            'name', old.name,
            'reliability', old.reliability,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), NULL);
END;

CREATE TRIGGER sources_audit_update AFTER UPDATE ON sources
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('sources', old.id, 'update', json_object(
            'id', old.id,
            'kind', old.kind,
            'name', old.name,
            'reliability', old.reliability,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), new.load_id);
END;

-- muster_points
CREATE TABLE muster_points__new (
    id            TEXT PRIMARY KEY NOT NULL
                  CHECK (length(id) BETWEEN 1 AND 64),
    name          TEXT NOT NULL,
    latitude      REAL CHECK (latitude BETWEEN -90 AND 90),
    longitude     REAL CHECK (longitude BETWEEN -180 AND 180),
    controlled_by TEXT,
    notes         TEXT,
    load_id       INTEGER NOT NULL REFERENCES loads (id),
    load_row      INTEGER NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 1
) STRICT, WITHOUT ROWID;
INSERT INTO muster_points__new SELECT * FROM muster_points;
DROP TABLE muster_points;
ALTER TABLE muster_points__new RENAME TO muster_points;

CREATE TRIGGER muster_points_audit_delete AFTER DELETE ON muster_points
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('muster_points', old.id, 'delete', json_object(
            'id', old.id,
            'name', old.name,
            'latitude', old.latitude,
            'longitude', old.longitude,
            'controlled_by', old.controlled_by,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), NULL);
END;

CREATE TRIGGER muster_points_audit_update AFTER UPDATE ON muster_points
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('muster_points', old.id, 'update', json_object(
            'id', old.id,
            'name', old.name,
            'latitude', old.latitude,
            'longitude', old.longitude,
            'controlled_by', old.controlled_by,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), new.load_id);
END;

-- gates
CREATE TABLE gates__new (
    id            TEXT PRIMARY KEY NOT NULL
                  CHECK (length(id) BETWEEN 1 AND 64),
    name          TEXT NOT NULL,
    latitude      REAL CHECK (latitude BETWEEN -90 AND 90),
    longitude     REAL CHECK (longitude BETWEEN -180 AND 180),
    controlled_by TEXT,
    notes         TEXT,
    load_id       INTEGER NOT NULL REFERENCES loads (id),
    load_row      INTEGER NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 1
) STRICT, WITHOUT ROWID;
INSERT INTO gates__new SELECT * FROM gates;
DROP TABLE gates;
ALTER TABLE gates__new RENAME TO gates;

CREATE TRIGGER gates_audit_delete AFTER DELETE ON gates
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('gates', old.id, 'delete', json_object(
            'id', old.id,
            'name', old.name,
            'latitude', old.latitude,
            'longitude', old.longitude,
            'controlled_by', old.controlled_by,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), NULL);
END;

CREATE TRIGGER gates_audit_update AFTER UPDATE ON gates
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('gates', old.id, 'update', json_object(
            'id', old.id,
            'name', old.name,
            'latitude', old.latitude,
            'longitude', old.longitude,
            'controlled_by', old.controlled_by,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), new.load_id);
END;

-- routes
CREATE TABLE routes__new (
    id              TEXT PRIMARY KEY NOT NULL
                    CHECK (length(id) BETWEEN 1 AND 64),
    muster_point_id TEXT REFERENCES muster_points (id),   -- NULL: straight to the gate
    gate_id         TEXT NOT NULL REFERENCES gates (id),
    name            TEXT,
    notes           TEXT,
    load_id         INTEGER NOT NULL REFERENCES loads (id),
    load_row        INTEGER NOT NULL,
    revision        INTEGER NOT NULL DEFAULT 1
) STRICT, WITHOUT ROWID;
INSERT INTO routes__new SELECT * FROM routes;
DROP TABLE routes;
ALTER TABLE routes__new RENAME TO routes;
CREATE INDEX routes_by_gate ON routes (gate_id);
CREATE INDEX routes_by_muster_point ON routes (muster_point_id);

CREATE TRIGGER routes_audit_delete AFTER DELETE ON routes
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('routes', old.id, 'delete', json_object(
            'id', old.id,
            'muster_point_id', old.muster_point_id,
            'gate_id', old.gate_id,
            'name', old.name,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), NULL);
END;

CREATE TRIGGER routes_audit_update AFTER UPDATE ON routes
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('routes', old.id, 'update', json_object(
            'id', old.id,
            'muster_point_id', old.muster_point_id,
            'gate_id', old.gate_id,
            'name', old.name,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), new.load_id);
END;

-- cases
CREATE TABLE cases__new (
    id            TEXT PRIMARY KEY NOT NULL
                  CHECK (length(id) BETWEEN 1 AND 64),
    label         TEXT,                                   -- personal data
    category      TEXT NOT NULL
                  CHECK (category = 'us_citizen' OR category = 'lpr' OR category = 'siv' OR category = 'p1p2' OR category = 'afghan_at_risk' OR category = 'third_country' OR category = 'other'),
    size          INTEGER NOT NULL CHECK (size >= 1),
    children      INTEGER CHECK (children BETWEEN 0 AND size),
    contact       TEXT,
    registered_at TEXT CHECK (length(registered_at) IN (10, 25)),
    source_id     TEXT REFERENCES sources (id),
    notes         TEXT,                                   -- personal data
    load_id       INTEGER NOT NULL REFERENCES loads (id),
    load_row      INTEGER NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 1
) STRICT, WITHOUT ROWID;
INSERT INTO cases__new SELECT * FROM cases;
DROP TABLE cases;
ALTER TABLE cases__new RENAME TO cases;

CREATE TRIGGER cases_audit_delete AFTER DELETE ON cases
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('cases', old.id, 'delete', json_object(
            'id', old.id,
            'label', old.label,
            'category', old.category,
            'size', old.size,
            'children', old.children,
            'contact', old.contact,
            'registered_at', old.registered_at,
            'source_id', old.source_id,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), NULL);
END;

CREATE TRIGGER cases_audit_update AFTER UPDATE ON cases
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('cases', old.id, 'update', json_object(
            'id', old.id,
            'label', old.label,
            'category', old.category,
            'size', old.size,
            'children', old.children,
            'contact', old.contact,
            'registered_at', old.registered_at,
            'source_id', old.source_id,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), new.load_id);
END;

-- escort_runs
CREATE TABLE escort_runs__new (
    id          TEXT PRIMARY KEY NOT NULL
                CHECK (length(id) BETWEEN 1 AND 64),
    route_id    TEXT NOT NULL REFERENCES routes (id),
    escort      TEXT NOT NULL CHECK (escort = 'taliban' OR escort = 'us_forces' OR escort = 'coalition' OR escort = 'private' OR escort = 'other'),
    departed_at TEXT NOT NULL CHECK (length(departed_at) IN (10, 25)),
    arrived_at  TEXT CHECK (length(arrived_at) IN (10, 25)),
    people      INTEGER CHECK (people >= 0),
    status      TEXT NOT NULL DEFAULT 'unknown' CHECK (status = 'completed' OR status = 'aborted' OR status = 'unknown'),
    source_id   TEXT REFERENCES sources (id),
    notes       TEXT,
    load_id     INTEGER NOT NULL REFERENCES loads (id),
    load_row    INTEGER NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1
) STRICT, WITHOUT ROWID;
INSERT INTO escort_runs__new SELECT * FROM escort_runs;
DROP TABLE escort_runs;
ALTER TABLE escort_runs__new RENAME TO escort_runs;
CREATE INDEX escort_runs_by_route ON escort_runs (route_id, departed_at);

CREATE TRIGGER escort_runs_audit_delete AFTER DELETE ON escort_runs
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('escort_runs', old.id, 'delete', json_object(
            'id', old.id,
            'route_id', old.route_id,
            'escort', old.escort,
            'departed_at', old.departed_at,
            'arrived_at', old.arrived_at,
            'people', old.people,
            'status', old.status,
            'source_id', old.source_id,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), NULL);
END;

CREATE TRIGGER escort_runs_audit_update AFTER UPDATE ON escort_runs
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('escort_runs', old.id, 'update', json_object(
            'id', old.id,
            'route_id', old.route_id,
            'escort', old.escort,
            'departed_at', old.departed_at,
            'arrived_at', old.arrived_at,
            'people', old.people,
            'status', old.status,
            'source_id', old.source_id,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), new.load_id);
END;

-- attempts
CREATE TABLE attempts__new (
    id            TEXT PRIMARY KEY NOT NULL
                  CHECK (length(id) BETWEEN 1 AND 64),
    case_id       TEXT NOT NULL REFERENCES cases (id),
    route_id      TEXT NOT NULL REFERENCES routes (id),
    attempted_at  TEXT NOT NULL CHECK (length(attempted_at) IN (10, 25)),
    result        TEXT NOT NULL
                  CHECK (result = 'admitted' OR result = 'turned_away' OR result = 'aborted' OR result = 'no_show' OR result = 'unknown'),
    escort_run_id TEXT REFERENCES escort_runs (id),
    people        INTEGER CHECK (people >= 1),            -- NULL: the case's size
    source_id     TEXT REFERENCES sources (id),
    notes         TEXT,
    load_id       INTEGER NOT NULL REFERENCES loads (id),
    load_row      INTEGER NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 1
) STRICT, WITHOUT ROWID;
INSERT INTO attempts__new SELECT * FROM attempts;
DROP TABLE attempts;
ALTER TABLE attempts__new RENAME TO attempts;
CREATE INDEX attempts_by_case ON attempts (case_id, attempted_at);
CREATE INDEX attempts_by_escort_run ON attempts (escort_run_id);
CREATE INDEX attempts_by_route ON attempts (route_id, result);

CREATE TRIGGER attempts_audit_delete AFTER DELETE ON attempts
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('attempts', old.id, 'delete', json_object(
            'id', old.id,
            'case_id', old.case_id,
            'route_id', old.route_id,
            'attempted_at', old.attempted_at,
            'result', old.result,
            'escort_run_id', old.escort_run_id,
            'people', old.people,
            'source_id', old.source_id,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), NULL);
END;

CREATE TRIGGER attempts_audit_update AFTER UPDATE ON attempts
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('attempts', old.id, 'update', json_object(
            'id', old.id,
            'case_id', old.case_id,
            'route_id', old.route_id,
            'attempted_at', old.attempted_at,
            'result', old.result,
            'escort_run_id', old.escort_run_id,
            'people', old.people,
            'source_id', old.source_id,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), new.load_id);
END;

-- incidents
CREATE TABLE incidents__new (
    id              TEXT PRIMARY KEY NOT NULL
                    CHECK (length(id) BETWEEN 1 AND 64),
    kind            TEXT NOT NULL CHECK (kind = 'turned_away' OR kind = 'gate_closure' OR kind = 'security' OR kind = 'other'),
    occurred_at     TEXT NOT NULL CHECK (length(occurred_at) IN (10, 25)),
    muster_point_id TEXT REFERENCES muster_points (id),
    gate_id         TEXT REFERENCES gates (id),
    case_id         TEXT REFERENCES cases (id),
    attempt_id      TEXT REFERENCES attempts (id),
    denied_by       TEXT CHECK (denied_by = 'taliban' OR denied_by = 'us_forces' OR denied_by = 'crowd' OR denied_by = 'unknown'),
    reason          TEXT,
    documents       TEXT
                    CHECK (documents = 'us_passport' OR documents = 'green_card' OR documents = 'visa' OR documents = 'siv_letter' OR documents = 'tazkira' OR documents = 'none' OR documents = 'unknown'),
    people_affected INTEGER CHECK (people_affected >= 0),
    verification    TEXT NOT NULL DEFAULT 'unconfirmed'
                    CHECK (verification = 'confirmed' OR verification = 'unconfirmed' OR verification = 'disputed'),
    source_id       TEXT REFERENCES sources (id),
    notes           TEXT,
    load_id         INTEGER NOT NULL REFERENCES loads (id),
    load_row        INTEGER NOT NULL,
    revision        INTEGER NOT NULL DEFAULT 1,
    CHECK (muster_point_id IS NOT NULL OR gate_id IS NOT NULL)
) STRICT, WITHOUT ROWID;
INSERT INTO incidents__new SELECT * FROM incidents;
DROP TABLE incidents;
ALTER TABLE incidents__new RENAME TO incidents;
CREATE INDEX incidents_by_attempt ON incidents (attempt_id);
CREATE INDEX incidents_by_case ON incidents (case_id);
CREATE INDEX incidents_by_kind ON incidents (kind, muster_point_id, gate_id);

CREATE TRIGGER incidents_audit_delete AFTER DELETE ON incidents
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('incidents', old.id, 'delete', json_object(
            'id', old.id,
            'kind', old.kind,
            'occurred_at', old.occurred_at,
            'muster_point_id', old.muster_point_id,
            'gate_id', old.gate_id,
            'case_id', old.case_id,
            'attempt_id', old.attempt_id,
            'denied_by', old.denied_by,
            'reason', old.reason,
            'documents', old.documents,
            'people_affected', old.people_affected,
            'verification', old.verification,
            'source_id', old.source_id,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), NULL);
END;

CREATE TRIGGER incidents_audit_update AFTER UPDATE ON incidents
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('incidents', old.id, 'update', json_object(
            'id', old.id,
            'kind', old.kind,
            'occurred_at', old.occurred_at,
            'muster_point_id', old.muster_point_id,
            'gate_id', old.gate_id,
            'case_id', old.case_id,
            'attempt_id', old.attempt_id,
            'denied_by', old.denied_by,
            'reason', old.reason,
            'documents', old.documents,
            'people_affected', old.people_affected,
            'verification', old.verification,
            'source_id', old.source_id,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), new.load_id);
END;

-- outcomes
CREATE TABLE outcomes__new (
    id          TEXT PRIMARY KEY NOT NULL
                CHECK (length(id) BETWEEN 1 AND 64),
    case_id     TEXT NOT NULL REFERENCES cases (id),
    status      TEXT NOT NULL
                CHECK (status = 'still_in_country' OR status = 'entered_airport' OR status = 'departed' OR status = 'at_transit_site' OR status = 'arrived' OR status = 'withdrawn' OR status = 'deceased' OR status = 'unknown'),
    occurred_at TEXT NOT NULL CHECK (length(occurred_at) IN (10, 25)),
    location    TEXT,
    source_id   TEXT REFERENCES sources (id),
    notes       TEXT,
    load_id     INTEGER NOT NULL REFERENCES loads (id),
    load_row    INTEGER NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1
) STRICT, WITHOUT ROWID;
INSERT INTO outcomes__new SELECT * FROM outcomes;
DROP TABLE outcomes;
ALTER TABLE outcomes__new RENAME TO outcomes;
CREATE INDEX outcomes_by_case ON outcomes (case_id, occurred_at, load_id, load_row);

CREATE TRIGGER outcomes_audit_delete AFTER DELETE ON outcomes
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('outcomes', old.id, 'delete', json_object(
            'id', old.id,
            'case_id', old.case_id,
            'status', old.status,
            'occurred_at', old.occurred_at,
            'location', old.location,
            'source_id', old.source_id,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), NULL);
END;

CREATE TRIGGER outcomes_audit_update AFTER UPDATE ON outcomes
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('outcomes', old.id, 'update', json_object(
            'id', old.id,
            'case_id', old.case_id,
            'status', old.status,
            'occurred_at', old.occurred_at,
            'location', old.location,
            'source_id', old.source_id,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), new.load_id);
END;

CREATE VIEW case_status AS
SELECT c.id AS case_id,
       c.category,
       c.size,
       c.registered_at,
       coalesce(d.status, o.status, 'none') AS current_status,
       coalesce(d.id, o.id) AS outcome_id,
       coalesce(d.occurred_at, o.occurred_at) AS status_at,
       CASE WHEN d.id IS NULL THEN o.location ELSE d.location END AS location,
       coalesce(coalesce(d.status, o.status) IN ('entered_airport', 'departed', 'at_transit_site',
                                                 'arrived', 'withdrawn', 'deceased'), 0) AS resolved
FROM cases AS c
LEFT JOIN outcomes AS o ON o.id = (
    SELECT x.id
    FROM outcomes AS x
    WHERE x.case_id = c.id
    ORDER BY x.occurred_at DESC, x.load_id DESC, x.load_row DESC
    LIMIT 1)
LEFT JOIN outcomes AS d ON d.id = (
    SELECT y.id
    FROM outcomes AS y
    WHERE substr(o.occurred_at, 11, 9) = 'T00:00:00'
      AND y.case_id = c.id
      AND y.occurred_at = substr(o.occurred_at, 1, 10)
      AND (y.load_id, y.load_row) > (o.load_id, o.load_row)
    ORDER BY y.load_id DESC, y.load_row DESC
    LIMIT 1);
