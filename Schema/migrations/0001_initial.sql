-- Migration 1: the nine record kinds, loads, audit, settings.
--
-- Times are stored as text in one canonical form, in the database's event
-- zone: 'YYYY-MM-DDTHH:MM:SS+HH:MM' for an instant, 'YYYY-MM-DD' for a
-- date-only value. Every value has the same offset, so text order is time
-- order, the first ten characters are the local date, and SQLite's
-- unixepoch() reads the instant directly.
--
-- Enum checks are written as OR chains, not IN lists: SQLite evaluates a
-- constant IN list of more than two values by building a temporary b-tree
-- each time the statement runs, which is once per loaded row.
--
-- Every record row names the load that last wrote it (load_id) and its
-- position in that load (load_row): together they are "the order loaded".
-- revision counts the writes (1 = inserted, then +1 per update).

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The event zone: local times without an offset are in it, and reports
-- print times in it. Set by `passage init --zone`.
INSERT INTO settings (key, value) VALUES ('event_zone', '+04:30');

CREATE TABLE loads (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,           -- UTC, ISO 8601
    finished_at TEXT,
    inserted    INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE load_files (
    load_id  INTEGER NOT NULL REFERENCES loads (id),
    position INTEGER NOT NULL,           -- order in which the file was read
    path     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    bytes    INTEGER NOT NULL,
    rows     INTEGER NOT NULL,
    PRIMARY KEY (load_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE load_counts (
    load_id   INTEGER NOT NULL REFERENCES loads (id),
    kind      TEXT NOT NULL,
    inserted  INTEGER NOT NULL,
    updated   INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    rejected  INTEGER NOT NULL,
    PRIMARY KEY (load_id, kind)
) STRICT, WITHOUT ROWID;

-- Every update and delete of a record keeps the previous values here.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action = 'update' OR action = 'delete'),
    previous   TEXT NOT NULL CHECK (json_valid(previous)),
    load_id    INTEGER REFERENCES loads (id),   -- the load that changed it; NULL outside a load
    changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX audit_by_record ON audit (kind, record_id);

CREATE TABLE sources (
    id          TEXT PRIMARY KEY NOT NULL
                CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^A-Za-z0-9._:-]*'),
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

CREATE TABLE muster_points (
    id            TEXT PRIMARY KEY NOT NULL
                  CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^A-Za-z0-9._:-]*'),
    name          TEXT NOT NULL,
    latitude      REAL CHECK (latitude BETWEEN -90 AND 90),
    longitude     REAL CHECK (longitude BETWEEN -180 AND 180),
    controlled_by TEXT,
    notes         TEXT,
    load_id       INTEGER NOT NULL REFERENCES loads (id),
    load_row      INTEGER NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 1
) STRICT, WITHOUT ROWID;

CREATE TABLE gates (
    id            TEXT PRIMARY KEY NOT NULL
                  CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^A-Za-z0-9._:-]*'),
    name          TEXT NOT NULL,
    latitude      REAL CHECK (latitude BETWEEN -90 AND 90),
    longitude     REAL CHECK (longitude BETWEEN -180 AND 180),
    controlled_by TEXT,
    notes         TEXT,
    load_id       INTEGER NOT NULL REFERENCES loads (id),
    load_row      INTEGER NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 1
) STRICT, WITHOUT ROWID;

CREATE TABLE routes (
    id              TEXT PRIMARY KEY NOT NULL
                    CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^A-Za-z0-9._:-]*'),
    muster_point_id TEXT REFERENCES muster_points (id),   -- NULL: straight to the gate
    gate_id         TEXT NOT NULL REFERENCES gates (id),
    name            TEXT,
    notes           TEXT,
    load_id         INTEGER NOT NULL REFERENCES loads (id),
    load_row        INTEGER NOT NULL,
    revision        INTEGER NOT NULL DEFAULT 1
) STRICT, WITHOUT ROWID;
CREATE INDEX routes_by_muster_point ON routes (muster_point_id);
CREATE INDEX routes_by_gate ON routes (gate_id);

CREATE TABLE cases (
    id            TEXT PRIMARY KEY NOT NULL
                  CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^A-Za-z0-9._:-]*'),
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

CREATE TABLE escort_runs (
    id          TEXT PRIMARY KEY NOT NULL
                CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^A-Za-z0-9._:-]*'),
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
CREATE INDEX escort_runs_by_route ON escort_runs (route_id, departed_at);

CREATE TABLE attempts (
    id            TEXT PRIMARY KEY NOT NULL
                  CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^A-Za-z0-9._:-]*'),
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
CREATE INDEX attempts_by_case ON attempts (case_id, attempted_at);
CREATE INDEX attempts_by_route ON attempts (route_id, result);
CREATE INDEX attempts_by_escort_run ON attempts (escort_run_id);

CREATE TABLE incidents (
    id              TEXT PRIMARY KEY NOT NULL
                    CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^A-Za-z0-9._:-]*'),
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
CREATE INDEX incidents_by_kind ON incidents (kind, muster_point_id, gate_id);
CREATE INDEX incidents_by_case ON incidents (case_id);
CREATE INDEX incidents_by_attempt ON incidents (attempt_id);

CREATE TABLE outcomes (
    id          TEXT PRIMARY KEY NOT NULL
                CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^A-Za-z0-9._:-]*'),
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
CREATE INDEX outcomes_by_case ON outcomes (case_id, occurred_at, load_id, load_row);

-- Audit: the previous values of every updated or deleted record, as JSON,
-- with the load that changed it (the new row's load_id; NULL for a delete).

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
