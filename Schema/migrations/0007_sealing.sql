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
