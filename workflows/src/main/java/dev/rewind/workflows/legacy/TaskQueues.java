package dev.rewind.workflows.legacy;

/** Task queue names shared by the api, the workers and the workflows. */
public final class TaskQueues {
  /** Workflow tasks and activities that reach targets remotely (Docker API, SSH, HTTP). */
  public static final String CONTROL = "rewind-control";

  /** Ledger activities, served by the api only. */
  public static final String LEDGER = "rewind-ledger";

  private TaskQueues() {}

  /** The queue polled by the agent worker running on {@code host}. */
  public static String host(String host) {
    return "rewind-host-" + host;
  }
}
