-- Migration 10: each kind's row digests, kept by the last load that wrote
-- it (RowDigests in the library): a reload counts a row whose digest is
-- among them unchanged, without a statement, while no audit row of the
-- kind came after `audit_id`. `context` names the schema and passage that
-- made them; `digests` holds 128-bit digests, 16 bytes each, in the order
-- of the rows, at most 65,536 a part.
CREATE TABLE row_digests (
    kind     TEXT NOT NULL,
    part     INTEGER NOT NULL,
    load_id  INTEGER NOT NULL,
    audit_id INTEGER NOT NULL,
    context  TEXT NOT NULL,
    digests  BLOB NOT NULL,
    PRIMARY KEY (kind, part)
) STRICT;
