-- The deployment registry and the rollback ledger of rewind-api. Flyway owns this schema.

-- Every deployment a pipeline recorded, and every version a successful rollback put back
-- (source = 'rollback'). The newest row of a service and environment is its current version.
CREATE TABLE deployments (
    id           BIGSERIAL PRIMARY KEY,
    service      TEXT        NOT NULL,
    environment  TEXT        NOT NULL,
    version      TEXT        NOT NULL,
    git_sha      TEXT,
    image        TEXT,
    migration    TEXT,
    backup       TEXT,
    -- DEPLOYED, or ROLLED_BACK once a rollback moved the environment away from it
    status       TEXT        NOT NULL DEFAULT 'DEPLOYED',
    source       TEXT        NOT NULL,
    rollback_id  TEXT,
    recorded_by  TEXT        NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX deployments_history ON deployments (service, environment, id DESC);

-- One row per accepted rollback, written in the same transaction that saw its workflow start,
-- so a row always names a workflow that exists.
CREATE TABLE rollbacks (
    id               TEXT PRIMARY KEY,
    service          TEXT        NOT NULL,
    environment      TEXT        NOT NULL,
    strategy         TEXT        NOT NULL,
    from_version     TEXT,
    to_version       TEXT        NOT NULL,
    status           TEXT        NOT NULL,
    -- the workflow's status-change counter: a late record never overwrites a newer one
    status_sequence  INT         NOT NULL DEFAULT 0,
    active           BOOLEAN     NOT NULL DEFAULT TRUE,
    requested_by     TEXT        NOT NULL,
    reason           TEXT        NOT NULL,
    idempotency_key  TEXT,
    request_hash     TEXT,
    plan             JSONB       NOT NULL,
    -- the last RollbackState the workflow reported: status, attempts, every step, snapshots
    state            JSONB,
    outcome          TEXT,
    requested_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at      TIMESTAMPTZ
);
-- At most one active rollback per service and environment, even under concurrent requests.
CREATE UNIQUE INDEX rollbacks_one_active ON rollbacks (service, environment) WHERE active;
-- An Idempotency-Key belongs to the identity that sent it.
CREATE UNIQUE INDEX rollbacks_idempotency ON rollbacks (requested_by, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX rollbacks_newest ON rollbacks (requested_at DESC);

CREATE TABLE approvals (
    id           BIGSERIAL PRIMARY KEY,
    rollback_id  TEXT        NOT NULL REFERENCES rollbacks (id),
    kind         TEXT        NOT NULL,
    approved_by  TEXT        NOT NULL,
    comment      TEXT,
    approved_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (rollback_id, kind)
);

-- Who did what to a rollback: request, approval, abort, retry, resolve.
CREATE TABLE actions (
    id           BIGSERIAL PRIMARY KEY,
    rollback_id  TEXT        NOT NULL REFERENCES rollbacks (id),
    action       TEXT        NOT NULL,
    identity     TEXT        NOT NULL,
    detail       TEXT,
    at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX actions_by_rollback ON actions (rollback_id, id);
