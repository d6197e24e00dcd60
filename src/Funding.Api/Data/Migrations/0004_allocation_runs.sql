-- Automatic allocation runs: each fills unfunded verified workers into the fiscal year's Apbd and
-- Dbhcht sources from a start month to December. A run is a background job item: its status is
-- the job's, and the work commits its allocations together with the Completed status and counts.
CREATE TABLE allocation_runs (
    id            uuid PRIMARY KEY,
    seq           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,   -- keyset pagination and job order
    fiscal_year   integer     NOT NULL CHECK (fiscal_year BETWEEN 2020 AND 2100),
    start_month   date        NOT NULL CHECK (extract(day FROM start_month) = 1),
    status        text        NOT NULL CHECK (status IN ('Queued', 'Running', 'Completed', 'Failed')),
    attempts      integer     NOT NULL DEFAULT 0,
    considered    integer,     -- verified workers without funding in the window
    allocated     integer,
    left_unfunded integer,
    per_source    jsonb,       -- [{fundingSourceId, code, type, capacity, allocated}] in filling order
    requested_by  text        NOT NULL,
    requested_at  timestamptz NOT NULL,
    started_at    timestamptz,
    completed_at  timestamptz,
    last_error    text,
    CHECK (extract(year FROM start_month) = fiscal_year)
);
CREATE INDEX allocation_runs_pending ON allocation_runs (seq) WHERE status IN ('Queued', 'Running');
