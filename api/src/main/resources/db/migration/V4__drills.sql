-- Scheduled rollback drills (runbook 003, runbook 000's quarterly drills). A drill is a Temporal
-- Schedule whose id is the drill's; the api keeps what the drill is and every run's outcome, and a
-- drill's workflow acts only on a drill this table has (deleted_at null).
CREATE TABLE drills (
    id           TEXT PRIMARY KEY,           -- drill-<environment>-<service>-<number>
    service      TEXT        NOT NULL,
    environment  TEXT        NOT NULL,
    number       INT         NOT NULL,
    strategies   TEXT[]      NOT NULL,
    severity     TEXT        NOT NULL,       -- P0..P3: the SLA a run is measured against
    every        TEXT,                       -- an interval, like 90d; or
    cron         TEXT,                       -- a cron expression, like 0 3 1 */3 *
    paused       BOOLEAN     NOT NULL,
    created_by   TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_by   TEXT,
    deleted_at   TIMESTAMPTZ,
    -- numbers are never reused, deleted drills included
    UNIQUE (service, environment, number),
    CHECK ((every IS NULL) <> (cron IS NULL))
);

-- One row per run (per drill workflow), written when it begins and again when it ends.
CREATE TABLE drill_runs (
    run_id       TEXT PRIMARY KEY,           -- the drill workflow's id
    drill_id     TEXT        NOT NULL REFERENCES drills (id),
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    outcome      TEXT        NOT NULL,       -- RUNNING, PASSED, FAILED
    sla_minutes  INT         NOT NULL,
    sla_met      BOOLEAN,
    back         JSONB,                      -- DrillLeg: rollback id, versions, status, seconds
    forward      JSONB
);
CREATE INDEX drill_runs_newest ON drill_runs (drill_id, started_at DESC);
