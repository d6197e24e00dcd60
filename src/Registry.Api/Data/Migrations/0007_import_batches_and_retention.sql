-- Imports at the database's speed, kept only as long as needed (src/Registry.Api/Imports).

-- The spreadsheet row each imported worker came from: with the import's single audit entry, the
-- history says "registered by import X, row N" without an audit row per worker.
ALTER TABLE workers ADD COLUMN import_row integer;

-- A failed attempt waits before the next one while later imports go ahead: the runner takes
-- pending imports by this time, then by upload order. An import queued now is due now.
ALTER TABLE worker_imports ADD COLUMN next_attempt_at timestamptz;
UPDATE worker_imports SET next_attempt_at = created_at;
ALTER TABLE worker_imports ALTER COLUMN next_attempt_at SET NOT NULL;
DROP INDEX worker_imports_pending;
CREATE INDEX worker_imports_pending ON worker_imports (next_attempt_at, seq) WHERE status IN ('Queued', 'Running');

-- When the uploaded file was deleted after the retention period; the import, its counts and its
-- rejected rows (with their values, below) stay.
ALTER TABLE worker_imports ADD COLUMN file_deleted_at timestamptz;
ALTER TABLE worker_imports ADD COLUMN file_header text[];
ALTER TABLE worker_imports ADD COLUMN file_separator text;

-- An upload's pieces are each written in a short statement of their own, so a slow upload holds
-- no transaction open; the import row comes last. Pieces without an import row are an upload in
-- progress, refused or abandoned: refused ones are deleted at once, abandoned ones by the sweep.
ALTER TABLE worker_import_file_chunks DROP CONSTRAINT IF EXISTS worker_import_file_chunks_import_id_fkey;
ALTER TABLE worker_import_file_chunks ADD COLUMN stored_at timestamptz NOT NULL DEFAULT now();

-- The values of each rejected row as uploaded, copied from the file before it is deleted, so the
-- rejected-rows download still works after the retention period.
CREATE TABLE worker_import_rejected_rows (
    import_id uuid    NOT NULL REFERENCES worker_imports (id) ON DELETE CASCADE,
    row_no    integer NOT NULL,
    fields    text[]  NOT NULL,
    PRIMARY KEY (import_id, row_no)
);
