-- Fencing of job coordinators. Each activation of a job's coordinator takes the next epoch of its
-- job here before it loads or saves anything, and every checkpoint first calls ensemble.fence with
-- the epoch it took: a stale activation (a split brain, a silo declared dead that is still
-- running) then fails its save with SQLSTATE EF001 and writes nothing. No foreign key: a new job
-- takes its epoch before its first checkpoint creates the job's row. Idempotent.
CREATE TABLE IF NOT EXISTS ensemble.job_epochs (
    job_id      text PRIMARY KEY,
    epoch       bigint NOT NULL,
    claimed_at  timestamptz NOT NULL DEFAULT now()
);

-- Row-locks the job's epoch for the rest of the checkpoint's transaction, so a claim by a newer
-- activation waits for a save in progress, and a save waits for a claim in progress and then sees
-- the new epoch. A job that never took an epoch counts as epoch 0.
CREATE OR REPLACE FUNCTION ensemble.fence(job text, expected bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    current_epoch bigint;
BEGIN
    SELECT epoch INTO current_epoch FROM ensemble.job_epochs WHERE job_id = job FOR UPDATE;
    IF COALESCE(current_epoch, 0) <> expected THEN
        RAISE EXCEPTION 'job % is coordinated by a newer activation (epoch %); this one (epoch %) must stop',
            job, current_epoch, expected
            USING ERRCODE = 'EF001';
    END IF;
END
$$;
