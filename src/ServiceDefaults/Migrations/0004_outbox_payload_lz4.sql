-- A large value written once and read once or twice (an event's payload; an import's WorkersImported
-- of 1,000 workers is about 150 kB) is compressed on the writer's transaction: lz4 compresses and
-- decompresses several times faster than PostgreSQL's default pglz. compress_with_lz4 is for the
-- services' migrations too. It applies to rows written from then on; a server built without lz4
-- keeps pglz.
CREATE FUNCTION compress_with_lz4(p_table regclass, p_column name) RETURNS void
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET COMPRESSION lz4', p_table, p_column);
        END IF;
    END
    $$;

SELECT compress_with_lz4('outbox_messages', 'payload');
