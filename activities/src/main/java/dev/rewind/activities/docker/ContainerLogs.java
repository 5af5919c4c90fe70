package dev.rewind.activities.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last lines a container wrote: why it died, for the failure an operator reads first. */
final class ContainerLogs {
  private static final Logger log = LoggerFactory.getLogger(ContainerLogs.class);

  private ContainerLogs() {}

  /** Best effort and bounded: a failure report must not wait on, or fail because of, logs. */
  static String tail(DockerEngine docker, String containerId, int lines) {
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
      return text.toString().strip();
    }
  }
}
