-- Monthly billing: Funding's allocations as Billing knows them, one run per period, invoices per
-- payer, one line per worker and month, payments, and the lapse of unpaid cover.

-- Funding's allocations, fed by FundingAllocated / FundingEnded. Both events carry every fact,
-- so whichever arrives first creates the row; a row keeps the state of the highest version seen.
CREATE TABLE funded_allocations (
    allocation_id     uuid PRIMARY KEY,
    worker_id         uuid        NOT NULL,
    funding_source_id uuid        NOT NULL,
    source_type       text        NOT NULL CHECK (source_type IN ('Apbd', 'Dbhcht', 'Csr', 'Asn')),
    sponsor_id        uuid,
    start_month       date        NOT NULL CHECK (extract(day FROM start_month) = 1),
    end_month         date        NOT NULL CHECK (extract(day FROM end_month) = 1),  -- inclusive; before start = never took effect
    version           bigint      NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX funded_allocations_by_months ON funded_allocations (start_month, end_month);
CREATE INDEX funded_allocations_by_worker ON funded_allocations (worker_id);

-- One run per period, whatever retries, crashes or replicas do.
CREATE TABLE billing_runs (
    id           uuid PRIMARY KEY,
    period       date        NOT NULL UNIQUE CHECK (extract(day FROM period) = 1),
    status       text        NOT NULL CHECK (status IN ('Queued', 'Running', 'Completed', 'Failed')),
    tariff_from  date,                                    -- the tariff the run priced its lines at
    amount       bigint      CHECK (amount > 0),          -- the monthly contribution per worker
    invoice_count integer    NOT NULL DEFAULT 0,
    line_count   integer     NOT NULL DEFAULT 0,
    total        bigint      NOT NULL DEFAULT 0,
    requested_by text        NOT NULL,
    requested_at timestamptz NOT NULL,
    completed_at timestamptz,
    last_error   text
);

-- One invoice per payer and period: the funding source for Apbd and Dbhcht, the sponsor for Asn and Csr.
CREATE TABLE invoices (
    id                uuid PRIMARY KEY,
    seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    run_id            uuid        NOT NULL REFERENCES billing_runs (id),
    period            date        NOT NULL,
    funding_source_id uuid        NOT NULL,
    source_type       text        NOT NULL,
    sponsor_id        uuid,
    line_count        integer     NOT NULL CHECK (line_count > 0),
    total             bigint      NOT NULL CHECK (total > 0),
    paid              bigint      NOT NULL DEFAULT 0 CHECK (paid >= 0 AND paid <= total),
    status            text        NOT NULL CHECK (status IN ('Issued', 'PartiallyPaid', 'Paid')),
    version           bigint      NOT NULL DEFAULT 1,
    issued_at         timestamptz NOT NULL,
    CHECK ((source_type IN ('Asn', 'Csr')) = (sponsor_id IS NOT NULL)),
    UNIQUE NULLS NOT DISTINCT (period, funding_source_id, sponsor_id)
);
CREATE INDEX invoices_by_source ON invoices (funding_source_id, period, seq);
CREATE INDEX invoices_by_sponsor ON invoices (sponsor_id, period, seq) WHERE sponsor_id IS NOT NULL;

-- A worker is billed once for a month: the primary key is the exactly-once rule itself.
CREATE TABLE invoice_lines (
    worker_id     uuid   NOT NULL,
    period        date   NOT NULL,
    invoice_id    uuid   NOT NULL REFERENCES invoices (id),
    allocation_id uuid   NOT NULL,
    amount        bigint NOT NULL CHECK (amount > 0),
    PRIMARY KEY (worker_id, period)
);
CREATE INDEX invoice_lines_by_invoice ON invoice_lines (invoice_id, worker_id);

CREATE TABLE payments (
    id          uuid PRIMARY KEY,
    seq         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    invoice_id  uuid        NOT NULL REFERENCES invoices (id),
    reference   text        NOT NULL UNIQUE CHECK (length(reference) BETWEEN 1 AND 100),  -- the bank's or BPJS's reference: the same one twice is the same payment
    amount      bigint      NOT NULL CHECK (amount > 0),
    paid_at     date        NOT NULL,
    recorded_by text        NOT NULL,
    recorded_at timestamptz NOT NULL
);
CREATE INDEX payments_by_invoice ON payments (invoice_id, seq);

-- A worker's cover lapsed after more than three consecutive unpaid months; told once per lapse.
CREATE TABLE coverage_lapses (
    worker_id    uuid        NOT NULL,
    first_unpaid date        NOT NULL,   -- the first month of the unpaid run that lapsed
    lapsed_at    timestamptz NOT NULL,
    PRIMARY KEY (worker_id, first_unpaid)
);
