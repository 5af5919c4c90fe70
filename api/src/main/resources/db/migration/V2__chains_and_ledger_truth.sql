-- Plan v2: rollbacks chain strategies (workflow type RollbackChain); approvals and operator
-- actions are true only here, and the workflow reads them back.

-- Rows from before are rollbacks of the frozen workflow type Rollback, whose plan has the old
-- shape; new rows name their type. The chain in order (strategy keeps it joined with '+', as
-- the RewindStrategy search attribute does).
ALTER TABLE rollbacks ADD COLUMN workflow_type TEXT NOT NULL DEFAULT 'Rollback';
ALTER TABLE rollbacks ALTER COLUMN workflow_type DROP DEFAULT;
ALTER TABLE rollbacks ADD COLUMN strategies TEXT[];
UPDATE rollbacks SET strategies = string_to_array(strategy, '+');
ALTER TABLE rollbacks ALTER COLUMN strategies SET NOT NULL;

-- One person gives one approval of a rollback, even when they post both kinds at once: the
-- second insert waits for the first to commit, then fails, and is answered 409.
CREATE UNIQUE INDEX approvals_one_per_identity ON approvals (rollback_id, approved_by);
