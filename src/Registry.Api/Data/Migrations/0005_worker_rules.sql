-- Rules of issue 10 (src/Registry.Api/Domain/RegistrationValidator.cs):
-- * domicile_reason: why a worker whose NIK was issued outside Kota Semarang lives here (a NIK is
--   for life); required for such a NIK, recorded with the registration and in its audit entry.
-- * occupation_text: the worker's own description of their work. A P3KE worker, eligible whatever
--   the work, keeps an occupation outside the list here instead of in occupation_code, so
--   occupation_code only ever holds a code of the occupations table.
-- * nik_needs_review: an imported NIK that a spreadsheet may have stored as a number (15
--   significant digits, the 16th written as 0); an operator checks it against the KTP.
ALTER TABLE workers
    ADD COLUMN domicile_reason  text,
    ADD COLUMN occupation_text  text,
    ADD COLUMN nik_needs_review boolean NOT NULL DEFAULT false;

-- P3KE workers registered before this migration have their free text in occupation_code.
UPDATE workers
SET occupation_text = occupation_code, occupation_code = NULL
WHERE occupation_code IS NOT NULL
  AND occupation_code NOT IN (SELECT code FROM occupations);

-- Operators list the NIKs still to check; few rows, so a small partial index.
CREATE INDEX workers_nik_needs_review ON workers (seq) WHERE nik_needs_review;
