-- A job's estimate followed over prefixes of seeds (issue 13: early stop at a target standard
-- error, and the report's "se vs R" plot), saved in the same transaction as the books it agrees
-- with. Idempotent.

-- One row per job: which estimate is followed, the stop rule (NULLs without one), where the prefix
-- stands, R' once the target was met, and the tracker a resumed coordinator continues from.
CREATE TABLE IF NOT EXISTS ensemble.prefix_histories (
    job_id            text PRIMARY KEY REFERENCES ensemble.jobs (job_id) ON DELETE CASCADE,
    observable        text NOT NULL,
    species           text NOT NULL,
    time              double precision NOT NULL,
    component         text NOT NULL,
    target_se         double precision,
    relative_se       double precision,
    min_realisations  integer,
    -- Seeds 0 .. frontier - 1 are folded.
    frontier          integer NOT NULL CHECK (frontier >= 0),
    stopped_at        integer CHECK (stopped_at > 0),
    -- The tracker as JSON: the exact power sums of the prefix and the values of seeds recorded ahead of it.
    tracker           text NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

-- The history: the fold of seeds 0 .. realisations - 1 at 8, 16, 32, ... and at the job's end.
-- NULL where a value cannot be estimated (no value folded, or one for the se).
CREATE TABLE IF NOT EXISTS ensemble.prefix_estimates (
    job_id        text NOT NULL REFERENCES ensemble.prefix_histories (job_id) ON DELETE CASCADE,
    realisations  integer NOT NULL CHECK (realisations > 0),
    count         bigint NOT NULL,
    mean          double precision,
    se            double precision,
    PRIMARY KEY (job_id, realisations)
);
