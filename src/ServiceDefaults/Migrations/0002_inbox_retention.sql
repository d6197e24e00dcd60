-- Inbox rows are kept for Inbox:Keep (a redelivery after that is not expected) and then deleted
-- in batches by the oldest first; this index finds them without reading the whole table.
CREATE INDEX inbox_messages_processed_at ON inbox_messages (processed_at);
