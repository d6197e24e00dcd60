-- Who pays for whom: funding sources with their yearly quota and budget, the sponsors who pay
-- under a source (civil servants, companies), and allocations, each funding one worker from one
-- source for a run of whole months. Months are stored as the first day of the month.

-- Lets the exclusion constraint below combine equality on worker_id with range overlap.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE funding_sources (
    id          uuid PRIMARY KEY,
    seq         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,   -- keyset pagination order
    code        text        NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,39}$'),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    type        text        NOT NULL CHECK (type IN ('Apbd', 'Dbhcht', 'Csr', 'Asn')),
    fiscal_year integer     NOT NULL CHECK (fiscal_year BETWEEN 2020 AND 2100),
    quota       integer     NOT NULL CHECK (quota >= 0),       -- workers funded at once in any month of the year
    budget      bigint      NOT NULL CHECK (budget >= 0),      -- whole rupiah for the fiscal year
    version     bigint      NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    UNIQUE (fiscal_year, code)
);

CREATE TABLE sponsors (
    id         uuid PRIMARY KEY,
    seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    type       text        NOT NULL CHECK (type IN ('Asn', 'Pppk', 'Company')),
    identifier text        NOT NULL UNIQUE,                    -- NIP (18 digits) or the company's registration number
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    unit       text        CHECK (length(unit) BETWEEN 1 AND 200),  -- the civil servant's working unit (OPD)
    active     boolean     NOT NULL DEFAULT true,
    version    bigint      NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    created_by text        NOT NULL,
    updated_at timestamptz NOT NULL,
    CHECK (type = 'Company' OR unit IS NOT NULL)
);
CREATE INDEX sponsors_civil_servants_by_unit ON sponsors (unit, seq) WHERE type IN ('Asn', 'Pppk');

CREATE TABLE allocations (
    id                uuid PRIMARY KEY,
    seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    worker_id         uuid        NOT NULL,
    funding_source_id uuid        NOT NULL REFERENCES funding_sources (id),
    source_type       text        NOT NULL CHECK (source_type IN ('Apbd', 'Dbhcht', 'Csr', 'Asn')),  -- the source's, for events and reports
    sponsor_id        uuid        REFERENCES sponsors (id),
    start_month       date        NOT NULL CHECK (extract(day FROM start_month) = 1),
    -- The last funded month, inclusive. Ending before the first month (the month before start)
    -- leaves an empty range: the allocation never took effect and holds no slot.
    end_month         date        NOT NULL CHECK (extract(day FROM end_month) = 1),
    months            daterange   GENERATED ALWAYS AS (daterange(start_month, (end_month + interval '1 month')::date, '[)')) STORED,
    status            text        NOT NULL CHECK (status IN ('Active', 'Ended')),
    end_reason        text,
    allocation_run_id uuid,
    version           bigint      NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL,
    created_by        text        NOT NULL,
    ended_at          timestamptz,
    ended_by          text,
    CHECK (end_month >= (start_month - interval '1 month')::date),
    CHECK (source_type NOT IN ('Asn', 'Csr') OR sponsor_id IS NOT NULL),
    -- A worker is paid for by exactly one source in any month.
    CONSTRAINT allocations_no_overlap EXCLUDE USING gist (worker_id WITH =, months WITH &&)
);
CREATE INDEX allocations_by_source ON allocations (funding_source_id, start_month, end_month);
CREATE INDEX allocations_by_worker ON allocations (worker_id, seq);
CREATE INDEX allocations_by_sponsor ON allocations (sponsor_id, seq) WHERE sponsor_id IS NOT NULL;

-- Billing's contribution tariffs as last read from Billing's API: the projected cost and the
-- budget check price each month at the tariff in force then.
CREATE TABLE tariffs (
    effective_from       date        PRIMARY KEY CHECK (extract(day FROM effective_from) = 1),
    monthly_contribution bigint      NOT NULL CHECK (monthly_contribution > 0),
    fetched_at           timestamptz NOT NULL
);
