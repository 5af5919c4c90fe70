package dev.rewind.activities.host;

import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import dev.rewind.activities.Failures;
import dev.rewind.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * How reaching a host fails. A host key that does not match known_hosts, or a login that is
 * refused, will fail the same way on every retry: non-retryable. A host that does not answer may
 * recover: retried by the step's policy. A command that ran out of time was killed with its process
 * group and is not run again: what it did half-way is the compensation's to undo.
 */
public final class HostFailures {
  /** Connection refused, no route, connect or read timeout: retried. */
  public static final String HOST_UNREACHABLE = "HostUnreachable";

  private HostFailures() {}

  static ApplicationFailure sshConnect(String where, JSchException e) {
    if (e instanceof JSchChangedHostKeyException
        || e instanceof JSchHostKeyException && !(e instanceof JSchUnknownHostKeyException)) {
      return Failures.permanent(
          FailureTypes.HOST_KEY_MISMATCH,
          where + ": host key does not match known_hosts, nothing was run (" + e.getMessage() + ")",
          null);
    }
    if (e instanceof JSchUnknownHostKeyException) {
      return Failures.permanent(
          FailureTypes.HOST_KEY_UNKNOWN,
          where + ": host is not in known_hosts, nothing was run (" + e.getMessage() + ")",
          null);
    }
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
      return Failures.permanent(
          FailureTypes.AUTH_FAILED, where + ": login refused (" + message + ")", null);
    }
    return ApplicationFailure.newFailure(
        where + ": unreachable: " + message + cause(e), HOST_UNREACHABLE);
  }

  static ApplicationFailure unreachable(String where, Exception e) {
    return ApplicationFailure.newFailure(
        where + ": unreachable: " + e.getMessage() + cause(e), HOST_UNREACHABLE);
  }

  static ApplicationFailure timedOut(String where, String command, Duration timeout) {
    return Failures.permanent(
        FailureTypes.COMMAND_TIMEOUT,
        where
            + ": "
            + command
            + " did not finish within "
            + timeout.toSeconds()
            + "s and was killed with its process group",
        null);
  }

  /** A command that exited non-zero where success was required. */
  public static ApplicationFailure commandFailed(String what, CommandResult result) {
    return Failures.permanent(FailureTypes.COMMAND_FAILED, what + ": " + result.summary(), null);
  }

  private static String cause(Throwable e) {
    return e.getCause() == null ? "" : " (" + e.getCause() + ")";
  }
}
