-- The registry's version of each worker as of the newest event applied here. Events about one
-- worker arrive in any order (separate queues, retries, several dispatchers); each consumer
-- applies an event only when its version is higher than this one. Existing rows start at 0, so
-- the next event about them applies.
ALTER TABLE registry_workers ADD COLUMN version bigint NOT NULL DEFAULT 0;
