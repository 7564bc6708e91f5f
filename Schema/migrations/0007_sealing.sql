-- Migration 7: the keys of a sealed database.
--
-- A sealed database keeps every personal column encrypted under one random
-- data key. That key is stored only wrapped: once for the passphrase (an
-- age scrypt stanza) and once per recipient (an age X25519 stanza), so a
-- backup carries what opens it and changing the passphrase rewraps the key,
-- not every value. A database is sealed when it has a passphrase row here.

CREATE TABLE seal_keys (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind = 'passphrase' OR kind = 'recipient'),
    recipient TEXT UNIQUE,                  -- age1…, for a recipient
    stanza    TEXT NOT NULL,                -- the wrapped data key, as an age stanza
    added_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK ((kind = 'recipient') = (recipient IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX seal_keys_one_passphrase ON seal_keys (kind) WHERE kind = 'passphrase';

-- A sealed birth date is text of another length: the members table is
-- rebuilt with its check also taking a sealed value ('sealed:v1:…'), its
-- index and audit triggers made again as migration 6 made them.
CREATE TABLE members__new (
    id              TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
    case_id         TEXT NOT NULL REFERENCES cases (id),
    name            TEXT,                                   -- personal data
    birth_date      TEXT CHECK (length(birth_date) IN (4, 7, 10) OR birth_date LIKE 'sealed:v1:%'),  -- personal data
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
INSERT INTO members__new SELECT * FROM members;
DROP TABLE members;
ALTER TABLE members__new RENAME TO members;
CREATE INDEX members_by_case ON members (case_id, relationship);

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
