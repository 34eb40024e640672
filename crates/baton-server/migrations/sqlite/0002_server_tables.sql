-- The server's own tables beside the event log: sign-in, attempt limits and the two outboxes.
-- None of them is domain state: losing them logs people out or drops pending deliveries, but
-- never changes a conversation. Times are Unix milliseconds, like the event log.

-- Agent passwords (argon2id PHC strings). Usernames compare case-insensitively (ASCII), so
-- "Anna" and "anna" cannot be two different accounts.
CREATE TABLE credentials (
    person_id     TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL
);

-- Signed-in sessions. Only the SHA-256 of the session token is stored, so a copy of the
-- database cannot be used to take over a session.
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    person_id  TEXT    NOT NULL,
    csrf_token TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Failed PIN / link attempts per client address in the current window.
CREATE TABLE pin_attempts (
    client       TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    failures     INTEGER NOT NULL
);

-- Webhook registrations (Unblu's WebhookRegistration). `events` is a JSON array of names.
CREATE TABLE webhook_registrations (
    id         TEXT PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    endpoint   TEXT    NOT NULL,
    secret     TEXT    NOT NULL,
    events     TEXT    NOT NULL,
    active     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- One row per (event, registration). `payload` holds the exact body bytes that are signed and
-- sent on every attempt; `event_id` is the same for every registration and every retry.
-- Pending: delivered_at and gave_up_at both NULL.
CREATE TABLE webhook_outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    registration_id TEXT    NOT NULL REFERENCES webhook_registrations (id) ON DELETE CASCADE,
    event_id        TEXT    NOT NULL,
    event_name      TEXT    NOT NULL,
    delivery_id     TEXT    NOT NULL UNIQUE,
    payload         TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at    INTEGER,
    gave_up_at      INTEGER,
    last_status     INTEGER,
    last_error      TEXT,
    UNIQUE (registration_id, event_id)
);

CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at)
    WHERE delivered_at IS NULL AND gave_up_at IS NULL;

-- E-mails to send. Pending: sent_at and gave_up_at both NULL. Without SMTP configured they
-- stay pending, and the demo lists them.
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    gave_up_at      INTEGER,
    last_error      TEXT
);

CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at)
    WHERE sent_at IS NULL AND gave_up_at IS NULL;
