-- An uploaded file is stored in 1 MB pieces while the operator waits, then read once by the
-- import: lz4 compresses CSV text several times faster than the default pglz, at a slightly
-- lower ratio (ServiceDefaults migration 0004).
SELECT compress_with_lz4('worker_import_file_chunks', 'content');
