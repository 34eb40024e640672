-- Web push: the server's VAPID key (when not configured), agents' devices, the outbox of
-- encrypted pushes (one row per notice and device), and the digests of the single-use tokens
-- notification actions answer with.
CREATE TABLE push_vapid_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    private_key TEXT    NOT NULL
);

CREATE TABLE push_subscriptions (
    id         TEXT    PRIMARY KEY,
    person     TEXT    NOT NULL,
    endpoint   TEXT    NOT NULL UNIQUE,
    p256dh     TEXT    NOT NULL,
    auth       TEXT    NOT NULL,
    locale     TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX push_subscriptions_by_person ON push_subscriptions (person);

CREATE TABLE push_outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription    TEXT    NOT NULL,
    endpoint        TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    topic           TEXT    NOT NULL,
    invitation      TEXT,
    ttl_seconds     INTEGER NOT NULL,
    payload         TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    gave_up_at      INTEGER,
    last_error      TEXT,
    event_id        TEXT,
    claimed_by      TEXT
);
CREATE INDEX push_outbox_due ON push_outbox (next_attempt_at)
    WHERE sent_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX push_outbox_by_subscription ON push_outbox (subscription);
CREATE UNIQUE INDEX push_outbox_by_event ON push_outbox (event_id) WHERE event_id IS NOT NULL;

CREATE TABLE push_answer_tokens (
    digest     TEXT    PRIMARY KEY,
    invitation TEXT    NOT NULL,
    person     TEXT    NOT NULL,
    actions    TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX push_answer_tokens_by_expiry ON push_answer_tokens (expires_at);
