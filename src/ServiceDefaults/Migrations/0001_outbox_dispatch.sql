-- The outbox dispatcher leases rows instead of holding a transaction open while it publishes,
-- gives up on rows that can never be sent, and carries the trace of the request that raised them.

ALTER TABLE outbox_messages
    ADD COLUMN locked_until timestamptz,  -- the lease: until then the row is being published by lease_owner
    ADD COLUMN lease_owner  uuid,
    ADD COLUMN dead_at      timestamptz,  -- never retried again; kept for a person (and never cleaned up)
    ADD COLUMN traceparent  text;         -- W3C trace context of the request that raised the event

-- Rows written before names became stable carried "Type, Assembly": keep only the type's full name.
UPDATE outbox_messages
SET message_type = split_part(message_type, ',', 1)
WHERE published_at IS NULL AND message_type LIKE '%,%';

-- What the dispatcher claims: due rows, neither published nor dead. A lease moves next_attempt_at
-- to its end, so leased rows drop out of this index's range until their lease runs out.
DROP INDEX outbox_messages_pending;
CREATE INDEX outbox_messages_pending ON outbox_messages (next_attempt_at, position)
    WHERE published_at IS NULL AND dead_at IS NULL;

-- The clean-up deletes published rows by age, a batch at a time.
CREATE INDEX outbox_messages_published ON outbox_messages (published_at) WHERE published_at IS NOT NULL;

-- Dead rows are few and wanted by health and metrics.
CREATE INDEX outbox_messages_dead ON outbox_messages (dead_at) WHERE dead_at IS NOT NULL;
