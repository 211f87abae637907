-- The worker claims due rows in (next_attempt_at, received_at) order: with received_at in the
-- index the claim reads only the rows it takes, instead of sorting every pending row.
DROP INDEX webhook_inbox_due;
CREATE INDEX webhook_inbox_due ON webhook_inbox (state, next_attempt_at, received_at);
