package dev.rewind.worker;

import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.config.ConfigActivitiesImpl;
import dev.rewind.activities.database.DatabaseActivitiesImpl;
import dev.rewind.activities.docker.ContainerActivitiesImpl;
import dev.rewind.activities.flags.FlagActivitiesImpl;
import dev.rewind.activities.git.GitActivitiesImpl;
import dev.rewind.activities.health.HealthActivitiesImpl;
import dev.rewind.activities.heartbeat.BackgroundHeartbeats;
import dev.rewind.activities.host.HostActivitiesImpl;
import dev.rewind.activities.host.HostShells;
import dev.rewind.activities.host.Redaction;
import dev.rewind.activities.notify.NotifyActivitiesImpl;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogReader;
import dev.rewind.catalog.StartupProblem;
import dev.rewind.workflows.PreflightWorkflowImpl;
import dev.rewind.workflows.RollbackWorkflowImpl;
import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.codec.PollWhenReachable;
import dev.rewind.workflows.drill.DrillWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker executable. The {@code control} role polls {@code rewind-control}: rollback workflows
 * and the activities that reach targets remotely (Docker API, HTTP health, notifications, commands
 * and git over SSH). The {@code agent} role polls {@code rewind-host-<host>} for work that must run
 * on this host: commands, git and its databases' pg_dump/pg_restore, run locally. Every activity
 * resolves what it acts on from the catalog named by {@code REWIND_CATALOG}, never from the plan.
 */
public final class RewindWorker {
  private static final Logger log = LoggerFactory.getLogger(RewindWorker.class);
  static final Duration HEARTBEAT_SENT_EVERY = Duration.ofSeconds(2);

  private RewindWorker() {}

  /**
   * The last interceptor wraps the others: step durations inside the background heartbeats, and a
   * bench hold inside both, so a held step stays alive as a slow one would and is timed as one.
   */
  private static WorkerFactoryOptions factoryOptions(StepDurations durations, BenchHold hold) {
    WorkerInterceptor heartbeats = BackgroundHeartbeats.factoryOptions().getWorkerInterceptors()[0];
    WorkerInterceptor[] interceptors =
        hold == null
            ? new WorkerInterceptor[] {durations, heartbeats}
            : new WorkerInterceptor[] {hold, durations, heartbeats};
    return WorkerFactoryOptions.newBuilder().setWorkerInterceptors(interceptors).build();
  }

  public static void main(String[] args) throws InterruptedException {
    WorkerConfig config;
    try {
      config = WorkerConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      log.error("rewind-worker: bad configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Catalog catalog;
    try {
      catalog = CatalogReader.read(config.catalog());
    } catch (StartupProblem e) {
      log.error("rewind-worker: REWIND_CATALOG: {} {}", e.getMessage(), e.action());
      System.exit(2);
      return;
    }
    CatalogTargets targets = new CatalogTargets(catalog);
    Redaction redaction = Redaction.of(catalog, System.getenv());
    WorkerMetrics metrics = new WorkerMetrics();
    WorkflowClient client = WorkerClient.connectOrExit(System.getenv(), metrics.sdkScope());
    // Every activity with a heartbeat timeout is heartbeated while it runs (its own details kept),
    // at most every 2 s: a killed worker's step is retried within Steps.HEARTBEAT.
    WorkerFactory factory =
        WorkerFactory.newInstance(
            client,
            factoryOptions(metrics.stepDurations(), BenchHold.fromEnvironment(System.getenv())));
    WorkerOptions options =
        WorkerOptions.newBuilder().setMaxHeartbeatThrottleInterval(HEARTBEAT_SENT_EVERY).build();

    if (config.plays("control")) {
      Worker control = factory.newWorker(TaskQueues.CONTROL, options);
      // The rollback chain, the previous plan shape's workflow (its running executions replay on
      // it), the dry run's preflight and the drills' schedules' workflow (its steps run on the
      // api's ledger worker).
      control.registerWorkflowImplementationTypes(
          RollbackWorkflowImpl.class,
          dev.rewind.workflows.legacy.RollbackWorkflowImpl.class,
          PreflightWorkflowImpl.class,
          DrillWorkflowImpl.class);
      // Host-bound activities for hosts with transport ssh run here, over SSH.
      HostShells ssh = HostShells.control(redaction);
      control.registerActivitiesImplementations(
          new ContainerActivitiesImpl(targets, redaction),
          new NotifyActivitiesImpl(targets),
          new HealthActivitiesImpl(targets),
          new HostActivitiesImpl(targets, ssh),
          new GitActivitiesImpl(targets, ssh),
          new ConfigActivitiesImpl(targets, ssh),
          // Databases whose catalog host is an ssh host: pg_dump/pg_restore run here.
          DatabaseActivitiesImpl.control(targets, System.getenv()),
          new FlagActivitiesImpl(targets, System.getenv()));
    }
    if (config.plays("agent")) {
      // Host-bound activities for this host (transport agent) run here, as local commands.
      HostShells local = HostShells.agent(config.host(), redaction);
      factory
          .newWorker(TaskQueues.host(config.host()), options)
          .registerActivitiesImplementations(
              new HostActivitiesImpl(targets, local),
              new GitActivitiesImpl(targets, local),
              new ConfigActivitiesImpl(targets, local),
              DatabaseActivitiesImpl.agent(targets, config.host(), System.getenv()));
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // A factory that never started has nothing to stop, and stopping it would call
                  // Temporal, which may be the reason it never started.
                  if (factory.isStarted()) {
                    factory.shutdown();
                    factory.awaitTermination(20, TimeUnit.SECONDS);
                  }
                }));
    metrics.serve(System.getenv());
    // Temporal may be down: wait for it (and say so in the log) instead of exiting.
    PollWhenReachable.start(factory);
    log.info(
        "rewind-worker polling {} (namespace {}) as {} on host {}, catalog {}",
        config.temporalAddress(),
        config.namespace(),
        config.roles(),
        config.host(),
        config.catalog());
  }
}
