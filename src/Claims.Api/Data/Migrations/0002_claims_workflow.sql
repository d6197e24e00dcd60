-- The claim workflow: filing with a coverage check, transitions, documents, and the workers
-- Claims hears about from the registry. Before this migration no endpoint wrote claims, so the
-- NOT NULL columns below need no default for existing rows.

ALTER TABLE claims
    ADD COLUMN location            text,
    ADD COLUMN reported_by         text        NOT NULL,  -- who told Disnaker (a relative, a colleague, the worker)
    ADD COLUMN filed_by            text        NOT NULL,  -- the officer's subject
    ADD COLUMN kecamatan           text,                  -- the worker's kecamatan when the claim was filed
    ADD COLUMN status_changed_at   timestamptz NOT NULL,
    ADD COLUMN closed_at           timestamptz,           -- set on Paid or Rejected
    ADD COLUMN approved_amount     bigint      CHECK (approved_amount > 0),
    ADD COLUMN paid_amount         bigint      CHECK (paid_amount > 0),
    ADD COLUMN version             bigint      NOT NULL,  -- 1 at filing, +1 per transition; ClaimStatusChanged carries it
    -- The latest coverage check at the incident date (history in claim_coverage_checks).
    ADD COLUMN coverage_status     text        NOT NULL
        CHECK (coverage_status IN ('Covered', 'PendingPayment', 'NotCovered', 'Lapsed', 'Unknown')),
    ADD COLUMN coverage_period     date,
    ADD COLUMN coverage_invoice_id uuid,
    ADD COLUMN coverage_funding_source_id uuid,
    ADD COLUMN coverage_sponsor_id uuid,
    ADD COLUMN coverage_checked_at timestamptz NOT NULL,
    -- When the background check asks Billing again; NULL once the answer can no longer change the claim.
    ADD COLUMN coverage_recheck_at timestamptz,
    ADD COLUMN coverage_attempts   int         NOT NULL DEFAULT 0,
    ADD CONSTRAINT claims_closed_when_final CHECK ((status IN ('Paid', 'Rejected')) = (closed_at IS NOT NULL)),
    ADD CONSTRAINT claims_approved_has_amount CHECK (status NOT IN ('Approved', 'Paid') OR approved_amount IS NOT NULL),
    ADD CONSTRAINT claims_paid_has_amount CHECK (status <> 'Paid' OR paid_amount IS NOT NULL);

-- One open claim of a type per worker and incident date; a rejected or paid one does not block a new one.
CREATE UNIQUE INDEX claims_one_open_per_incident ON claims (worker_id, type, incident_date)
    WHERE status NOT IN ('Paid', 'Rejected');
CREATE INDEX claims_kecamatan ON claims (kecamatan, seq);
CREATE INDEX claims_type ON claims (type, seq);
CREATE INDEX claims_coverage_recheck ON claims (coverage_recheck_at) WHERE coverage_recheck_at IS NOT NULL;

-- Every status a claim has been in, Submitted first (seq 1), with who moved it and why.
CREATE TABLE claim_transitions (
    claim_id    uuid        NOT NULL REFERENCES claims (id),
    seq         int         NOT NULL CHECK (seq > 0),
    from_status text,
    to_status   text        NOT NULL CHECK (to_status IN ('Submitted', 'Verified', 'SentToBpjs', 'Approved', 'Paid', 'Rejected')),
    note        text,
    amount      bigint      CHECK (amount > 0),
    actor       text        NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (claim_id, seq)
);

-- Every time Billing was asked about coverage at the incident date, including the times it could not answer.
CREATE TABLE claim_coverage_checks (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id          uuid        NOT NULL REFERENCES claims (id),
    checked_at        timestamptz NOT NULL,
    checked_by        text        NOT NULL,
    status            text        NOT NULL CHECK (status IN ('Covered', 'PendingPayment', 'NotCovered', 'Lapsed', 'Unknown')),
    period            date,
    invoice_id        uuid,
    funding_source_id uuid,
    sponsor_id        uuid,
    failure           text,       -- why Billing gave no answer (status Unknown)
    CHECK ((status = 'Unknown') = (failure IS NOT NULL))
);
CREATE INDEX claim_coverage_checks_claim ON claim_coverage_checks (claim_id, id);

-- The checklist: one row per document the claim's type needs, created with the claim.
CREATE TABLE claim_documents (
    claim_id    uuid        NOT NULL REFERENCES claims (id),
    code        text        NOT NULL,
    received_at timestamptz,
    received_by text,
    reference   text,       -- where the paper or scan is kept (a URL or a file number); the file itself is not stored
    PRIMARY KEY (claim_id, code),
    CHECK ((received_at IS NULL) = (received_by IS NULL) AND (received_at IS NULL) = (reference IS NULL))
);

-- Workers as the registry's events describe them: enough to date-check and filter claims.
CREATE TABLE claim_workers (
    worker_id     uuid   PRIMARY KEY,
    kecamatan     text,
    registered_on date,          -- in Asia/Jakarta
    status        text   NOT NULL,
    deceased_on   date,          -- set by a Deceased deactivation, cleared by a later reactivation
    version       bigint NOT NULL  -- the registry's version as of the newest event applied; 0 when asked over HTTP
);
