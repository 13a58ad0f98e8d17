-- A job's solved mean-field limit (issue 12), written once when the job starts, in one transaction
-- with its fence check, before any realisation is dispatched; a limit that cannot be solved writes
-- nothing. A resumed job writes the same rows again (the solve is deterministic). Idempotent.

-- One row per (job, equation): how it was solved, on which grid. The moments and densities hang off it.
CREATE TABLE IF NOT EXISTS ensemble.limit_solutions (
    job_id            text NOT NULL REFERENCES ensemble.jobs (job_id) ON DELETE CASCADE,
    equation          text NOT NULL CHECK (equation IN ('nonlocal', 'local')),
    -- The equation's place in the spec's limit section.
    position          integer NOT NULL,
    dimension         integer NOT NULL CHECK (dimension BETWEEN 1 AND 3),
    -- The grid: lower corner and cells per axis, the same spacing h on every axis.
    lower_corner      double precision[] NOT NULL,
    cells             integer[] NOT NULL,
    cell_size         double precision NOT NULL,
    steps             integer NOT NULL,
    time_step         double precision NOT NULL,
    convolution       text NOT NULL,
    mass_drift        double precision NOT NULL,
    mass_at_boundary  double precision NOT NULL,
    minimum_density   double precision NOT NULL,
    elapsed_seconds   double precision NOT NULL,
    solved_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, equation)
);

-- The limit's tidy table, limit.csv's columns: one moment of one species' density at one time.
CREATE TABLE IF NOT EXISTS ensemble.limit_moments (
    job_id      text NOT NULL,
    row_number  integer NOT NULL,
    equation    text NOT NULL,
    species     text NOT NULL,
    time        double precision NOT NULL,
    observable  text NOT NULL,
    component   text NOT NULL,
    value       double precision NOT NULL,
    PRIMARY KEY (job_id, row_number),
    FOREIGN KEY (job_id, equation) REFERENCES ensemble.limit_solutions (job_id, equation) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS limit_moments_observable ON ensemble.limit_moments (job_id, observable, species, time);

-- limit_density.csv's rows: one cell average of one species' density at one time, with the cell's
-- centre (y and z NULL below their dimension). A block is one (equation, species, time).
CREATE TABLE IF NOT EXISTS ensemble.limit_density (
    job_id    text NOT NULL,
    block     integer NOT NULL,
    cell      integer NOT NULL,
    equation  text NOT NULL,
    species   text NOT NULL,
    time      double precision NOT NULL,
    x         double precision NOT NULL,
    y         double precision,
    z         double precision,
    density   double precision NOT NULL,
    PRIMARY KEY (job_id, block, cell),
    FOREIGN KEY (job_id, equation) REFERENCES ensemble.limit_solutions (job_id, equation) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS limit_density_time ON ensemble.limit_density (job_id, equation, species, time);
