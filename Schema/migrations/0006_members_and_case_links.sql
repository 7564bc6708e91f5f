-- Migration 6: the people of a case (members) and the decisions on
-- possible duplicate cases (case_links).
--
-- members: name, birth_date, document_number, phone and notes are personal
-- data. birth_date is 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (as precise as the
-- list was). The rules that span rows (at most `size` members per case, at
-- most one principal) are checked by the loader after it writes, over the
-- whole case as the load leaves it.
--
-- case_links: one row per pair of cases a coordinator decided on with
-- `passage duplicates confirm|dismiss` (or loaded from a case_links file):
-- case_a sorts before case_b, and a pair has one decision.
--
-- Both are audited like every kind.

CREATE TABLE members (
    id              TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
    case_id         TEXT NOT NULL REFERENCES cases (id),
    name            TEXT,                                   -- personal data
    birth_date      TEXT CHECK (length(birth_date) IN (4, 7, 10)),  -- personal data
    sex             TEXT NOT NULL DEFAULT 'unknown'
                    CHECK (sex = 'female' OR sex = 'male' OR sex = 'other' OR sex = 'unknown'),
    relationship    TEXT NOT NULL DEFAULT 'unknown'
                    CHECK (relationship = 'principal' OR relationship = 'spouse' OR relationship = 'child' OR relationship = 'parent' OR relationship = 'sibling' OR relationship = 'relative' OR relationship = 'other' OR relationship = 'unknown'),
    document_kind   TEXT NOT NULL DEFAULT 'unknown'
                    CHECK (document_kind = 'us_passport' OR document_kind = 'green_card' OR document_kind = 'afghan_passport' OR document_kind = 'tazkira' OR document_kind = 'siv_letter' OR document_kind = 'visa' OR document_kind = 'other' OR document_kind = 'unknown'),
    document_number TEXT,                                   -- personal data
    phone           TEXT,                                   -- personal data
    source_id       TEXT REFERENCES sources (id),
    notes           TEXT,                                   -- personal data
    load_id         INTEGER NOT NULL REFERENCES loads (id),
    load_row        INTEGER NOT NULL,
    revision        INTEGER NOT NULL DEFAULT 1
) STRICT, WITHOUT ROWID;
CREATE INDEX members_by_case ON members (case_id, relationship);

CREATE TABLE case_links (
    id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
    case_a     TEXT NOT NULL REFERENCES cases (id),
    case_b     TEXT NOT NULL REFERENCES cases (id),
    status     TEXT NOT NULL CHECK (status = 'confirmed' OR status = 'dismissed'),
    decided_at TEXT CHECK (length(decided_at) IN (10, 25)),
    notes      TEXT,                                        -- personal data
    load_id    INTEGER NOT NULL REFERENCES loads (id),
    load_row   INTEGER NOT NULL,
    revision   INTEGER NOT NULL DEFAULT 1,
    CHECK (case_a < case_b)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX case_links_by_pair ON case_links (case_a, case_b);
CREATE INDEX case_links_by_case_b ON case_links (case_b);


CREATE TRIGGER members_audit_update AFTER UPDATE ON members
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('members', old.id, 'update', json_object(
            'id', old.id,
            'case_id', old.case_id,
            'name', old.name,
            'birth_date', old.birth_date,
            'sex', old.sex,
            'relationship', old.relationship,
            'document_kind', old.document_kind,
            'document_number', old.document_number,
            'phone', old.phone,
            'source_id', old.source_id,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), new.load_id);
END;

CREATE TRIGGER members_audit_delete AFTER DELETE ON members
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('members', old.id, 'delete', json_object(
            'id', old.id,
            'case_id', old.case_id,
            'name', old.name,
            'birth_date', old.birth_date,
            'sex', old.sex,
            'relationship', old.relationship,
            'document_kind', old.document_kind,
            'document_number', old.document_number,
            'phone', old.phone,
            'source_id', old.source_id,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), NULL);
END;

CREATE TRIGGER case_links_audit_update AFTER UPDATE ON case_links
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('case_links', old.id, 'update', json_object(
            'id', old.id,
            'case_a', old.case_a,
            'case_b', old.case_b,
            'status', old.status,
            'decided_at', old.decided_at,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), new.load_id);
END;

CREATE TRIGGER case_links_audit_delete AFTER DELETE ON case_links
BEGIN
    INSERT INTO audit (kind, record_id, action, previous, load_id)
    VALUES ('case_links', old.id, 'delete', json_object(
            'id', old.id,
            'case_a', old.case_a,
            'case_b', old.case_b,
            'status', old.status,
            'decided_at', old.decided_at,
            'notes', old.notes,
            'load_id', old.load_id,
            'load_row', old.load_row,
            'revision', old.revision), NULL);
END;
