-- `Idempotency-Key` (src/http/idempotency.rs): one row per caller and key for 24 hours. The row
-- is inserted in the transaction that records the command's events (src/store.rs), so a retry
-- after a crash finds it and never runs the command twice; the answer is stored just after.
-- Neither the key nor the caller is stored in the clear: `id` is a digest of both, and the
-- answer (which may carry a PIN or a link token) is sealed with a key derived from them.
CREATE TABLE idempotency_keys (
    id           BLOB    PRIMARY KEY, -- SHA-256 of (caller scope, key)
    fingerprint  BLOB    NOT NULL,    -- SHA-256 of (method, path, SHA-256 of the body)
    created_at   INTEGER NOT NULL,
    status       INTEGER,             -- NULL until the answer is stored
    content_type TEXT,
    nonce        BLOB,
    body         BLOB                 -- the answer's body, sealed (ChaCha20-Poly1305)
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
