-- An event's payload is written once and read once or twice: lz4 compresses and decompresses it
-- several times faster than PostgreSQL's default pglz, and a large payload (an import's
-- WorkersImported of 1,000 workers is about 150 kB) is compressed on the writer's transaction.
-- Applies to rows written from now on; a server built without lz4 keeps pglz.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE outbox_messages ALTER COLUMN payload SET COMPRESSION lz4;
    END IF;
END $$;
