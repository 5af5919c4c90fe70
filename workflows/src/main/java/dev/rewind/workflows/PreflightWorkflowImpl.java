package dev.rewind.workflows;

import dev.rewind.workflows.backup.BackupRestorePlan;
import dev.rewind.workflows.code.CodeRevertPlan;
import dev.rewind.workflows.code.GitActivities;
import dev.rewind.workflows.config.ConfigActivities;
import dev.rewind.workflows.config.ConfigRestorePlan;
import dev.rewind.workflows.container.ContainerActivities;
import dev.rewind.workflows.container.ContainerRevertPlan;
import dev.rewind.workflows.core.HostActivities;
import dev.rewind.workflows.core.StepJournal;
import dev.rewind.workflows.core.Target;
import dev.rewind.workflows.database.BackupCheck;
import dev.rewind.workflows.database.DatabaseActivities;
import dev.rewind.workflows.flags.FeatureFlagPlan;
import dev.rewind.workflows.flags.FlagActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A dry run's checks, each an activity that changes nothing, run where the rollback's steps would
 * run. A host whose agent does not pick its task up within seconds is unreachable; every check's
 * failure is answered as a precondition that does not hold, never as a failed workflow.
 */
public class PreflightWorkflowImpl implements PreflightWorkflow {
  private static final ActivityOptions CHECK =
      ActivityOptions.newBuilder()
          .setScheduleToStartTimeout(Duration.ofSeconds(5))
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  private final List<Precondition> results = new ArrayList<>();

  @Override
  public List<Precondition> check(RollbackPlan plan) {
    Set<HostRef> hosts = new LinkedHashSet<>(plan.topology().hosts());
    if (plan.topology().databaseHost() != null) {
      hosts.add(plan.topology().databaseHost());
    }
    for (HostRef host : hosts) {
      Target on = Target.of(plan, host);
      check("hosts", host.name() + " reachable", () -> stub(HostActivities.class, on).reach(on));
    }
    Target first = Target.of(plan, plan.topology().hosts().get(0));
    for (StrategyPlan strategy : plan.strategies()) {
      if (strategy instanceof BackupRestorePlan b) {
        Target db = Target.of(plan, plan.topology().databaseHost());
        check(
            "backup",
            "backup intact and young enough",
            () ->
                describe(
                    stub(DatabaseActivities.class, db)
                        .checkBackup(
                            db, b.backup(), b.maxBackupAgeSeconds(), b.allowStaleBackup())));
      } else if (strategy instanceof ContainerRevertPlan c) {
        check(
            "targetVersion",
            "image tag " + c.imageTag() + " present",
            () ->
                present(
                    control(ContainerActivities.class).hasImage(first, c.imageTag()),
                    "no image with tag " + c.imageTag() + " on the Docker endpoint"));
      } else if (strategy instanceof ConfigRestorePlan config) {
        for (HostRef host : plan.topology().hosts()) {
          Target on = Target.of(plan, host);
          check(
              "configBackup",
              "backup set " + config.backupSet() + " intact on " + host.name(),
              () -> stub(ConfigActivities.class, on).checkSet(on, config.backupSet()).detail());
        }
      } else if (strategy instanceof FeatureFlagPlan f) {
        List<String> names = List.copyOf(f.flags().keySet());
        check(
            "flags",
            "flag provider reachable, flags " + String.join(", ", names) + " exist",
            () ->
                "now "
                    + FeatureFlagPlan.show(control(FlagActivities.class).readFlags(first, names)));
      } else if (strategy instanceof CodeRevertPlan code) {
        for (HostRef host : plan.topology().hosts()) {
          Target on = Target.of(plan, host);
          check(
              "gitSha",
              code.gitSha() + " in the checkout on " + host.name(),
              () ->
                  present(
                      stub(GitActivities.class, on).hasCommit(on, code.gitSha()),
                      "no commit " + code.gitSha() + " in the checkout on " + host.name()));
        }
      }
    }
    return List.copyOf(results);
  }

  private void check(String field, String what, Functions.Func<String> call) {
    try {
      results.add(new Precondition(field, what, true, call.apply()));
    } catch (TemporalFailure e) {
      results.add(new Precondition(field, what, false, StepJournal.describe(e)));
    } catch (Missing e) {
      results.add(new Precondition(field, what, false, e.getMessage()));
    }
  }

  private static String present(boolean present, String otherwise) {
    if (!present) {
      throw new Missing(otherwise);
    }
    return "present";
  }

  private static String describe(BackupCheck c) {
    return c.file()
        + ": "
        + c.ageSeconds() / 3600
        + " h old"
        + (c.stale() ? " (stale, allowed)" : "")
        + (c.checksumVerified() ? ", sha256 matches" : ", no .sha256");
  }

  private static <A> A stub(Class<A> type, Target on) {
    return Workflow.newActivityStub(
        type, ActivityOptions.newBuilder(CHECK).setTaskQueue(on.taskQueue()).build());
  }

  private static <A> A control(Class<A> type) {
    return Workflow.newActivityStub(
        type, ActivityOptions.newBuilder(CHECK).setTaskQueue(TaskQueues.CONTROL).build());
  }

  /** A check that ran and found its object missing (no activity failed). */
  private static final class Missing extends RuntimeException {
    Missing(String message) {
      super(message);
    }
  }
}
