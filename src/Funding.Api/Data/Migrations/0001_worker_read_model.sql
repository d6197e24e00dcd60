-- Funding's own copy of what the registry has said about each worker, fed by Registry's events.
-- Funding decides "can this worker be funded?" from it without calling the registry.
CREATE TABLE registry_workers (
    worker_id        uuid PRIMARY KEY,
    registry_status  text        NOT NULL CHECK (registry_status IN ('Registered', 'Verified', 'Deactivated')),
    occupation_code  text        NOT NULL,
    kecamatan        text        NOT NULL,
    p3ke_listed      boolean     NOT NULL,
    deactivation_reason text,
    deactivated_from date,
    last_changed_at  timestamptz NOT NULL
);
