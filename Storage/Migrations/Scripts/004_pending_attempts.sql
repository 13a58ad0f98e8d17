-- A seed still pending may have a row too: its attempts so far, written in the checkpoint's
-- transaction, so that after a restart of the whole cluster a seed that already failed k times
-- gets only the attempts it has left. Idempotent.
ALTER TABLE ensemble.realisations DROP CONSTRAINT IF EXISTS realisations_status_check;
ALTER TABLE ensemble.realisations ADD CONSTRAINT realisations_status_check
    CHECK (status IN ('pending', 'succeeded', 'failed', 'abandoned'));
