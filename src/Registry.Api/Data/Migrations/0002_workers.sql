CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes it safe
-- to use in a stored generated column and an index.
CREATE FUNCTION search_text(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;

CREATE TABLE workers (
    id                    uuid PRIMARY KEY,
    seq                   bigint GENERATED ALWAYS AS IDENTITY UNIQUE,  -- keyset pagination order
    nik                   text        NOT NULL CHECK (nik ~ '^[0-9]{16}$'),
    full_name             text        NOT NULL,
    name_search           text        GENERATED ALWAYS AS (search_text(full_name)) STORED,
    birth_date            date        NOT NULL,
    sex                   text        NOT NULL CHECK (sex IN ('Male', 'Female')),
    phone                 text,
    address               text,
    kecamatan             text        NOT NULL REFERENCES kecamatan (name),
    kelurahan             text,
    occupation_code       text,
    p3ke_listed           boolean     NOT NULL,
    status                text        NOT NULL CHECK (status IN ('Registered', 'Verified', 'Rejected', 'Deactivated')),
    status_reason         text,
    status_note           text,
    status_effective_date date,
    registered_at         timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    import_id             uuid
);

-- One person, one registration: the database enforces it, so concurrent requests cannot race past it.
CREATE UNIQUE INDEX workers_nik ON workers (nik);
CREATE INDEX workers_name_search ON workers USING gin (name_search gin_trgm_ops);
CREATE INDEX workers_status ON workers (status, seq);
CREATE INDEX workers_kecamatan ON workers (kecamatan, seq);
CREATE INDEX workers_occupation ON workers (occupation_code, seq);
