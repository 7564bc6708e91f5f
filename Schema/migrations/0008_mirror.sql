-- Migration 8: what `passage mirror` needs on the SQLite side.
--
-- database_id names this database for good (a backup keeps it; an export
-- loaded into a new file gets a new one): a PostgreSQL schema that mirrors
-- one database refuses to take another's records.
--
-- mirrors records, per server and schema, the last load and audit row sent
-- by a mirror that committed. PostgreSQL keeps the same figures in its
-- schema's passage_mirror table, inside the transaction that sent the rows:
-- that copy decides what the next run sends; this one tells the coordinator
-- (and `passage query`) where the file was mirrored and how far.
--
-- Every statement may run again: `passage mirror` runs this file itself on
-- a database that took a higher migration before this one existed.

INSERT OR IGNORE INTO settings (key, value) VALUES ('database_id', lower(hex(randomblob(16))));

CREATE TABLE IF NOT EXISTS mirrors (
    target        TEXT NOT NULL,             -- postgresql://user@host:port/database, never a password
    schema_name   TEXT NOT NULL,
    last_load_id  INTEGER NOT NULL,          -- 0: no load yet
    last_audit_id INTEGER NOT NULL,          -- 0: no audit row yet
    mirrored_at   TEXT NOT NULL,             -- UTC, ISO 8601
    PRIMARY KEY (target, schema_name)
) STRICT, WITHOUT ROWID;
