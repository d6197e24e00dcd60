-- A worker's kecamatan is one of the kecamatan table, checked once per statement instead of once
-- per row. The foreign key ran one look-up per new worker: 2.8 s of a 250,000-row import, one
-- query per row where the rest of the import is set-based. These triggers give the same guarantee
-- with one anti-join over the rows a statement wrote (for an import, a chunk of 5,000):
--   * a worker inserted (INSERT or COPY) or moved to a kecamatan that is not in the table is
--     refused, with the foreign key's error code and name;
--   * the kecamatan the rows name are locked FOR KEY SHARE, as a foreign key locks them, so none
--     can be deleted or renamed before the statement's transaction ends;
--   * a kecamatan that a worker names cannot be deleted, renamed or truncated away.
ALTER TABLE workers DROP CONSTRAINT workers_kecamatan_fkey;

CREATE FUNCTION workers_kecamatan_known() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    DECLARE
        named text[];
        unknown text;
    BEGIN
        -- On UPDATE, only the rows whose kecamatan changed: a status change checks and locks nothing.
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(DISTINCT kecamatan) INTO named FROM new_rows;
        ELSE
            SELECT array_agg(DISTINCT n.kecamatan) INTO named
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE o.kecamatan IS DISTINCT FROM n.kecamatan;
        END IF;

        SELECT n.name INTO unknown
        FROM unnest(named) AS n(name)
        LEFT JOIN LATERAL (SELECT k.name FROM kecamatan k WHERE k.name = n.name FOR KEY SHARE) k ON true
        WHERE k.name IS NULL
        LIMIT 1;

        IF unknown IS NOT NULL THEN
            RAISE EXCEPTION 'kecamatan % is not a kecamatan of the city', quote_literal(unknown)
                USING ERRCODE = 'foreign_key_violation', TABLE = 'workers', COLUMN = 'kecamatan', CONSTRAINT = 'workers_kecamatan_fkey';
        END IF;

        RETURN NULL;
    END
    $$;

CREATE TRIGGER workers_kecamatan_known_on_insert
    AFTER INSERT ON workers REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION workers_kecamatan_known();

CREATE TRIGGER workers_kecamatan_known_on_update
    AFTER UPDATE ON workers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION workers_kecamatan_known();

-- The other side of the foreign key: a kecamatan gone (deleted, or renamed on UPDATE) while a
-- worker still names it is refused. A deletion waits for the KEY SHARE lock of a transaction that
-- inserted such a worker, and this check, run after, sees that worker once it is committed.
CREATE FUNCTION kecamatan_still_named() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    DECLARE
        named text;
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            SELECT w.kecamatan INTO named FROM workers w LIMIT 1;
        ELSE
            SELECT o.name INTO named
            FROM old_rows o
            WHERE NOT EXISTS (SELECT 1 FROM kecamatan k WHERE k.name = o.name)
              AND EXISTS (SELECT 1 FROM workers w WHERE w.kecamatan = o.name)
            LIMIT 1;
        END IF;

        IF named IS NOT NULL THEN
            RAISE EXCEPTION 'kecamatan % is still named by workers', quote_literal(named)
                USING ERRCODE = 'foreign_key_violation', TABLE = 'kecamatan', CONSTRAINT = 'workers_kecamatan_fkey';
        END IF;

        RETURN NULL;
    END
    $$;

CREATE TRIGGER kecamatan_still_named_on_delete
    AFTER DELETE ON kecamatan REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kecamatan_still_named();

CREATE TRIGGER kecamatan_still_named_on_update
    AFTER UPDATE ON kecamatan REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kecamatan_still_named();

CREATE TRIGGER kecamatan_still_named_on_truncate
    BEFORE TRUNCATE ON kecamatan
    FOR EACH STATEMENT EXECUTE FUNCTION kecamatan_still_named();
