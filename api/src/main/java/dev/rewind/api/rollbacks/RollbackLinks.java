package dev.rewind.api.rollbacks;

import dev.rewind.api.temporal.TemporalProperties;
import org.springframework.stereotype.Component;

/** Where to look at a rollback: this API, and the workflow's page in the Temporal UI. */
@Component
class RollbackLinks {
  static final String BASE = "/api/v1/rollbacks";

  private final TemporalProperties temporal;

  RollbackLinks(TemporalProperties temporal) {
    this.temporal = temporal;
  }

  Links of(String id) {
    return new Links(BASE + "/" + id, temporal.workflowUrl(id));
  }

  record Links(String self, String temporalUi) {}
}
