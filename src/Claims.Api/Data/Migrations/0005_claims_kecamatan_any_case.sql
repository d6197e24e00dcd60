-- The claims list matches kecamatan in any case (lower() = lower()); the index of 0002 on the
-- name as written cannot serve that, this one can, in list order.
CREATE INDEX claims_kecamatan_folded ON claims (lower(kecamatan), seq);
DROP INDEX claims_kecamatan;
