package dev.rewind.activities.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewind.workflows.core.Notice;
import dev.rewind.workflows.core.Target;
import org.junit.jupiter.api.Test;

/** The line a notice reads as: a rollback's event, or a drill's result. */
class NoticeMessageTest {
  static final Target WEB = new Target("web", "staging", "local", "agent", "d1g3st");

  @Test
  void aRollbackEventNamesTheRollback() {
    Notice started =
        new Notice(
            "started",
            "rollback-1",
            "container-revert web staging v2 → v1",
            "RUNNING",
            null,
            "/api/v1/rollbacks/rollback-1",
            0);

    assertEquals(
        "Rollback started: container-revert web staging v2 → v1 — web staging, rollback rollback-1"
            + " — /api/v1/rollbacks/rollback-1",
        NoticeMessage.text(WEB, started));
  }

  @Test
  void aDrillResultNamesTheDrillsRun() {
    Notice result =
        new Notice(
            "drill-result",
            "drill-staging-web-1-2026-12-02T03:00:00Z",
            "drill drill-staging-web-1 PASSED: back v2 → v1 SUCCEEDED in 7 s, forward v1 → v2"
                + " SUCCEEDED in 6 s",
            "PASSED",
            null,
            "/api/v1/drills",
            0);

    assertEquals(
        "Rollback drill: drill drill-staging-web-1 PASSED: back v2 → v1 SUCCEEDED in 7 s, forward"
            + " v1 → v2 SUCCEEDED in 6 s — web staging, run drill-staging-web-1-2026-12-02T03:00:00Z"
            + " — /api/v1/drills",
        NoticeMessage.text(WEB, result));
  }
}
