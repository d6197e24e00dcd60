-- duplicate_key (0008) was declared STRICT, and PostgreSQL does not inline a STRICT SQL function
-- whose body is not strict in its argument (nullif is not): every call went through the SQL
-- function executor, about 12 µs a name, three times per worker (the stored name_key and
-- kelurahan_key, and the import's duplicate look-up). Inlined it costs 4 µs. The result is the
-- same for every input, NULL included (search_text is STRICT, so NULL goes through as NULL), so
-- the stored keys and their indexes stay valid.
ALTER FUNCTION duplicate_key(text) CALLED ON NULL INPUT;
