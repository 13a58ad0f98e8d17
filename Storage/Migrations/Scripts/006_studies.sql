-- Convergence studies (issue 13): one row per study, one per grid point linking it to its job. A point's job is an
-- ordinary job (ensemble.jobs, id '<study>.p<k>'); the link has no foreign key because the study's rows are written
-- before its points' jobs are submitted. Idempotent.

CREATE TABLE IF NOT EXISTS ensemble.studies (
    study_id     text PRIMARY KEY,
    -- The study spec (base job spec, grid, R, fitted estimates) as queryable JSON, and its canonical text.
    spec         jsonb NOT NULL,
    spec_text    text NOT NULL,
    status       text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    message      text,
    points       integer NOT NULL CHECK (points > 0),
    -- One element per fitted estimate and grid parameter: slope, se, lower95, upper95, pairwiseOrders, verdict,
    -- explanation and the points' estimates (null until the study has finished).
    fits         jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS ensemble.study_points (
    study_id     text NOT NULL REFERENCES ensemble.studies (study_id) ON DELETE CASCADE,
    point_index  integer NOT NULL CHECK (point_index >= 0),
    -- The point's parameter values, e.g. {"particles": 250, "eps": 0.31}; a tied eps is listed in tied.
    parameters   jsonb NOT NULL,
    tied         text[] NOT NULL DEFAULT '{}',
    job_id       text NOT NULL,
    PRIMARY KEY (study_id, point_index)
);
CREATE INDEX IF NOT EXISTS study_points_job ON ensemble.study_points (job_id);
