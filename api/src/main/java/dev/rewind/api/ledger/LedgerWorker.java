package dev.rewind.api.ledger;

import dev.rewind.workflows.LedgerActivities;
import dev.rewind.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The api's Temporal worker: it polls {@code rewind-ledger} and runs the ledger activities, started
 * with the application and stopped, after its running activities, when it shuts down. Its pollers
 * wait out an unreachable Temporal by themselves.
 */
@Component
@ConditionalOnProperty(name = "rewind.ledger.worker", havingValue = "true", matchIfMissing = true)
class LedgerWorker implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(LedgerWorker.class);

  private final WorkflowClient client;
  private final LedgerActivities activities;
  private WorkerFactory factory;

  LedgerWorker(WorkflowClient client, LedgerActivities activities) {
    this.client = client;
    this.activities = activities;
  }

  @Override
  public synchronized void start() {
    factory = WorkerFactory.newInstance(client);
    factory.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(activities);
    factory.start();
    log.info("ledger worker polling {}", TaskQueues.LEDGER);
  }

  @Override
  public synchronized void stop() {
    if (factory != null) {
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
      factory = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return factory != null;
  }
}
