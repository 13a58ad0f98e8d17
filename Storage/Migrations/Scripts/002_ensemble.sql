-- The service's own tables, in schema "ensemble", for plain-SQL queries and for the read-only
-- client path (results, status and rerun after the cluster is gone). Idempotent.
CREATE SCHEMA IF NOT EXISTS ensemble;

-- One row per job: its identity (spec, master seed, R), how it is dispatched, and its progress.
CREATE TABLE IF NOT EXISTS ensemble.jobs (
    job_id               text PRIMARY KEY,
    name                 text,
    spec                 jsonb NOT NULL,
    -- The canonical spec text exactly as the coordinator hashes and reruns it (jsonb reorders keys).
    spec_text            text NOT NULL,
    master_seed          numeric(20, 0) NOT NULL CHECK (master_seed >= 0),
    realisations         integer NOT NULL CHECK (realisations > 0),
    max_in_flight        integer NOT NULL,
    max_attempts         integer NOT NULL,
    realisation_timeout  interval NOT NULL,
    status               text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    message              text,
    succeeded            integer NOT NULL DEFAULT 0,
    failed               integer NOT NULL DEFAULT 0,
    abandoned            integer NOT NULL DEFAULT 0,
    retries              bigint NOT NULL DEFAULT 0,
    duplicate_reports    bigint NOT NULL DEFAULT 0,
    submitted_at         timestamptz NOT NULL DEFAULT now(),
    started_at           timestamptz,
    finished_at          timestamptz,
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS jobs_submitted_at ON ensemble.jobs (submitted_at);

-- One row per realisation recorded by the coordinator; the primary key makes "every seed at most
-- once" a property of the database, not only of the code.
CREATE TABLE IF NOT EXISTS ensemble.realisations (
    job_id          text NOT NULL REFERENCES ensemble.jobs (job_id) ON DELETE CASCADE,
    seed_index      integer NOT NULL CHECK (seed_index >= 0),
    status          text NOT NULL CHECK (status IN ('succeeded', 'failed', 'abandoned')),
    attempts        integer NOT NULL,
    silo            text,
    duration_ms     double precision,
    -- XxHash64 of the final state, 16 hex digits as the CLI prints it.
    checksum        text,
    failure_reason  text,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, seed_index)
);

-- The exact accumulator of a job (the source of truth for its estimates), saved in the same
-- transaction as the realisations it counts.
CREATE TABLE IF NOT EXISTS ensemble.aggregates (
    job_id          text PRIMARY KEY REFERENCES ensemble.jobs (job_id) ON DELETE CASCADE,
    realisations    bigint NOT NULL,
    accumulator     text NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- The estimates as tidy rows (the CLI's CSV columns), refreshed while the job runs and at its end.
CREATE TABLE IF NOT EXISTS ensemble.estimates (
    job_id          text NOT NULL REFERENCES ensemble.jobs (job_id) ON DELETE CASCADE,
    row_number      integer NOT NULL,
    observable      text NOT NULL,
    species         text NOT NULL,
    time            double precision NOT NULL,
    component       text NOT NULL,
    count           bigint NOT NULL,
    mean            double precision,
    se              double precision,
    ci_low          double precision,
    ci_high         double precision,
    min             double precision,
    max             double precision,
    PRIMARY KEY (job_id, row_number)
);
CREATE INDEX IF NOT EXISTS estimates_observable ON ensemble.estimates (job_id, observable, species, time);
