-- What the probe consumers did: one row per run, so a doubled delivery shows as two rows.
CREATE TABLE probe_effects (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    note       text NOT NULL,
    header     text
);

-- Notes whose poison has been cured: their consumer no longer refuses them.
CREATE TABLE probe_cures (
    note text PRIMARY KEY
);
