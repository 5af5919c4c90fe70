package dev.rewind.api.rollbacks;

import dev.rewind.api.temporal.TemporalUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;

/** What a failed call to Temporal means for an answer: its gRPC code, and the 503 it becomes. */
public final class TemporalCalls {
  private TemporalCalls() {}

  public static Optional<Status.Code> code(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return Optional.of(grpc.getStatus().getCode());
      }
    }
    return Optional.empty();
  }

  /** Transport and server failures become 503s; anything else is a bug and stays a 500. */
  public static RuntimeException unavailable(String what, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        Status status = grpc.getStatus();
        String why = status.getDescription() == null ? "" : ": " + status.getDescription();
        boolean down =
            status.getCode() == Status.Code.UNAVAILABLE
                || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
        return new TemporalUnavailableException(
            (down ? "Temporal is unavailable (" : "Temporal refused the call (")
                + status.getCode()
                + why
                + "): "
                + what,
            e);
      }
    }
    return e;
  }
}
