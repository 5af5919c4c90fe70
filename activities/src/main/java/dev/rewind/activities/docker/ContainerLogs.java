package dev.rewind.activities.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.rewind.activities.host.CommandResult;
import dev.rewind.activities.host.Redaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last lines a container wrote: why it died, for the failure an operator reads first. They
 * become part of a failure kept in workflow history, so they are bounded like a command's output
 * (lines, bytes per line) and redacted: the worker's secrets, {@code password=…}, bearer tokens,
 * and the values of the container's own variables whose names say they are secrets — a crashing app
 * that prints its configuration must not put its database password into history.
 */
final class ContainerLogs {
  private static final Logger log = LoggerFactory.getLogger(ContainerLogs.class);
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(pass|secret|token|key|credential|auth|dsn|private).*");

  private ContainerLogs() {}

  /** Best effort and bounded: a failure report must not wait on, or fail because of, logs. */
  static String tail(
      DockerEngine docker, String containerId, int lines, Redaction redaction, String[] env) {
    StringBuilder text = new StringBuilder();
    try {
      docker
          .client()
          .logContainerCmd(containerId)
          .withStdOut(true)
          .withStdErr(true)
          .withTail(lines)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  synchronized (text) {
                    text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                  }
                }
              })
          .awaitCompletion(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.debug("no logs of {}: {}", containerId, e.toString());
    }
    synchronized (text) {
      return CommandResult.bounded(redaction.and(secretValues(env)).apply(text.toString()));
    }
  }

  /** The values of {@code NAME=value} entries whose name says they hold a secret. */
  static List<String> secretValues(String[] env) {
    List<String> values = new ArrayList<>();
    for (String entry : env == null ? new String[0] : env) {
      int eq = entry.indexOf('=');
      if (eq > 0 && SECRET_NAME.matcher(entry.substring(0, eq)).matches()) {
        values.add(entry.substring(eq + 1));
      }
    }
    return values;
  }
}
