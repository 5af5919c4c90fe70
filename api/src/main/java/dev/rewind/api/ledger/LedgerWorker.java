package dev.rewind.api.ledger;

import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.codec.PollWhenReachable;
import dev.rewind.workflows.drill.DrillActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The api's Temporal worker: it polls {@code rewind-ledger} and runs the ledger activities and a
 * drill's steps ({@link DrillActivities}). It is started with the application and stopped, after
 * its running activities, when it shuts down. The SDK refuses to start a worker while Temporal is
 * unreachable, and the api must start anyway (readiness tells it is not ready yet), so the worker
 * starts in the background once Temporal answers ({@link PollWhenReachable}: retried with a growing
 * pause, each attempt in the log).
 */
@Component
@ConditionalOnProperty(name = "rewind.ledger.worker", havingValue = "true", matchIfMissing = true)
class LedgerWorker implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(LedgerWorker.class);

  private final WorkflowClient client;
  private final ServedLedgerActivities activities;
  private final DrillActivities drills;
  private volatile boolean running;
  private WorkerFactory factory;
  private Thread starter;

  LedgerWorker(WorkflowClient client, ServedLedgerActivities activities, DrillActivities drills) {
    this.client = client;
    this.activities = activities;
    this.drills = drills;
  }

  @Override
  public synchronized void start() {
    running = true;
    factory = WorkerFactory.newInstance(client);
    factory.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(activities, drills);
    WorkerFactory starting = factory;
    starter = new Thread(() -> startWhenTemporalAnswers(starting), "ledger-worker-start");
    starter.setDaemon(true);
    starter.start();
  }

  private void startWhenTemporalAnswers(WorkerFactory starting) {
    try {
      PollWhenReachable.start(starting);
      log.info("ledger worker polling {}", TaskQueues.LEDGER);
    } catch (InterruptedException stopped) {
      // the api stops before Temporal answered
    }
  }

  @Override
  public void stop() {
    running = false;
    if (starter != null) {
      starter.interrupt();
    }
    synchronized (this) {
      // A factory that never started has nothing to stop, and stopping it would call Temporal.
      if (factory != null && factory.isStarted()) {
        factory.shutdown();
        factory.awaitTermination(10, TimeUnit.SECONDS);
      }
      factory = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
