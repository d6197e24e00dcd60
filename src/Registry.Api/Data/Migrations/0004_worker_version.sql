-- Each change to a worker increments its version, and every event about the worker carries it,
-- so a consumer can tell a newer event from an older one whatever order they arrive in.
-- Existing rows get the version their status implies at the least (registered 1, decided 2,
-- deactivated 3): only the order against events written from now on matters.
ALTER TABLE workers ADD COLUMN version bigint;
UPDATE workers SET version = CASE status WHEN 'Registered' THEN 1 WHEN 'Deactivated' THEN 3 ELSE 2 END;
ALTER TABLE workers ALTER COLUMN version SET NOT NULL;
