-- E-mails are derived from the event log by the webhook feed: each carries the id of the event
-- it came from, so a feed that replays after a crash queues it once (webhooks have had this
-- since 0002). Rows queued before this migration have none.
ALTER TABLE mail_outbox ADD COLUMN event_id TEXT;

CREATE UNIQUE INDEX mail_outbox_by_event ON mail_outbox (event_id) WHERE event_id IS NOT NULL;
