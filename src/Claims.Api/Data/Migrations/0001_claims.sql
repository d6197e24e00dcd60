-- JKK (work accident) and JKM (death) claims, tracked until the family is paid.
CREATE TABLE claims (
    id            uuid PRIMARY KEY,
    seq           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,  -- keyset pagination order
    worker_id     uuid        NOT NULL,
    type          text        NOT NULL CHECK (type IN ('Jkk', 'Jkm')),
    status        text        NOT NULL CHECK (status IN ('Submitted', 'Verified', 'SentToBpjs', 'Approved', 'Paid', 'Rejected')),
    incident_date date        NOT NULL,
    description   text        NOT NULL,
    submitted_at  timestamptz NOT NULL
);
CREATE INDEX claims_worker ON claims (worker_id, seq);
CREATE INDEX claims_status ON claims (status, seq);
