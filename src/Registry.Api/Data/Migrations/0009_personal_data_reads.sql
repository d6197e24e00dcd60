-- Auditors page through the reads of workers' personal data (searches and reads by id), newest
-- first, among every other audit entry: a small partial index in id order.
CREATE INDEX audit_log_personal_data_reads ON audit_log (id) WHERE entity_type IN ('worker-search', 'worker-read');
