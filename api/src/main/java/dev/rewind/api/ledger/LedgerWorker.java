package dev.rewind.api.ledger;

import dev.rewind.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The api's Temporal worker: it polls {@code rewind-ledger} and runs the ledger activities. It is
 * started with the application and stopped, after its running activities, when it shuts down. The
 * SDK refuses to start a worker while Temporal is unreachable, and the api must start anyway
 * (readiness tells it is not ready yet), so starting is retried in the background until it works.
 */
@Component
@ConditionalOnProperty(name = "rewind.ledger.worker", havingValue = "true", matchIfMissing = true)
class LedgerWorker implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(LedgerWorker.class);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final WorkflowClient client;
  private final ServedLedgerActivities activities;
  private volatile boolean running;
  private WorkerFactory factory;
  private Thread starter;

  LedgerWorker(WorkflowClient client, ServedLedgerActivities activities) {
    this.client = client;
    this.activities = activities;
  }

  @Override
  public synchronized void start() {
    running = true;
    starter = new Thread(this::startWhenTemporalAnswers, "ledger-worker-start");
    starter.setDaemon(true);
    starter.start();
  }

  private void startWhenTemporalAnswers() {
    boolean warned = false;
    while (running) {
      synchronized (this) {
        if (!running) {
          return;
        }
        WorkerFactory attempt = WorkerFactory.newInstance(client);
        attempt.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(activities);
        try {
          attempt.start();
          factory = attempt;
          log.info("ledger worker polling {}", TaskQueues.LEDGER);
          return;
        } catch (RuntimeException e) {
          attempt.shutdownNow();
          if (!warned) {
            log.warn("ledger worker not started, retrying every {}: {}", RETRY, e.getMessage());
            warned = true;
          }
        }
      }
      try {
        Thread.sleep(RETRY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void stop() {
    running = false;
    if (starter != null) {
      starter.interrupt();
    }
    synchronized (this) {
      if (factory != null) {
        factory.shutdown();
        factory.awaitTermination(10, TimeUnit.SECONDS);
        factory = null;
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
