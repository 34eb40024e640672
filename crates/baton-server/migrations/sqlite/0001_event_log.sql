-- The event log: the truth. Every state change of the domain is one row, in order.
-- `seq` is the global version; a writer appends seq = expected + 1, so two writers that
-- decided against the same version cannot both commit (primary key conflict).
CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    conversation TEXT,
    kind         TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    recorded_at  INTEGER NOT NULL
);

CREATE INDEX events_by_conversation ON events (conversation, seq);
CREATE INDEX events_by_kind ON events (kind, seq);
