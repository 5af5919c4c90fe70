package dev.rewind.api.rollbacks;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.rewind.api.temporal.TemporalUnavailableException;
import dev.rewind.workflows.HealthProbe;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.StepRecord;
import dev.rewind.workflows.StepStatus;
import dev.rewind.workflows.WatchState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@RollbacksWebTest
@TestPropertySource(properties = "rewind.catalog=src/test/resources/catalogs/api-test.yml")
class RollbackStatusTest {
  static final String ID = RollbacksControllerTest.ID;

  @Autowired MockMvc mvc;
  @Autowired Rollbacks rollbacks;

  static MockHttpServletRequestBuilder read(String id, String token) {
    return get("/api/v1/rollbacks/" + id).header("Authorization", "Bearer " + token);
  }

  @Test
  void aRunningRollbackShowsItsStepsWithIsoTimes() throws Exception {
    RollbackState state =
        new RollbackState(
            RollbackStatus.RUNNING,
            1,
            "start container",
            List.of(
                new StepRecord(
                    "inspect container", "local", 1, StepStatus.SUCCEEDED, 0L, 1500L, "id 7f3c"),
                new StepRecord(
                    "start container", "local", 1, StepStatus.RUNNING, 2000L, null, null)),
            List.of(),
            null,
            List.of(),
            List.of(),
            null);
    given(rollbacks.find(ID))
        .willReturn(
            Optional.of(RollbackDescription.of(ID, "demo-web", "dev", "container-revert", state)));

    mvc.perform(read(ID, "operator-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(ID))
        .andExpect(jsonPath("$.service").value("demo-web"))
        .andExpect(jsonPath("$.environment").value("dev"))
        .andExpect(jsonPath("$.strategy").value("container-revert"))
        .andExpect(jsonPath("$.strategies[0]").value("container-revert"))
        .andExpect(jsonPath("$.watch").isEmpty())
        .andExpect(jsonPath("$.status").value("RUNNING"))
        .andExpect(jsonPath("$.attempt").value(1))
        .andExpect(jsonPath("$.currentStep").value("start container"))
        .andExpect(jsonPath("$.steps", hasSize(2)))
        .andExpect(jsonPath("$.steps[0].startedAt").value("1970-01-01T00:00:00Z"))
        .andExpect(jsonPath("$.steps[0].endedAt").value("1970-01-01T00:00:01.500Z"))
        .andExpect(jsonPath("$.steps[0].status").value("SUCCEEDED"))
        .andExpect(jsonPath("$.steps[1].endedAt").isEmpty())
        .andExpect(jsonPath("$.snapshots", hasSize(0)))
        .andExpect(
            jsonPath("$.links.temporalUi")
                .value("http://temporal.test:8233/namespaces/rewind/workflows/" + ID));
  }

  @Test
  void withoutAWorkerTheRecordedStatusIsShownWithoutSteps() throws Exception {
    given(rollbacks.find(ID))
        .willReturn(
            Optional.of(
                RollbackDescription.withoutState(
                    ID,
                    "demo-web",
                    "dev",
                    "container-revert",
                    RollbackStatus.ESCALATED,
                    "steps are unavailable")));

    mvc.perform(read(ID, "pipeline-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("ESCALATED"))
        .andExpect(jsonPath("$.attempt").isEmpty())
        .andExpect(jsonPath("$.steps", hasSize(0)))
        .andExpect(jsonPath("$.detail").value("steps are unavailable"));
  }

  @Test
  void aWatchedRollbackShowsItsChainAndTheWatchWithItsEvidence() throws Exception {
    WatchState watch =
        new WatchState(
            60_000L,
            60_000L + 30 * 60_000L,
            12,
            2,
            1,
            List.of(new HealthProbe("app", 400_000L, 503, null, false)));
    RollbackState state =
        new RollbackState(
            RollbackStatus.WATCHING,
            1,
            "watch",
            List.of(),
            List.of(),
            null,
            List.of(),
            List.of(),
            watch);
    given(rollbacks.find(ID))
        .willReturn(
            Optional.of(
                RollbackDescription.of(
                    ID, "billing", "prod", "backup-restore+code-revert", state)));

    mvc.perform(read(ID, "operator-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("WATCHING"))
        .andExpect(jsonPath("$.strategy").value("backup-restore+code-revert"))
        .andExpect(jsonPath("$.strategies[0]").value("backup-restore"))
        .andExpect(jsonPath("$.strategies[1]").value("code-revert"))
        .andExpect(jsonPath("$.watch.startedAt").value("1970-01-01T00:01:00Z"))
        .andExpect(jsonPath("$.watch.endsAt").value("1970-01-01T00:31:00Z"))
        .andExpect(jsonPath("$.watch.checks").value(12))
        .andExpect(jsonPath("$.watch.failures").value(2))
        .andExpect(jsonPath("$.watch.consecutiveFailures").value(1))
        .andExpect(jsonPath("$.watch.evidence[0].status").value(503))
        .andExpect(jsonPath("$.watch.evidence[0].at").value("1970-01-01T00:06:40Z"));
  }

  @Test
  void theListFilterAcceptsWatching() throws Exception {
    mvc.perform(
            get("/api/v1/rollbacks?status=WATCHING").header("Authorization", "Bearer dev-token"))
        .andExpect(status().isOk());
    mvc.perform(get("/api/v1/rollbacks?status=WATCHED").header("Authorization", "Bearer dev-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].message", containsString("WATCHING")));
  }

  @Test
  void anUnknownRollbackIs404() throws Exception {
    given(rollbacks.find(ID)).willReturn(Optional.empty());

    mvc.perform(read(ID, "dev-token"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value("no rollback with id " + ID));
  }

  @Test
  void anIdThatIsNotARollbackIdIs400() throws Exception {
    mvc.perform(read("deploy-123", "dev-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("id"));
  }

  @Test
  void readingWithoutTokenIs401() throws Exception {
    mvc.perform(get("/api/v1/rollbacks/" + ID)).andExpect(status().isUnauthorized());
  }

  @Test
  void temporalBeingDownIs503() throws Exception {
    given(rollbacks.find(ID))
        .willThrow(new TemporalUnavailableException("Temporal is unavailable: x", null));

    mvc.perform(read(ID, "dev-token"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.detail", containsString("Temporal is unavailable")));
  }
}
