-- Maker-checker for bringing a Deceased worker back: an operator's request waits on the worker
-- until a second person, in the approving role, approves or refuses it. All three are set
-- together or not at all.
ALTER TABLE workers
    ADD COLUMN reactivation_requested_by   text,
    ADD COLUMN reactivation_requested_at   timestamptz,
    ADD COLUMN reactivation_request_note   text,
    ADD CONSTRAINT workers_reactivation_request_complete CHECK (
        (reactivation_requested_by IS NULL) = (reactivation_requested_at IS NULL)
        AND (reactivation_requested_by IS NULL) = (reactivation_request_note IS NULL));
