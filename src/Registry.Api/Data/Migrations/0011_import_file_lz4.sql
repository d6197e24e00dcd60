-- An uploaded file is stored in 1 MB pieces while the operator waits, then read once by the
-- import: lz4 compresses CSV text several times faster than the default pglz, at a slightly
-- lower ratio. A server built without lz4 keeps pglz.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE worker_import_file_chunks ALTER COLUMN content SET COMPRESSION lz4;
    END IF;
END $$;
