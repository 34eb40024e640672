-- Link tokens of e-mail invitations, kept only until their e-mail is in the mail outbox. The
-- event log holds only the tokens' digests, and the e-mail is written by the webhook feed after
-- the event is recorded, so the request that drew the token leaves it here first.
CREATE TABLE pending_link_tokens (
    invitation TEXT PRIMARY KEY,
    token      TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
