-- Bulk imports of workers from CSV files (src/Registry.Api/Imports). An upload is stored here
-- before it is acknowledged, so a restart never loses it, and is then processed in the background.

CREATE TABLE worker_imports (
    id           uuid PRIMARY KEY,
    seq          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,  -- keyset pagination order
    status       text        NOT NULL CHECK (status IN ('Queued', 'Running', 'Completed', 'Failed')),
    uploaded_by  text        NOT NULL,                        -- token subject: with created_at, the audit of the upload
    created_at   timestamptz NOT NULL,
    size_bytes   bigint      NOT NULL,
    total_rows   integer     NOT NULL,                        -- data rows, blank rows not counted
    rows_done    integer     NOT NULL DEFAULT 0,
    accepted     integer,                                     -- known once the import has completed
    rejected     integer,
    attempts     integer     NOT NULL DEFAULT 0,
    started_at   timestamptz,
    completed_at timestamptz,
    failure      text
);
-- The runner only ever looks for work still to do.
CREATE INDEX worker_imports_pending ON worker_imports (seq) WHERE status IN ('Queued', 'Running');

-- The file exactly as uploaded, in pieces of about 1 MB, so neither the upload nor the processing
-- holds a whole file in memory. The import row is written after its pieces, in the same transaction.
CREATE TABLE worker_import_file_chunks (
    import_id uuid    NOT NULL REFERENCES worker_imports (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    chunk_no  integer NOT NULL,
    content   bytea   NOT NULL,
    PRIMARY KEY (import_id, chunk_no)
);

-- One line per rejected field of a rejected row; row_no counts spreadsheet rows, the header being row 1.
CREATE TABLE worker_import_rejections (
    import_id uuid    NOT NULL REFERENCES worker_imports (id) ON DELETE CASCADE,
    row_no    integer NOT NULL,
    field     text    NOT NULL,
    reason    text    NOT NULL,
    PRIMARY KEY (import_id, row_no, field)
);
