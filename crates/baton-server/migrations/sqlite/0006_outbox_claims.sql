-- Which server instance claimed an outbox item for its current attempt (NULL: nobody). An
-- instance that restarts hands back what it had claimed before it died at once, instead of
-- leaving those items invisible until their claim runs out; other instances' claims stay.
ALTER TABLE webhook_outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE mail_outbox ADD COLUMN claimed_by TEXT;
