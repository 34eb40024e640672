-- How far the webhook feed (src/webhook_feed.rs) has turned the event log into webhook events:
-- the last `events.seq` whose webhooks are in the outbox. One row. A database that already
-- has events when this table appears starts at its head, so upgrading does not replay the
-- whole history to the receivers; a new database starts at 0.
CREATE TABLE webhook_feed_checkpoint (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq INTEGER NOT NULL
);

INSERT INTO webhook_feed_checkpoint (id, last_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM events;
