-- The `jti` of every JWT that signed a visitor in, until the token expires: a token signs in
-- once, so a copy caught in a log or a proxy is worth nothing.
CREATE TABLE jwt_ids (
    jti        TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
);
CREATE INDEX jwt_ids_expiry ON jwt_ids (expires_at);
