-- The contribution rule in force from a month on. JKK is a rate of the declared income base,
-- JKM a flat amount; money is whole rupiah. A regulation change is a new row, never an edit.
CREATE TABLE tariffs (
    effective_from text    PRIMARY KEY CHECK (effective_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),  -- yyyy-MM
    income_base    bigint  NOT NULL CHECK (income_base > 0),
    jkk_rate       numeric(7, 6) NOT NULL CHECK (jkk_rate > 0 AND jkk_rate < 1),
    jkm_amount     bigint  NOT NULL CHECK (jkm_amount >= 0),
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- BPU lowest band (PP 44/2015 as amended): Rp1,000,000 × 1% + Rp6,800 = Rp16,800 a month.
INSERT INTO tariffs (effective_from, income_base, jkk_rate, jkm_amount) VALUES ('2025-01', 1000000, 0.01, 6800);
