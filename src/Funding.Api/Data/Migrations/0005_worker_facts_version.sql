-- The registry can now correct a worker's facts (kecamatan, occupation: WorkerCorrected), so they
-- are versioned like the status, but apart from it: a correction must not make an older status
-- event look stale, nor an older registration undo a correction that arrived first.
-- facts_version is the registry's version of the facts held here; 0 while none have arrived.
ALTER TABLE registry_workers ADD COLUMN facts_version bigint NOT NULL DEFAULT 0;
-- Rows whose registration has been applied hold version 1's facts (a status event alone leaves the kecamatan empty).
UPDATE registry_workers SET facts_version = 1 WHERE kecamatan <> '';
