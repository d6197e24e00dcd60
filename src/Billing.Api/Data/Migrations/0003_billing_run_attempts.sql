-- Billing runs are items of the background-job runner: it counts their attempts, resumes them
-- oldest first after a stop, and finance lists them in the order they were asked for.
ALTER TABLE billing_runs
    ADD COLUMN seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    ADD COLUMN attempts   integer NOT NULL DEFAULT 0,
    ADD COLUMN started_at timestamptz;

-- The pending runs the job runner looks for on every poll.
CREATE INDEX billing_runs_pending ON billing_runs (seq) WHERE status IN ('Queued', 'Running');
