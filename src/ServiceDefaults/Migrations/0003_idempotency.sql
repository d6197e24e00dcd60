-- Idempotency-Key: the first answer to a POST, replayed when the same caller sends the same key again.
CREATE TABLE idempotency_keys (
    subject       text        NOT NULL,   -- the caller's sub: one caller never sees another's answers
    key           text        NOT NULL,
    endpoint      text        NOT NULL,   -- method and route, for whoever reads the table
    request_hash  bytea       NOT NULL,   -- SHA-256 of method, path, query and body: another request under the same key is a 422
    status_code   integer,                -- null while the first request is running
    content_type  text,
    location      text,
    response_body bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    PRIMARY KEY (subject, key)
);
-- The clean-up deletes the oldest keys in batches.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
