-- Possible duplicates beyond the NIK (src/Registry.Api/Duplicates): one person registered twice
-- under two NIKs (a typo, an old KTP, another regency's NIK) has the same name and birth date, or
-- the same name in the same kelurahan. Such a worker is registered but flagged, for an operator.

-- The name as offices type it in many ways, reduced to one spelling: accents and case folded
-- (search_text), apostrophes dropped ("Ma'ruf" = "Maruf"), every other run of punctuation and
-- spaces one space ("Moh.Ali" = "Moh Ali" = " moh  ali "). NULL for a value with no letter or digit.
CREATE FUNCTION duplicate_key(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT nullif(btrim(regexp_replace(regexp_replace(public.search_text(value), '[''`´‘’]', '', 'g'), '[^[:alnum:]]+', ' ', 'g')), '') $$;

ALTER TABLE workers
    ADD COLUMN name_key              text GENERATED ALWAYS AS (duplicate_key(full_name)) STORED,
    ADD COLUMN kelurahan_key         text GENERATED ALWAYS AS (duplicate_key(kelurahan)) STORED,
    ADD COLUMN possible_duplicate_of uuid REFERENCES workers (id) ON DELETE SET NULL;

-- Each rule is an equality lookup ending in seq, so "the earliest earlier worker" is the first
-- entry of one index range: a few page reads per new worker at 250,000 workers, not a scan.
CREATE INDEX workers_name_birth_date ON workers (name_key, birth_date, seq);
CREATE INDEX workers_name_kelurahan ON workers (name_key, kelurahan_key, seq) WHERE kelurahan_key IS NOT NULL;

-- The earliest worker registered before p_before_seq that the person may already be: same name and
-- birth date first (the stronger sign), else same name and kelurahan. The one definition of the
-- rule, used by single registration and, set-based through LATERAL, by the import.
CREATE FUNCTION possible_duplicate(p_name_key text, p_birth_date date, p_kelurahan_key text, p_before_seq bigint)
    RETURNS TABLE (id uuid, match text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
        SELECT candidate.id, candidate.match
        FROM ((SELECT w.id, 'NameAndBirthDate' AS match, 1 AS rank
               FROM workers w
               WHERE w.name_key = p_name_key AND w.birth_date = p_birth_date AND w.seq < p_before_seq
               ORDER BY w.seq
               LIMIT 1)
              UNION ALL
              (SELECT w.id, 'NameAndKelurahan', 2
               FROM workers w
               WHERE w.name_key = p_name_key AND w.kelurahan_key = p_kelurahan_key AND w.seq < p_before_seq
               ORDER BY w.seq
               LIMIT 1)) AS candidate
        ORDER BY candidate.rank
        LIMIT 1
    $$;

-- One flag per flagged worker: what it matched, and the operator's decision once made. The
-- service never deletes a worker; a flag goes with a worker removed by hand.
CREATE TABLE possible_duplicates (
    worker_id    uuid PRIMARY KEY REFERENCES workers (id) ON DELETE CASCADE,
    seq          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,  -- keyset pagination order
    duplicate_of uuid        NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    match        text        NOT NULL CHECK (match IN ('NameAndBirthDate', 'NameAndKelurahan')),
    flagged_at   timestamptz NOT NULL,
    decision     text        CHECK (decision IN ('NotDuplicate', 'Duplicate')),
    note         text,
    decided_by   text,
    decided_at   timestamptz,
    CHECK ((decision IS NULL) = (decided_at IS NULL))
);
-- Operators page through the flags still to decide.
CREATE INDEX possible_duplicates_open ON possible_duplicates (seq) WHERE decision IS NULL;
